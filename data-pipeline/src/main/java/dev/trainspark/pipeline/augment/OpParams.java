package dev.trainspark.pipeline.augment;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * The parameters of one entry of {@code augment.ops}, read by name with a default and checked,
 * every message naming the full key ({@code augment.ops[2].degrees}). What an op did not read is
 * an unknown parameter, refused with the list of those it knows.
 */
public final class OpParams {
    private final String key;
    private final Map<String, Object> values;
    private final Set<String> known = new HashSet<>(List.of("op", "p"));

    /**
     * @param key    the entry's key, e.g. {@code augment.ops[2]}
     * @param values the entry as written
     */
    public OpParams(String key, Map<String, Object> values) {
        this.key = key;
        this.values = values;
    }

    public String key(String name) {
        return key + "." + name;
    }

    /** A number, or {@code def} when not given. */
    public double number(String name, double def) {
        known.add(name);
        Object v = values.get(name);
        if (v == null) {
            return def;
        }
        CONFIG.require(v instanceof Number, key(name), v, "a number");
        double d = ((Number) v).doubleValue();
        CONFIG.require(Double.isFinite(d), key(name), v, "a finite number");
        return d;
    }

    /** A number in [lo, hi]. */
    public double between(String name, double def, double lo, double hi) {
        double d = number(name, def);
        CONFIG.require(d >= lo && d <= hi, key(name), d, "a number in [" + shown(lo) + ", " + shown(hi) + "]");
        return d;
    }

    /** A finite number >= 0. */
    public double nonNegative(String name, double def) {
        double d = number(name, def);
        CONFIG.require(d >= 0, key(name), d, "a finite number >= 0");
        return d;
    }

    /** A number in (0, 1]: a share of the image's area. */
    public double areaShare(String name, double def) {
        double d = number(name, def);
        CONFIG.require(d > 0 && d <= 1, key(name), d, "a number in (0, 1]");
        return d;
    }

    /** A number > 0. */
    public double positive(String name, double def) {
        double d = number(name, def);
        CONFIG.require(d > 0, key(name), d, "a finite number > 0");
        return d;
    }

    /** An integer >= 0. */
    public int count(String name, int def) {
        known.add(name);
        Object v = values.get(name);
        if (v == null) {
            return def;
        }
        CONFIG.require(v instanceof Integer || v instanceof Long, key(name), v, "an integer >= 0");
        long n = ((Number) v).longValue();
        CONFIG.require(n >= 0 && n <= Integer.MAX_VALUE, key(name), v, "an integer >= 0");
        return (int) n;
    }

    /** Refuses {@code hi < lo} for a pair of range bounds. */
    public void ordered(String loName, double lo, String hiName, double hi) {
        CONFIG.require(lo <= hi, key(hiName), hi, "a number >= " + key(loName) + " (" + shown(lo) + ")");
    }

    /** Refuses parameters the op did not read. */
    public void requireNoOthers(String opName) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw CONFIG.rejection(key(name), values.get(name), "for op " + opName + " the parameters "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String shown(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
