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

class ModelWidthConfigTest {
    @TempDir
    Path tmp;

    private static TrainsparkConfig load(String... overrides) {
        return ConfigLoader.load("", "test", List.of(overrides));
    }

    @Test
    void theWidthDefaultsToThePublishedNetworkAndReachesTheNetworkSpec() {
        TrainsparkConfig defaults = load();
        assertEquals(1.0, defaults.model().width());
        assertEquals(1.0, defaults.networkSpec(3).widthMultiplier());
        TrainsparkConfig half = load("model.architecture=vgg11", "model.width=0.5");
        assertEquals(0.5, half.networkSpec(3).widthMultiplier());
        assertEquals(32, half.networkSpec(3).scaled(64));
        assertEquals(half, ConfigLoader.load(ConfigLoader.toYaml(half), "resolved", List.of()));
    }

    @Test
    void aWidthThatIsNotAPositiveNumberIsAConfigError() {
        for (String bad : new String[] {"0", "-1", "-0.5"}) {
            BadParameterException e = assertThrows(BadParameterException.class, () -> load("model.width=" + bad), bad);
            assertTrue(e.getMessage().contains("model.width is ") && e.getMessage().contains("accepted: a finite number > 0"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("--set model.width=" + bad), "blames the --set: " + e.getMessage());
        }
        BadParameterException e = assertThrows(BadParameterException.class, () -> load("model.width=wide"));
        assertTrue(e.getMessage().contains("model.width"), e.getMessage());
    }

    @Test
    void theCommandLineExitsWithTwoNamingTheKeyAndStartsNoRun() {
        Path out = tmp.resolve("never");
        for (String bad : new String[] {"0", "wide"}) {
            Console.Outcome o = Console.run("train", "--set", "model.width=" + bad, "--out", out.toString());
            assertEquals(2, o.code(), o.stderr());
            assertTrue(o.stderr().contains("model.width"), o.stderr());
            assertFalse(o.stderr().contains("\tat "), "one line, no stack trace: " + o.stderr());
        }
        assertFalse(Files.exists(out), "no run folder for a run that never started");
    }
}
