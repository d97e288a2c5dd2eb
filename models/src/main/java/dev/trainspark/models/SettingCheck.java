package dev.trainspark.models;

/** The config-error message the settings records share: {@code "<key> is <value>; accepted: <what>"}. */
final class SettingCheck {
    private SettingCheck() {
    }

    static void require(boolean accepted, String key, Object value, String what) {
        if (!accepted) {
            String shown = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
            throw new IllegalArgumentException(key + " is " + shown + "; accepted: " + what);
        }
    }

    /** A finite number >= 0 (NaN is refused). */
    static void nonNegative(String key, double value) {
        require(value >= 0 && !Double.isInfinite(value), key, value, "a finite number >= 0");
    }
}
