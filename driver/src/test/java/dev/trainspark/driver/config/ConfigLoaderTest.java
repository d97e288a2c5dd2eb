package dev.trainspark.driver.config;

import dev.trainspark.pipeline.BadParameterException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @Test
    void emptyConfigTakesEveryDefault() {
        TrainsparkConfig c = ConfigLoader.load("", "test", List.of());
        assertEquals(2, c.train().workers());
        assertEquals(32, c.train().batchSize());
        assertEquals("lenet", c.model().architecture());
        assertEquals("local[2]", c.spark().master());
        assertEquals(42L, c.seed());
    }

    @Test
    void overridesReplaceAndCreateKeysWithTypedValues() {
        TrainsparkConfig c = ConfigLoader.load("train:\n  epochs: 3\n", "test",
                List.of("train.epochs=7", "model.learning_rate=0.01", "spark.conf.spark.executor.memory=2g", "data.path=/x y"));
        assertEquals(7, c.train().epochs());
        assertEquals(0.01, c.model().learningRate());
        assertEquals("/x y", c.data().path());
        assertEquals(java.util.Map.of("spark.executor.memory", "2g"), c.spark().conf());
    }

    @Test
    void resolvedYamlReadsBackToTheSameConfig() {
        TrainsparkConfig c = ConfigLoader.load("split: {test_per_class: 5, long_tail_ratio: 10}\nseed: 3\n", "test", List.of());
        assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));
    }

    @Test
    void unknownKeyIsNamedWithTheAcceptedOnes() {
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("train:\n  batchsize: 3\n", "demo.yaml", List.of()));
        assertTrue(e.getMessage().contains("'train.batchsize'"), e.getMessage());
        assertTrue(e.getMessage().contains("batch_size") && e.getMessage().contains("averaging_frequency"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheKeyAndTheType() {
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("train:\n  epochs: many\n", "demo.yaml", List.of()));
        assertTrue(e.getMessage().contains("train.epochs") && e.getMessage().contains("an integer"), e.getMessage());
    }

    @Test
    void zeroOrNegativeSizesAreRefusedWithTheAcceptedRange() {
        for (String bad : List.of("train.batch_size=0", "train.workers=-1", "data.image.height=0", "train.averaging_frequency=0")) {
            BadParameterException e = assertThrows(BadParameterException.class, () -> ConfigLoader.load("", "test", List.of(bad)));
            String key = bad.substring(0, bad.indexOf('='));
            assertTrue(e.getMessage().contains(key) && e.getMessage().contains("accepted"), e.getMessage());
        }
        BadParameterException ratio = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("", "test", List.of("split.test_fraction=1.5")));
        assertTrue(ratio.getMessage().contains("split.test_fraction") && ratio.getMessage().contains("(0, 1)"), ratio.getMessage());
        BadParameterException channels = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("", "test", List.of("data.image.channels=2")));
        assertTrue(channels.getMessage().contains("1 (grayscale) or 3 (RGB)"), channels.getMessage());
    }

    @Test
    void nonIntegersAreRefusedForEveryIntegerKeyRatherThanTruncated() {
        for (String key : List.of("train.epochs", "train.workers", "train.batch_size", "train.averaging_frequency",
                "train.eval_batch_size", "data.image.height", "data.thumbnail_size", "data.max_pixels", "split.test_per_class",
                "cv.n_splits", "metrics.top_k", "metrics.ece_bins", "rebalance.k_neighbors", "seed")) {
            String[] path = key.split("\\.");
            StringBuilder yaml = new StringBuilder();
            for (int i = 0; i < path.length; i++) {
                yaml.append("  ".repeat(i)).append(path[i]).append(i == path.length - 1 ? ": 2.9\n" : ":\n");
            }
            BadParameterException fromFile = assertThrows(BadParameterException.class,
                    () -> ConfigLoader.load(yaml.toString(), "conf/demo.yaml", List.of()), key);
            assertTrue(fromFile.getMessage().startsWith("conf/demo.yaml: " + key + " is"), fromFile.getMessage());
            assertTrue(fromFile.getMessage().contains("accepted: an integer"), fromFile.getMessage());

            BadParameterException fromSet = assertThrows(BadParameterException.class,
                    () -> ConfigLoader.load("", "conf/demo.yaml", List.of(key + "=1.5")), key);
            assertTrue(fromSet.getMessage().startsWith("--set " + key + "=1.5: " + key + " is"), fromSet.getMessage());
            assertTrue(fromSet.getMessage().contains("accepted: an integer"), fromSet.getMessage());
        }
        assertEquals(3, ConfigLoader.load("train:\n  epochs: 3\n", "test", List.of()).train().epochs());
    }

    @Test
    void anErrorNamesTheOverrideThatGaveTheBadValueAndTheFileOtherwise() {
        String yaml = "train:\n  epochs: 3\n  batch_size: 0\n";
        BadParameterException fileValue = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load(yaml, "conf/demo.yaml", List.of("train.epochs=2")));
        assertTrue(fileValue.getMessage().startsWith("conf/demo.yaml: train.batch_size is 0; accepted: "), fileValue.getMessage());

        BadParameterException setValue = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("train:\n  epochs: 3\n", "conf/demo.yaml", List.of("seed=4", "train.epochs=0")));
        assertEquals("--set train.epochs=0: train.epochs is 0; accepted: an integer > 0", setValue.getMessage());

        BadParameterException unknown = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("train:\n  epochs: 3\n", "conf/demo.yaml", List.of("train.epoch=3")));
        assertTrue(unknown.getMessage().startsWith("--set train.epoch=3: unknown config key 'train.epoch'"), unknown.getMessage());

        BadParameterException wrongType = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("", "conf/demo.yaml", List.of("train.workers=two")));
        assertTrue(wrongType.getMessage().startsWith("--set train.workers=two: train.workers"), wrongType.getMessage());

        // The last override of a key is the value read, and the one named.
        BadParameterException last = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("", "conf/demo.yaml", List.of("data.image={height: 0}", "data.image.width=28")));
        assertTrue(last.getMessage().startsWith("--set data.image={height: 0}: data.image.height is 0"), last.getMessage());
    }

    @Test
    void maxPixelsDefaultsToFiftyMegapixelsAndMustBePositive() {
        assertEquals(50_000_000, ConfigLoader.load("", "test", List.of()).data().maxPixels());
        assertEquals(1000, ConfigLoader.load("data:\n  max_pixels: 1000\n", "test", List.of()).data().maxPixels());
        BadParameterException zero = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("", "test", List.of("data.max_pixels=0")));
        assertTrue(zero.getMessage().contains("data.max_pixels is 0; accepted: an integer > 0"), zero.getMessage());
    }

    @Test
    void malformedYamlAndOverrideAreUsageErrors() {
        assertThrows(BadParameterException.class, () -> ConfigLoader.load("train: [1, 2", "broken.yaml", List.of()));
        BadParameterException e = assertThrows(BadParameterException.class, () -> ConfigLoader.load("", "test", List.of("train.epochs")));
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    }
}
