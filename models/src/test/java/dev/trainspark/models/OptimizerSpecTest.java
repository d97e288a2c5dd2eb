package dev.trainspark.models;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerSpecTest {
    private static OptimizerSpec with(String updater, double lr, double l2, double l1, double momentum, double weightDecay,
                                      ScheduleSpec schedule, String init, double dropout, double clip) {
        return new OptimizerSpec(updater, lr, l2, l1, momentum, weightDecay, schedule, init, dropout, clip);
    }

    @Test
    void theShortFormHasTheDefaults() {
        OptimizerSpec adam = new OptimizerSpec(null, 1e-3, 5e-4);
        assertEquals("adam", adam.updater());
        assertEquals(0.9, adam.momentum());
        assertEquals(0, adam.weightDecay());
        assertEquals(ScheduleSpec.constant(), adam.schedule());
        assertNull(adam.weightInit());
        assertEquals(0.01, new OptimizerSpec("AdamW", 1e-3, 0).weightDecay(), "adamw decays by PyTorch's default");
        assertEquals("adamw", new OptimizerSpec("AdamW", 1e-3, 0).updater());
    }

    @Test
    void badValuesNameTheirKeyAndWhatIsAccepted() {
        ScheduleSpec constant = ScheduleSpec.constant();
        Object[][] cases = {
                {(Runnable) () -> with("adamax", 1e-3, 0, 0, 0.9, 0, constant, null, 0, 0), "model.updater",
                        "sgd, momentum, nesterovs, adagrad, rmsprop, adam, adamw"},
                {(Runnable) () -> with("adam", -1e-3, 0, 0, 0.9, 0, constant, null, 0, 0), "model.learning_rate", "> 0"},
                {(Runnable) () -> with("adam", 1e-3, -1, 0, 0.9, 0, constant, null, 0, 0), "model.l2", ">= 0"},
                {(Runnable) () -> with("adam", 1e-3, 0, -1, 0.9, 0, constant, null, 0, 0), "model.l1", ">= 0"},
                {(Runnable) () -> with("momentum", 1e-3, 0, 0, 1.0, 0, constant, null, 0, 0), "model.momentum", "[0, 1)"},
                {(Runnable) () -> with("momentum", 1e-3, 0, 0, -0.1, 0, constant, null, 0, 0), "model.momentum", "[0, 1)"},
                {(Runnable) () -> with("adamw", 1e-3, 0, 0, 0.9, -0.01, constant, null, 0, 0), "model.weight_decay", ">= 0"},
                {(Runnable) () -> with("adamw", 1e-3, 5e-4, 0, 0.9, 0.01, constant, null, 0, 0), "model.l2", "model.weight_decay"},
                {(Runnable) () -> with("adam", 1e-3, 0, 0, 0.9, 0, constant, "he", 0, 0), "model.weight_init", "relu_uniform"},
                {(Runnable) () -> with("adam", 1e-3, 0, 0, 0.9, 0, constant, null, 1.0, 0), "model.dropout", "[0, 1)"},
                {(Runnable) () -> with("adam", 1e-3, 0, 0, 0.9, 0, constant, null, -0.5, 0), "model.dropout", "[0, 1)"},
                {(Runnable) () -> with("adam", 1e-3, 0, 0, 0.9, 0, constant, null, 0, -1), "model.gradient_clip", ">= 0"},
                {(Runnable) () -> with("adam", 1e-3, 0, 0, 0.9, 0, new ScheduleSpec("cosine", 0, 0, 0, 0, 100, 0.1, 0), null, 0, 0),
                        "model.schedule.min_lr", "model.learning_rate"},
                {(Runnable) () -> new ScheduleSpec("linear", 0, 0, 0, 0, 0, 0, 0), "model.schedule.type",
                        "constant, step, exponential, cosine, polynomial"},
                {(Runnable) () -> new ScheduleSpec("constant", -1, 0, 0, 0, 0, 0, 0), "model.schedule.warmup_iterations", ">= 0"},
                {(Runnable) () -> new ScheduleSpec("constant", 5, 1.5, 0, 0, 0, 0, 0), "model.schedule.warmup_start", "0 to 1"},
                {(Runnable) () -> new ScheduleSpec("step", 0, 0, 0, 0.5, 0, 0, 0), "model.schedule.step_size", "> 0"},
                {(Runnable) () -> new ScheduleSpec("step", 0, 0, 10, 1.5, 0, 0, 0), "model.schedule.gamma", "(0, 1]"},
                {(Runnable) () -> new ScheduleSpec("exponential", 0, 0, 0, 0, 0, 0, 0), "model.schedule.gamma", "(0, 1]"},
                {(Runnable) () -> new ScheduleSpec("cosine", 50, 0, 0, 0, 50, 0, 0), "model.schedule.total_iterations",
                        "warmup_iterations"},
                {(Runnable) () -> new ScheduleSpec("cosine", 0, 0, 0, 0, 0, -1e-5, 0), "model.schedule.min_lr", ">= 0"},
                {(Runnable) () -> new ScheduleSpec("polynomial", 0, 0, 0, 0, 0, 0, 0), "model.schedule.power", "> 0"},
                {(Runnable) () -> new ScheduleSpec("cosine", 200, 0, 0, 0, 0, 0, 0).withRunLength(150),
                        "model.schedule.warmup_iterations", "fewer warmup iterations than the run has"},
        };
        for (Object[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ((Runnable) c[0])::run, (String) c[1]);
            assertTrue(e.getMessage().startsWith((String) c[1] + " is ") && e.getMessage().contains("accepted:")
                    && e.getMessage().contains((String) c[2]), e.getMessage());
        }
    }

    @Test
    void scalingTheRateScalesTheWholeSchedule() {
        OptimizerSpec cosine = with("adam", 0.1, 0, 0, 0.9, 0, new ScheduleSpec("cosine", 10, 0.1, 0, 0, 110, 0.01, 0),
                null, 0, 0);
        OptimizerSpec half = cosine.withLearningRateScaled(0.5);
        assertEquals(0.05, half.learningRate());
        assertEquals(0.005, half.schedule().minLr());
        for (int i : new int[]{0, 5, 10, 60, 110}) {
            assertEquals(Updaters.of(cosine).getLearningRate(i, 0) / 2, Updaters.of(half).getLearningRate(i, 0), 1e-12);
        }
        OptimizerSpec same = cosine.withLearningRate(0.01);
        assertEquals(0.01, same.learningRate());
        assertTrue(same.schedule().minLr() <= same.learningRate());
        assertThrows(IllegalArgumentException.class, () -> cosine.withLearningRateScaled(0));
    }
}
