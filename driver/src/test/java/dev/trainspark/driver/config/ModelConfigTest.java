package dev.trainspark.driver.config;

import dev.trainspark.driver.cli.Console;
import dev.trainspark.models.OptimizerSpec;
import dev.trainspark.models.ScheduleSpec;
import dev.trainspark.pipeline.BadParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigTest {
    private static TrainsparkConfig load(String... overrides) {
        return ConfigLoader.load("", "test", List.of(overrides));
    }

    @Test
    void theDefaultsAreAdamAtAConstantRateWithTheArchitecturesOwnSettings() {
        OptimizerSpec o = load().networkSpec(3).optimizer();
        assertEquals(new OptimizerSpec("adam", 1e-3, 5e-4), o);
        assertEquals(ScheduleSpec.constant(), o.schedule());
        assertNull(o.weightInit());
        assertEquals(0, o.dropout());
        assertEquals(0, o.gradientClip());
    }

    @Test
    void adamwDecaysItsWeightsInsteadOfAnL2Penalty() {
        OptimizerSpec o = load("model.updater=adamw").networkSpec(3).optimizer();
        assertEquals(0.01, o.weightDecay());
        assertEquals(0, o.l2());
        assertEquals(0.05, load("model.updater=adamw", "model.weight_decay=0.05").networkSpec(3).optimizer().weightDecay());
    }

    @Test
    void everyOptimiserKeyIsReadAndTheResolvedConfigReadsBackTheSame() {
        TrainsparkConfig c = ConfigLoader.load("""
                model:
                  updater: momentum
                  learning_rate: 0.05
                  momentum: 0.8
                  l1: 0.00001
                  weight_init: relu
                  dropout: 0.5
                  gradient_clip: 1.0
                  schedule: {type: cosine, warmup_iterations: 100, warmup_start: 0.1, min_lr: 0.00001}
                """, "test.yaml", List.of("model.schedule.total_iterations=1000"));
        OptimizerSpec o = c.networkSpec(3).optimizer();
        assertEquals(new OptimizerSpec("momentum", 0.05, 5e-4, 1e-5, 0.8, 0, new ScheduleSpec("cosine", 100, 0.1, 0, 0, 1000, 1e-5, 1),
                "relu", 0.5, 1.0), o);
        assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));

        TrainsparkConfig step = load("model.schedule.type=step", "model.schedule.step_size=30");
        assertEquals(new ScheduleSpec("step", 0, 0, 30, 0.1, 0, 0, 1), step.networkSpec(3).optimizer().schedule());
        assertEquals(step, ConfigLoader.load(ConfigLoader.toYaml(step), "resolved", List.of()));
        assertEquals(step.model(), load("model.schedule={type: step, step_size: 30}").model(), "a whole mapping in one --set");
    }

    @Test
    void badOptimiserValuesAreConfigErrorsNamingTheirKeyAndTheAcceptedRange() {
        String[][] cases = {
                {"model.updater=adamax", "model.updater", "sgd, momentum, nesterovs, adagrad, rmsprop, adam, adamw"},
                {"model.learning_rate=-0.1", "model.learning_rate", "> 0"},
                {"model.momentum=1", "model.momentum", "[0, 1)"},
                {"model.l1=-1", "model.l1", ">= 0"},
                {"model.weight_decay=-0.1", "model.weight_decay", ">= 0"},
                {"model.weight_init=he", "model.weight_init", "xavier, xavier_uniform, relu"},
                {"model.dropout=1", "model.dropout", "[0, 1)"},
                {"model.gradient_clip=-2", "model.gradient_clip", ">= 0"},
                {"model.schedule.type=onecycle", "model.schedule.type", "constant, step, exponential, cosine, polynomial"},
                {"model.schedule.warmup_iterations=-5", "model.schedule.warmup_iterations", ">= 0"},
                {"model.schedule.warmup_iterations=2.5", "model.schedule.warmup_iterations", "an integer"},
                {"model.schedule.type=step", "model.schedule.step_size", "an integer > 0"},
                {"model.schedule.type=exponential", "model.schedule.gamma", "(0, 1]"},
                {"model.schedule.total_iterations=-1", "model.schedule.total_iterations", ">= 0"},
                {"model.schedule.min_lr=0.1", "model.schedule.min_lr", "model.learning_rate"},
        };
        for (String[] c : cases) {
            String[] overrides = c[1].equals("model.schedule.min_lr") ? new String[]{"model.schedule.type=cosine", c[0]} : new String[]{c[0]};
            BadParameterException e = assertThrows(BadParameterException.class, () -> load(overrides), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("accepted") && e.getMessage().contains(c[2]),
                    e.getMessage());
        }
        BadParameterException both = assertThrows(BadParameterException.class,
                () -> load("model.updater=adamw", "model.l2=0.0005"));
        assertTrue(both.getMessage().contains("model.l2") && both.getMessage().contains("model.weight_decay"), both.getMessage());
    }

    @Test
    void theCommandLineExitsWith2BeforeReadingAnyData(@TempDir Path tmp) {
        // The data path does not exist: reading it first would be exit 3 naming it.
        List<String> args = new ArrayList<>(List.of("train", "--data", tmp.resolve("absent").toString(), "--out",
                tmp.resolve("run").toString()));
        args.addAll(List.of("--set", "model.schedule.type=cosine", "--set", "model.schedule.warmup_iterations=-1"));
        Console.Outcome outcome = Console.run(args.toArray(String[]::new));
        assertEquals(2, outcome.code(), outcome.stderr());
        assertTrue(outcome.stderr().contains("model.schedule.warmup_iterations is -1; accepted: an integer >= 0"), outcome.stderr());
        assertEquals(1, outcome.stderr().lines().count(), "one line, no stack trace: " + outcome.stderr());
    }
}
