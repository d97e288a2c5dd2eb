package dev.trainspark.driver.train;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.OptimizerSpec;
import dev.trainspark.models.ScheduleSpec;
import dev.trainspark.pipeline.BadParameterException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A schedule that ends with the run learns the run's length, in fitted minibatches, before training starts. */
class ScheduleRunLengthTest {
    private static NetworkSpec spec(ScheduleSpec schedule) {
        return new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, new OptimizerSpec("adam", 1e-3, 0, 0, 0.9, 0, schedule, null, 0, 0),
                1, null, null, 1.0);
    }

    @Test
    void cosineWithoutItsOwnLengthEndsWithTheLastEpoch() {
        // Shards of at most 100 rows in minibatches of 16: 7 minibatches an epoch, 21 in 3 epochs.
        ParameterAveraging open = new ParameterAveraging(null, spec(new ScheduleSpec("cosine", 5, 0, 0, 0, 0, 0, 0)), 16, 2, 42);
        assertEquals(21, open.forRun(100, 3).spec().optimizer().schedule().totalIterations());

        ParameterAveraging ownLength = new ParameterAveraging(null, spec(new ScheduleSpec("cosine", 5, 0, 0, 0, 50, 0, 0)), 16, 2, 42);
        assertSame(ownLength, ownLength.forRun(100, 3));
        ParameterAveraging step = new ParameterAveraging(null, spec(new ScheduleSpec("step", 0, 0, 10, 0.5, 0, 0, 0)), 16, 2, 42);
        assertSame(step, step.forRun(100, 3));
    }

    @Test
    void aWarmupLongerThanTheRunAndAnUnsizedRunAreConfigErrors() {
        ParameterAveraging longWarmup = new ParameterAveraging(null, spec(new ScheduleSpec("polynomial", 30, 0, 0, 0, 0, 0, 1)),
                16, 2, 42);
        BadParameterException e = assertThrows(BadParameterException.class, () -> longWarmup.forRun(100, 3));
        assertTrue(e.getMessage().startsWith("model.schedule.warmup_iterations is 30, but the run has 21 iterations"),
                e.getMessage());

        ParameterAveraging unsized = new ParameterAveraging(null, spec(new ScheduleSpec("cosine", 0, 0, 0, 0, 0, 0, 0)), 16, 2, 42);
        e = assertThrows(BadParameterException.class, () -> unsized.fitRound(null, null, null));
        assertTrue(e.getMessage().contains("model.schedule.total_iterations"), e.getMessage());
    }
}
