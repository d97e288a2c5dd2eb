package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.trainspark.workers.fit.RoundTimes;
import org.junit.jupiter.api.Test;

class RoundEventTest {

    @Test
    void jsonMapUsesTheEventsFileKeysInOrder() {
        Map<String, Object> json = new RoundEvent(2, 7, 0.25, 1500.5, 3000, 2.0).toJsonMap();

        assertEquals(List.of("epoch", "round", "loss", "examples_per_s", "examples", "seconds"),
                List.copyOf(json.keySet()));
        assertEquals(2, json.get("epoch"));
        assertEquals(7, json.get("round"));
        assertEquals(0.25, json.get("loss"));
        assertEquals(1500.5, json.get("examples_per_s"));
        assertEquals(3000L, json.get("examples"));
        assertEquals(2.0, json.get("seconds"));
    }

    @Test
    void aTimedRoundSaysWhereItsSecondsWent() {
        RoundTimes times = new RoundTimes(0.01, 0.02, 0.003, 0.1, 0.002, 0.03, 0.004, 0.17);
        Map<String, Object> json = new RoundEvent(1, 1, 0.5, 100, 17, 0.17, null, times).toJsonMap();

        assertEquals("seconds_split", List.copyOf(json.keySet()).get(6));
        assertEquals(Map.of("broadcast", 0.01, "launch", 0.02, "read_state", 0.003, "fit", 0.1, "write_state", 0.002,
                "aggregation", 0.03, "update", 0.004), json.get("seconds_split"));
    }

    @Test
    void divergedLossIsNullInJson() {
        assertNull(new RoundEvent(0, 0, Double.NaN, 1.0, 1, 1.0).toJsonMap().get("loss"));
    }

    @Test
    void rejectsNegativeCountsAndTimes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RoundEvent(0, -1, 1.0, 1.0, 1, 1.0));
        assertTrue(e.getMessage().contains("round is -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RoundEvent(0, 0, 1.0, 1.0, -5, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RoundEvent(0, 0, 1.0, Double.NaN, 1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RoundEvent(0, 0, 1.0, 1.0, 1, -0.5));
    }
}
