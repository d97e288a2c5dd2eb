package dev.trainspark.models.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ramp starts and ends at its rates exactly and multiplies by one factor every iteration. */
class ExponentialRampScheduleTest {
    @Test
    void risesByTheSameFactorEveryIterationFromStartToEnd() {
        ExponentialRampSchedule ramp = new ExponentialRampSchedule(1e-7, 10, 80);
        assertEquals(1e-7, ramp.valueAt(0, 0));
        assertEquals(10, ramp.valueAt(80, 0));
        // Eight decades over 80 iterations: a tenth of a decade per iteration.
        double factor = Math.pow(10, 0.1);
        for (int i = 1; i <= 80; i++) {
            assertEquals(factor, ramp.valueAt(i, 0) / ramp.valueAt(i - 1, 0), 1e-9, "iteration " + i);
        }
        assertEquals(1e-3, ramp.valueAt(40, 0), 1e-15);
    }

    @Test
    void refusesRatesThatAreNotPositiveAndAnEmptyRamp() {
        assertThrows(IllegalArgumentException.class, () -> new ExponentialRampSchedule(0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialRampSchedule(1e-3, Double.POSITIVE_INFINITY, 10));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialRampSchedule(1e-3, 1, 0));
    }
}
