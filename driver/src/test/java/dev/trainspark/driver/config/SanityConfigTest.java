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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sanity-check keys: defaults, overrides, and bad values refused naming the key. */
class SanityConfigTest {
    @TempDir
    Path tmp;

    private static TrainsparkConfig load(String... overrides) {
        return ConfigLoader.load("", "test", List.of(overrides));
    }

    @Test
    void defaultsCheckTheInitialLossAndRollBackThreeTimesAtHalfTheRate() {
        TrainConfig train = load().train();
        assertTrue(train.sanity());
        assertEquals(2.0, train.sanityFactor());
        assertEquals(new DivergenceConfig(3.0, 0.5, 3), train.divergence());
        assertEquals(load(), ConfigLoader.load(ConfigLoader.toYaml(load()), "resolved", List.of()));
    }

    @Test
    void keysAreRead() {
        TrainConfig train = load("train.sanity=false", "train.sanity_factor=4", "train.divergence.factor=10",
                "train.divergence.lr_factor=0.1", "train.divergence.max_retries=0").train();
        assertFalse(train.sanity());
        assertEquals(4.0, train.sanityFactor());
        assertEquals(new DivergenceConfig(10.0, 0.1, 0), train.divergence());
    }

    @Test
    void badValuesNameTheirKey() {
        for (String[] bad : new String[][]{
                {"train.sanity_factor=1", "train.sanity_factor", "> 1"},
                {"train.sanity_factor=-2", "train.sanity_factor", "> 1"},
                {"train.divergence.factor=0.5", "train.divergence.factor", "> 1"},
                {"train.divergence.lr_factor=1", "train.divergence.lr_factor", "(0, 1)"},
                {"train.divergence.lr_factor=0", "train.divergence.lr_factor", "(0, 1)"},
                {"train.divergence.max_retries=-1", "train.divergence.max_retries", ">= 0"},
                {"train.divergence.max_retries=1.5", "train.divergence.max_retries", "an integer"},
                {"train.sanity=maybe", "train.sanity", "true or false"},
                {"train.divergence.retries=2", "train.divergence.retries", "max_retries"}}) {
            BadParameterException e = assertThrows(BadParameterException.class, () -> load(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains(bad[2]), bad[0] + ": " + e.getMessage());
        }
    }

    @Test
    void theCommandExitsWithTwoNamingTheKeyOrOptionBeforeAnyRunFolderIsMade() throws Exception {
        Path images = Files.createDirectories(tmp.resolve("images"));
        Path out = tmp.resolve("never");
        Console.Outcome lr = Console.run("train", "--data", images.toString(), "--out", out.toString(),
                "--set", "train.divergence.lr_factor=1.5");
        assertEquals(2, lr.code(), lr.stderr());
        assertTrue(lr.stderr().contains("train.divergence.lr_factor is 1.5"), lr.stderr());
        Console.Outcome overfit = Console.run("train", "--overfit", "0", "--data", images.toString(), "--out", out.toString());
        assertEquals(2, overfit.code(), overfit.stderr());
        assertTrue(overfit.stderr().contains("--overfit is 0; accepted: an integer >= 1"), overfit.stderr());
        Console.Outcome notANumber = Console.run("train", "--overfit", "few", "--data", images.toString(), "--out", out.toString());
        assertEquals(2, notANumber.code(), notANumber.stderr());
        assertFalse(Files.exists(out));
    }
}
