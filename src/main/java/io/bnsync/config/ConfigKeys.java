package io.bnsync.config;

import java.util.List;
import java.util.Locale;

/** The spelling rules shared by file and command line; the keys themselves are {@link TrainKey}'s. */
final class ConfigKeys {

    private ConfigKeys() {
    }

    /** Enum constant to config spelling: BY_LABEL → by-label. */
    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Config spelling to enum constant, with an error that lists the allowed values. */
    static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String raw) {
        String wanted = raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        List<String> allowed = java.util.Arrays.stream(type.getEnumConstants()).map(ConfigKeys::lower).toList();
        throw new ConfigException("invalid value '" + raw + "' for " + key + ": expected one of " + allowed);
    }

    /** The known key closest to a mistyped one, or null when none is close. */
    static String closest(String key) {
        String best = null;
        int bestDistance = 3;
        for (TrainKey train : TrainKey.values()) {
            String known = train.key();
            int d = distance(key, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
