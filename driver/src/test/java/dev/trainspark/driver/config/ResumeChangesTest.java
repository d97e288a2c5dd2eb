package dev.trainspark.driver.config;

import dev.trainspark.pipeline.BadParameterException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --resume}: how long and how a run trains may change; what it trains on and what it trains may not. */
class ResumeChangesTest {
    private static final String RUN = "seed: 11\ntrain:\n  epochs: 2\n  early_stopping:\n    patience: 2\n";

    private static TrainsparkConfig run(String... overrides) {
        return ConfigLoader.load(RUN, "config.yaml", List.of(overrides));
    }

    @Test
    void moreEpochsOtherResourcesAndAPatienceAreAResume() {
        TrainsparkConfig saved = run();
        assertDoesNotThrow(() -> ResumeChanges.check(saved, saved));
        assertDoesNotThrow(() -> ResumeChanges.check(saved, run("train.epochs=6", "train.sync=allreduce", "train.prefetch=0",
                "spark.master=local[1]", "train.keep_checkpoints=3", "train.early_stopping.patience=5",
                "train.divergence.max_retries=5", "evaluate.tta=flips")));
    }

    @Test
    void theTrainingRowsAndTheNetworkStayAsTheRunHadThem() {
        TrainsparkConfig saved = run();
        for (String change : List.of("seed=12", "train.early_stopping.validation_fraction=0.2", "split.test_fraction=0.3",
                "model.architecture=vgg11", "train.workers=3", "train.batch_size=64", "rebalance.method=smote",
                "train.early_stopping=")) {
            BadParameterException e = assertThrows(BadParameterException.class,
                    () -> ResumeChanges.check(saved, run(change)), change);
            String key = change.substring(0, change.indexOf('='));
            assertTrue(e.getMessage().startsWith("--resume cannot change " + key), e.getMessage());
            assertTrue(e.getMessage().contains("accepted: the run's values, or a new run without --resume"), e.getMessage());
        }
        BadParameterException seed = assertThrows(BadParameterException.class, () -> ResumeChanges.check(saved, run("seed=12")));
        assertTrue(seed.getMessage().contains("seed (the run has 11, this resume 12)"), seed.getMessage());
        // Early stopping turned on for a run that trained without it: its validation rows would come out of the training rows.
        TrainsparkConfig without = ConfigLoader.load("seed: 11\n", "config.yaml", List.of());
        assertThrows(BadParameterException.class, () -> ResumeChanges.check(without, ConfigLoader.load("seed: 11\n", "config.yaml",
                List.of("train.early_stopping={}"))));
    }
}
