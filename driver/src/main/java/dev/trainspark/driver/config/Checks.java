package dev.trainspark.driver.config;

/** Range checks shared by the config records; each message names the key and the accepted range. */
final class Checks {
    private Checks() {
    }

    static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " is " + value + "; accepted: an integer > 0");
        }
    }

    static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " is " + value + "; accepted: an integer >= " + min);
        }
    }
}
