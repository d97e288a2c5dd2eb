package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PreviewGridTest {
    private static final ImageShape CELL = new ImageShape(28, 28, 1);

    @Test
    void oneRowPerOriginalWithItsAugmentedCopiesAndAMixRowWhenMixing() {
        List<float[]> originals = List.of(new float[CELL.size()], new float[CELL.size()], new float[CELL.size()]);
        List<String> ids = List.of("a", "b", "c");
        AugmentPipeline flips = new AugmentPipeline(AugmentOps.parse("augment.ops", List.of(Map.of("op", "hflip"))), null, null);
        PreviewGrid.Image plain = PreviewGrid.of(ids, originals, CELL, flips, 42, 5);
        assertEquals(new ImageShape(3 * 30 + 2, 6 * 30 + 2, 1), plain.shape());
        assertEquals(plain.shape().size(), plain.pixels().length);
        assertEquals(0f, plain.pixels()[2 * plain.shape().width() + 2], "first cell holds the (black) original");
        assertEquals(1f, plain.pixels()[0], "gaps are white");

        AugmentPipeline mixing = new AugmentPipeline(flips.ops(), null, new Mixup(0.4));
        assertEquals(new ImageShape(4 * 30 + 2, 4 * 30 + 2, 1), PreviewGrid.of(ids, originals, CELL, mixing, 42, 3).shape());
    }
}
