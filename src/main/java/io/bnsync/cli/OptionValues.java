package io.bnsync.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Config keys and the values the user gave on the command line; options left out stay out. */
final class OptionValues {
    private final Map<String, String> values = new LinkedHashMap<>();

    OptionValues put(String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    Map<String, String> map() {
        return values;
    }
}
