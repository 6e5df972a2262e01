package io.bnsync.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.WrongType;

/** How a key's value is read from the merged configuration and checked: errors name the key and the value. */
final class ConfigValues {
    /** The word that asks for a value the run works out itself ({@code workers}, {@code learning-rate}). */
    static final String AUTO = "auto";

    private ConfigValues() {
    }

    /** Reads and checks one key's value; the typed result goes into {@link TrainConfig}. */
    @FunctionalInterface
    interface Reader {
        Object read(Config c, String key);
    }

    /** Any text; whether it may be blank is the loader's rule (the data location may come from MNIST_DIR). */
    static String text(Config c, String key) {
        return c.getString(key);
    }

    static int positiveInt(Config c, String key) {
        int v = integer(c, key);
        if (v <= 0) {
            throw new ConfigException("invalid value " + v + " for " + key + ": must be a positive integer");
        }
        return v;
    }

    static int nonNegativeInt(Config c, String key) {
        int v = integer(c, key);
        if (v < 0) {
            throw new ConfigException("invalid value " + v + " for " + key + ": must be 0 or more");
        }
        return v;
    }

    /** A positive count, or "auto" ({@link TrainConfig#AUTO_WORKERS}). */
    static int positiveIntOrAuto(Config c, String key) {
        return isAuto(c, key) ? TrainConfig.AUTO_WORKERS : positiveInt(c, key);
    }

    static long longInt(Config c, String key) {
        try {
            return c.getLong(key);
        } catch (WrongType e) {
            throw new ConfigException("invalid value '" + c.getValue(key).unwrapped() + "' for " + key
                    + ": expected an integer");
        }
    }

    static double positiveDouble(Config c, String key) {
        double v;
        try {
            v = c.getDouble(key);
        } catch (WrongType e) {
            throw new ConfigException("invalid value '" + c.getValue(key).unwrapped() + "' for " + key
                    + ": expected a number");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException("invalid value " + v + " for " + key + ": must be a positive number");
        }
        return v;
    }

    /** A positive number, or NaN for "auto" (resolved by the loader once the other keys are known). */
    static double positiveDoubleOrAuto(Config c, String key) {
        return isAuto(c, key) ? Double.NaN : positiveDouble(c, key);
    }

    /** A factor in (0, 1]. */
    static double fraction(Config c, String key) {
        double v = positiveDouble(c, key);
        if (v > 1) {
            throw new ConfigException("invalid value " + v + " for " + key + ": must be in (0, 1]");
        }
        return v;
    }

    static <E extends Enum<E>> Reader oneOf(Class<E> type) {
        return (c, key) -> ConfigKeys.parseEnum(type, key, c.getString(key));
    }

    private static boolean isAuto(Config c, String key) {
        return AUTO.equalsIgnoreCase(c.getString(key).trim());
    }

    private static int integer(Config c, String key) {
        try {
            return c.getInt(key);
        } catch (WrongType e) {
            throw new ConfigException("invalid value '" + c.getValue(key).unwrapped() + "' for " + key
                    + ": expected an integer");
        }
    }
}
