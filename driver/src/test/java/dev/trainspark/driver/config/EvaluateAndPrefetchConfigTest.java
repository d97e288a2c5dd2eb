package dev.trainspark.driver.config;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.workers.evaluate.TestTimeAugmentation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateAndPrefetchConfigTest {
    private static TrainsparkConfig load(String... overrides) {
        return ConfigLoader.load("", "test", List.of(overrides));
    }

    @Test
    void defaultsScoreThePlainImageAndPrefetchTwoMinibatches() {
        TrainsparkConfig c = load();
        assertEquals(TestTimeAugmentation.NONE, c.evaluate().testTimeAugmentation());
        assertEquals(2, c.train().prefetch());
        assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));
    }

    @Test
    void ttaAndPrefetchAreRead() {
        TrainsparkConfig c = ConfigLoader.load("evaluate:\n  tta: flips\ntrain:\n  prefetch: 0\n", "test.yaml", List.of());
        assertEquals(TestTimeAugmentation.FLIPS, c.evaluate().testTimeAugmentation());
        assertEquals(0, c.train().prefetch());
        assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));
    }

    @Test
    void badValuesAreConfigErrorsNamingTheKeyAndWhatIsAccepted() {
        String[][] cases = {
                {"evaluate.tta=hflip", "evaluate.tta is 'hflip'; accepted: none, flips"},
                {"evaluate.tta=[flips]", "evaluate.tta"},
                {"train.prefetch=-1", "train.prefetch is -1; accepted: an integer >= 0"},
                {"train.prefetch=1.5", "train.prefetch"},
        };
        for (String[] c : cases) {
            BadParameterException e = assertThrows(BadParameterException.class, () -> load(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(e.getMessage().contains("--set " + c[0]), "blames the --set: " + e.getMessage());
        }
    }
}
