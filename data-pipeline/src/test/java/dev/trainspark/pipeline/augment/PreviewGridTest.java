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

    @Test
    void smallCellsAreDrawnLargeEnoughToLookAtWithinALimit() {
        PreviewGrid.Image tiny = new PreviewGrid.Image(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, new ImageShape(2, 3, 1));
        PreviewGrid.Image big = tiny.scaled(2);
        assertEquals(new ImageShape(4, 6, 1), big.shape());
        assertEquals(0.1f, big.pixels()[0]);
        assertEquals(0.1f, big.pixels()[1 * 6 + 1], "each pixel becomes a 2 x 2 block");
        assertEquals(0.6f, big.pixels()[3 * 6 + 5]);
        assertEquals(4, new PreviewGrid.Image(new float[92 * 182], new ImageShape(92, 182, 1)).zoomFor(CELL), "28 px cells at 112 px");
        assertEquals(1, new PreviewGrid.Image(new float[0], new ImageShape(4000, 10, 1)).zoomFor(CELL), "never past 4096 pixels");
        assertEquals(1, tiny.zoomFor(new ImageShape(224, 224, 3)), "large images stay as they are");
    }
}
