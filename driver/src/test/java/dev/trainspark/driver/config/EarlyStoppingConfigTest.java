package dev.trainspark.driver.config;

import dev.trainspark.driver.cli.Console;
import dev.trainspark.pipeline.BadParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train.early_stopping}: off when absent, defaults when present, bad values refused naming the key. */
class EarlyStoppingConfigTest {
    @TempDir
    Path tmp;

    private static TrainsparkConfig load(String... overrides) {
        return ConfigLoader.load("", "test", List.of(overrides));
    }

    @Test
    void absentIsOffAndAnEmptyMappingTurnsItOnWithTheDefaults() {
        assertNull(load().train().earlyStopping());
        assertEquals(new EarlyStoppingConfig("balanced_accuracy", 3, 0.0, 0.1),
                load("train.early_stopping={}").train().earlyStopping());
        // The resolved config reads back as itself, on and off.
        for (TrainsparkConfig c : List.of(load(), load("train.early_stopping.patience=4"))) {
            assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));
        }
        assertNull(load("train.early_stopping.patience=4", "train.early_stopping=").train().earlyStopping(),
                "set empty: off again");
    }

    @Test
    void keysAreRead() {
        EarlyStoppingConfig c = load("train.early_stopping.metric=loss", "train.early_stopping.patience=5",
                "train.early_stopping.min_delta=0.01", "train.early_stopping.validation_fraction=0.5").train().earlyStopping();
        assertEquals(new EarlyStoppingConfig("loss", 5, 0.01, 0.5), c);
        assertTrue(c.lowerIsBetter());
        assertFalse(load("train.early_stopping.metric=macro_f1").train().earlyStopping().lowerIsBetter());
    }

    @Test
    void badValuesNameTheirKey() {
        for (String[] bad : new String[][]{
                {"train.early_stopping.metric=auc", "train.early_stopping.metric is 'auc'",
                        "balanced_accuracy, accuracy, macro_f1, loss"},
                {"train.early_stopping.patience=0", "train.early_stopping.patience is 0", "an integer > 0"},
                {"train.early_stopping.patience=1.5", "train.early_stopping.patience", "an integer"},
                {"train.early_stopping.min_delta=-0.1", "train.early_stopping.min_delta is -0.1", ">= 0"},
                {"train.early_stopping.validation_fraction=0", "train.early_stopping.validation_fraction is 0.0", "(0, 0.5]"},
                {"train.early_stopping.validation_fraction=0.6", "train.early_stopping.validation_fraction is 0.6", "(0, 0.5]"},
                {"train.early_stopping.fraction=0.2", "unknown config key 'train.early_stopping.fraction'",
                        "validation_fraction"}}) {
            BadParameterException e = assertThrows(BadParameterException.class, () -> load(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains(bad[2]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void theCommandExitsWithTwoNamingTheKeyBeforeAnyRunFolderIsMade() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path out = tmp.resolve("never");
        for (String bad : List.of("train.early_stopping.metric=recall", "train.early_stopping.patience=0",
                "train.early_stopping.validation_fraction=0.75")) {
            for (String command : List.of("train", "cv")) {
                Console.Outcome o = Console.run(command, "--data", images.toString(), "--out", out.toString(), "--set", bad);
                assertEquals(2, o.code(), o.stderr());
                assertTrue(o.stderr().contains(bad.substring(0, bad.indexOf('=')) + " is "), o.stderr());
                assertEquals(1, o.stderr().lines().filter(l -> !l.isBlank()).count(), o.stderr());
            }
        }
        assertFalse(Files.exists(out));
    }
}
