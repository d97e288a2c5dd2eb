package dev.trainspark.pipeline.augment;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomAffineTest {
    private static final int H = 28;
    private static final int W = 28;

    /** A Gaussian blob of peak 1 at the image centre, well inside the borders. */
    private static float[] centredBlob() {
        float[] pixels = new float[H * W];
        double c = (W - 1) / 2.0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double d2 = (x - c) * (x - c) + (y - c) * (y - c);
                pixels[y * W + x] = (float) Math.exp(-d2 / (2 * 2.0 * 2.0));
            }
        }
        return pixels;
    }

    private static float[] noise(long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[H * W];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return pixels;
    }

    private static double mass(float[] pixels) {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        return sum;
    }

    @Test
    void theSameSeedGivesTheSameWarpAndAnotherSeedAnother() {
        float[] image = noise(1);
        RandomAffine warp = RandomAffine.mild();
        float[] a = warp.apply(image, 1, H, W, 42);
        assertArrayEquals(a, warp.apply(image.clone(), 1, H, W, 42));
        assertFalse(Arrays.equals(a, warp.apply(image, 1, H, W, 43)));
        assertFalse(Arrays.equals(a, image), "a mild warp moves the pixels");
    }

    @Test
    void zeroRotationNoShiftAndUnitScaleReturnTheInput() {
        float[] image = noise(2);
        assertArrayEquals(image, new RandomAffine(0, 0, 1, 1).apply(image, 1, H, W, 7));
    }

    @Test
    void theInputIsNotModified() {
        float[] image = noise(3);
        float[] copy = image.clone();
        RandomAffine.mild().apply(image, 1, H, W, 5);
        assertArrayEquals(copy, image);
    }

    @Test
    void outputKeepsTheLengthAndStaysInTheUnitInterval() {
        float[] image = noise(4);
        for (long seed = 0; seed < 20; seed++) {
            float[] out = RandomAffine.mild().apply(image, 1, H, W, seed);
            assertEquals(image.length, out.length);
            for (float v : out) {
                assertTrue(v >= 0f && v <= 1f, "seed " + seed + " gave " + v);
            }
        }
    }

    @Test
    void rotatingAndShiftingACentredBlobKeepsItsMass() {
        float[] blob = centredBlob();
        RandomAffine rigid = new RandomAffine(10, 0.08, 1, 1);
        for (long seed = 0; seed < 10; seed++) {
            assertEquals(mass(blob), mass(rigid.apply(blob, 1, H, W, seed)), 0.02 * mass(blob), "seed " + seed);
        }
    }

    @Test
    void scalingByTwoAboutTheCentreQuadruplesACentredBlobsMass() {
        float[] blob = centredBlob();
        float[] zoomed = new RandomAffine(0, 0, 2, 2).apply(blob, 1, H, W, 9);
        assertEquals(4 * mass(blob), mass(zoomed), 0.02 * 4 * mass(blob));
    }

    @Test
    void everyChannelGetsTheSameWarp() {
        float[] gray = noise(5);
        float[] rgb = new float[3 * gray.length];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < gray.length; i++) {
                rgb[c * gray.length + i] = gray[i] * (c + 1) / 3f;
            }
        }
        float[] warpedGray = RandomAffine.mild().apply(gray, 1, H, W, 11);
        float[] warpedRgb = RandomAffine.mild().apply(rgb, 3, H, W, 11);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < gray.length; i++) {
                assertEquals(warpedGray[i] * (c + 1) / 3f, warpedRgb[c * gray.length + i], 1e-5, "channel " + c + " pixel " + i);
            }
        }
    }

    @Test
    void aPixelCountThatDoesNotMatchTheShapeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomAffine.mild().apply(new float[H * W], 3, H, W, 1));
        assertTrue(e.getMessage().contains("3x28x28"), e.getMessage());
    }

    @Test
    void outOfRangeParametersAreRefusedNamingTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomAffine(181, 0, 1, 1))
                .getMessage().contains("augment.rotation"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0, 1, 1, 1))
                .getMessage().contains("augment.shift"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0, 0, 1.2, 1.1))
                .getMessage().contains("augment.scale"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomAffine(0, 0, 0, 1))
                .getMessage().contains("augment.scale"));
    }
}
