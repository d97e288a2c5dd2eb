package dev.trainspark.driver.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where each config value came from: the config file, or the {@code --set} that overrode its key
 * (or a key above it), so an error blames the text the user actually wrote.
 */
final class ValueSources {
    private final String file;
    /** Dotted key to the override that set it; the last override of a key wins, as it does in the tree. */
    private final Map<String, String> overrides = new LinkedHashMap<>();

    ValueSources(String file) {
        this.file = file;
    }

    void overridden(String key, String override) {
        // A later override replaces the subtree below its key, and with it the earlier overrides there.
        overrides.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "."));
        overrides.put(key, override);
    }

    String file() {
        return file;
    }

    /** The source of the value at {@code key}. */
    String ofKey(String key) {
        for (String k = key; ; k = k.substring(0, k.lastIndexOf('.'))) {
            if (overrides.containsKey(k)) {
                return "--set " + overrides.get(k);
            }
            if (k.indexOf('.') < 0) {
                return file;
            }
        }
    }

    /**
     * The source of the values a validation message is about: the overrides whose key (or a key
     * below it) the message names, else the file. Messages name their keys, "key is value; ...".
     */
    String ofMessage(String message) {
        if (message == null) {
            return file;
        }
        List<String> named = overrides.entrySet().stream()
                .filter(e -> Pattern.compile("(?<![\\w.])" + Pattern.quote(e.getKey()) + "(?!\\w)").matcher(message).find())
                .map(e -> "--set " + e.getValue())
                .toList();
        return named.isEmpty() ? file : named.stream().collect(Collectors.joining(", "));
    }
}
