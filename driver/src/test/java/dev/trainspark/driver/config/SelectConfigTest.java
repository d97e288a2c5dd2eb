package dev.trainspark.driver.config;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.driver.cli.Main;
import dev.trainspark.workers.select.SelectionSpec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectConfigTest {
    private static TrainsparkConfig load(String... overrides) {
        return ConfigLoader.load("", "test", List.of(overrides));
    }

    @Test
    void defaultsSelectNothingAndTrainWithCrossEntropy() {
        TrainsparkConfig c = load();
        assertEquals(SelectionSpec.Method.NONE, c.select().selectionSpec().method());
        assertEquals(List.of(0.4, 0.3, 0.2, 0.1), c.select().strataWeights());
        assertEquals("cross_entropy", c.networkSpec(3).loss().kind());
        assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));
    }

    @Test
    void selectAndLossKeysAreRead() {
        TrainsparkConfig c = load("select.method=s_ohem", "select.pool_factor=4", "select.strata_weights=[0.5, 0.5]",
                "model.loss=focal", "model.focal_gamma=1.5", "model.focal_alpha=[1, 2, 3]");
        SelectionSpec s = c.select().selectionSpec();
        assertEquals(SelectionSpec.Method.S_OHEM, s.method());
        assertEquals(4, s.poolFactor());
        assertEquals(2, c.select().strata());
        assertEquals(1.5, c.networkSpec(3).loss().gamma());
        assertEquals(List.of(1.0, 2.0, 3.0), c.networkSpec(3).loss().alpha());
        assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));
    }

    @Test
    void badSelectAndLossValuesAreConfigErrorsNamingTheirKey() {
        String[][] cases = {
                {"select.pool_factor=0", "select.pool_factor"},
                {"select.pool_factor=1.5", "select.pool_factor"},
                {"select.method=hardest", "select.method"},
                {"select.strata_weights=[0.5, 0.2]", "select.strata_weights"},
                {"select.strata=0", "select.strata"},
                {"select.beta=0", "select.beta"},
                {"select.global_threshold=true", "select.global_threshold"},
                {"model.loss=hinge", "model.loss"},
                {"model.focal_gamma=-1", "model.focal_gamma"},
        };
        for (String[] c : cases) {
            BadParameterException e = assertThrows(BadParameterException.class, () -> load(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("accepted"), e.getMessage());
            assertTrue(e.getMessage().contains("--set " + c[0]), "blames the --set: " + e.getMessage());
        }
        BadParameterException mismatch = assertThrows(BadParameterException.class,
                () -> load("select.strata=3", "select.strata_weights=[0.5, 0.5]"));
        assertTrue(mismatch.getMessage().contains("select.strata_weights"), mismatch.getMessage());
    }

    @Test
    void theCommandLineExitsWith2NamingTheKey() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("train", "--set", "select.method=ohem", "--set", "select.pool_factor=0");
        } finally {
            System.setErr(saved);
        }
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.contains("select.pool_factor"), message);
        assertTrue(message.lines().count() <= 2 && !message.contains("\tat "), "one line, no stack trace: " + message);
    }
}
