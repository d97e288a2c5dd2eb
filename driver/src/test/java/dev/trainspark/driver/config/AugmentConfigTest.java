package dev.trainspark.driver.config;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.augment.AugmentPipeline;
import dev.trainspark.pipeline.augment.CutMix;
import dev.trainspark.pipeline.augment.RandAugment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentConfigTest {
    private static final String SECTION = """
            data: {image: {height: 32, width: 32, channels: 3}}
            augment:
              ops:
                - {op: random_resized_crop, scale_min: 0.5}
                - {op: hflip}
                - {op: saturation, p: 0.8, factor: 0.4}
                - {op: random_erasing, p: 0.25}
              policy: randaugment
              randaugment_n: 1
              randaugment_m: 12
              mix: cutmix
            """;

    @Test
    void noSectionMeansNoAugmentation() {
        AugmentPipeline pipeline = ConfigLoader.load("", "test", List.of()).augment().pipeline(1);
        assertFalse(pipeline.augmentsImages());
        assertNull(pipeline.mix());
    }

    @Test
    void aFullSectionReadsBuildsAndRoundTrips() {
        TrainsparkConfig c = ConfigLoader.load(SECTION, "test", List.of());
        AugmentPipeline pipeline = c.augment().pipeline(3);
        assertEquals(4, pipeline.ops().size());
        assertEquals(0.5, pipeline.ops().get(1).p(), "flips default to p 0.5");
        assertEquals(0.8, pipeline.ops().get(2).p());
        assertEquals(1, ((RandAugment) pipeline.policy()).n());
        assertEquals(new CutMix(1.0), pipeline.mix(), "cutmix's alpha defaults to 1");
        assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));
        assertEquals(0.2, ConfigLoader.load("augment: {mix: mixup}", "test", List.of()).augment().mixAlpha());
    }

    @Test
    void badValuesNameTheKeyTheRangeAndWhereTheyCameFrom() {
        assertRefused("--set augment.ops=[{op: hflip, p: 1.5}]: augment.ops[0].p is 1.5; accepted: a number in [0, 1]",
                "", "augment.ops=[{op: hflip, p: 1.5}]");
        assertRefused("--set augment.ops=[{op: rotation, degrees: -10}]: augment.ops[0].degrees is -10.0; accepted: a number in [0, 180]",
                "", "augment.ops=[{op: rotation, degrees: -10}]");
        assertRefused("test: augment.ops[0].scale_min is 0.0; accepted: a number in (0, 1]",
                "augment: {ops: [{op: random_resized_crop, scale_min: 0}]}");
        assertRefused("test: augment.ops[1].op is 'hue'; accepted: an op for grayscale images, as data.image.channels is 1",
                "augment: {ops: [{op: hflip}, {op: hue}]}");
        assertRefused("test: augment.randaugment_m is 31; accepted: an integer from 0 to 30", "augment: {policy: randaugment, randaugment_m: 31}");
        assertRefused("test: augment.mix_alpha is 0.0; accepted: a finite number > 0", "augment: {mix: mixup, mix_alpha: 0}");
        assertRefused("test: augment.mix is 'blend'; accepted: none, mixup, cutmix, sample_pairing", "augment: {mix: blend}");
        assertRefused("test: augment.policy is 'autoaugment'; accepted: none, randaugment or trivialaugment", "augment: {policy: autoaugment}");
        // The same op is fine on RGB data.
        assertEquals(2, ConfigLoader.load("augment: {ops: [{op: hflip}, {op: hue}]}", "test", List.of("data.image.channels=3"))
                .augment().pipeline(3).ops().size());
    }

    private static void assertRefused(String expectedStart, String yaml, String... overrides) {
        BadParameterException e = assertThrows(BadParameterException.class, () -> ConfigLoader.load(yaml, "test", List.of(overrides)));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
