package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentOpsTest {
    private static final ImageShape GREY = new ImageShape(12, 10, 1);
    private static final ImageShape RGB = new ImageShape(9, 11, 3);

    private static float[] noise(ImageShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[shape.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        return pixels;
    }

    private static AugmentPipeline pipeline(List<Map<String, Object>> ops) {
        return new AugmentPipeline(AugmentOps.parse("augment.ops", ops), null, null);
    }

    @Test
    void flipsAreInvolutionsAndMoveTheRightPixels() {
        for (ImageShape shape : List.of(GREY, RGB)) {
            float[] image = noise(shape, 1);
            float[] h = HorizontalFlip.flip(image, shape);
            float[] v = VerticalFlip.flip(image, shape);
            assertArrayEquals(image, HorizontalFlip.flip(h, shape));
            assertArrayEquals(image, VerticalFlip.flip(v, shape));
            assertFalse(java.util.Arrays.equals(image, h));
            int w = shape.width();
            int hh = shape.height();
            int lastChannel = (shape.channels() - 1) * hh * w;
            assertEquals(image[lastChannel + 2 * w], h[lastChannel + 2 * w + w - 1]);
            assertEquals(image[lastChannel + 3], v[lastChannel + (hh - 1) * w + 3]);
        }
    }

    @Test
    void rotationByZeroIsTheIdentityAndByNinetyMovesACornerToTheNext() {
        float[] image = noise(RGB, 2);
        assertArrayEquals(image, Rotation.rotate(image, RGB, 0));
        ImageShape square = new ImageShape(9, 9, 1);
        float[] dot = new float[square.size()];
        dot[1 * 9 + 4] = 1; // top middle
        float[] turned = Rotation.rotate(dot, square, 90);
        float total = 0;
        for (float p : turned) {
            total += p;
        }
        assertEquals(1, total, 1e-5);
        assertEquals(1, turned[4 * 9 + 1] + turned[4 * 9 + 7], 1e-5, "a quarter turn takes top-middle to a side-middle");
    }

    @Test
    void theSameSeedGivesTheSamePixelsAndAnotherSeedOthers() {
        AugmentPipeline pipeline = pipeline(List.of(
                Map.of("op", "random_resized_crop", "scale_min", 0.5),
                Map.of("op", "affine", "degrees", 15, "shear", 10, "scale_min", 0.9, "scale_max", 1.1),
                Map.of("op", "hflip"), Map.of("op", "brightness"), Map.of("op", "contrast"),
                Map.of("op", "saturation"), Map.of("op", "hue"), Map.of("op", "gaussian_noise"),
                Map.of("op", "gaussian_blur"), Map.of("op", "pad_crop"), Map.of("op", "random_erasing", "p", 1.0)));
        float[] image = noise(RGB, 3);
        float[] copy = image.clone();
        float[] a = pipeline.apply(image, RGB, 77);
        assertArrayEquals(copy, image, "the input is not changed");
        assertArrayEquals(a, pipeline.apply(image, RGB, 77));
        assertFalse(java.util.Arrays.equals(a, pipeline.apply(image, RGB, 78)));
        for (float p : a) {
            assertTrue(p >= 0 && p <= 1, "pixels stay in [0, 1]: " + p);
        }
    }

    @Test
    void aZeroProbabilityOpNeverApplies() {
        float[] image = noise(GREY, 4);
        AugmentPipeline pipeline = pipeline(List.of(Map.of("op", "rotation", "degrees", 90, "p", 0.0)));
        for (long seed = 0; seed < 20; seed++) {
            assertArrayEquals(image, pipeline.apply(image, GREY, seed));
        }
    }

    @Test
    void randomErasingFillsARectangleOfTheDrawnShare() {
        float[] ones = new float[GREY.size()];
        java.util.Arrays.fill(ones, 1f);
        AugmentPipeline pipeline = pipeline(List.of(Map.of("op", "random_erasing", "p", 1.0, "scale_min", 0.1, "scale_max", 0.2)));
        int zeros = 0;
        for (float p : pipeline.apply(ones, GREY, 5)) {
            zeros += p == 0 ? 1 : 0;
        }
        assertTrue(zeros >= 0.05 * GREY.size() && zeros <= 0.3 * GREY.size(), "erased " + zeros);
    }

    @Test
    void policiesDrawFromThePoolAndReplay() {
        float[] image = noise(RGB, 6);
        RandAugment rand = RandAugment.of(2, 9, 3);
        assertEquals(AugmentOps.policyPool(3, 0.3).size(), rand.pool().size());
        assertTrue(AugmentOps.policyPool(1, 0.3).size() < rand.pool().size(), "grayscale pools leave out RGB-only ops");
        AugmentPipeline p = new AugmentPipeline(List.of(), rand, null);
        assertArrayEquals(p.apply(image, RGB, 1), p.apply(image, RGB, 1));
        AugmentPipeline t = new AugmentPipeline(List.of(), TrivialAugment.of(3), null);
        int changed = 0;
        for (long seed = 0; seed < 30; seed++) {
            changed += java.util.Arrays.equals(image, t.apply(image, RGB, seed)) ? 0 : 1;
        }
        assertTrue(changed > 15, "most TrivialAugment draws change the image: " + changed);
    }

    @Test
    void badParametersNameTheirKeyAndRange() {
        assertMessage("augment.ops[0].p is 1.5; accepted: a number in [0, 1]", List.of(Map.of("op", "hflip", "p", 1.5)));
        assertMessage("augment.ops[1].degrees is -5.0; accepted: a number in [0, 180]",
                List.of(Map.of("op", "hflip"), Map.of("op", "rotation", "degrees", -5)));
        assertMessage("augment.ops[0].scale_min is 0.0; accepted: a number in (0, 1]",
                List.of(Map.of("op", "random_resized_crop", "scale_min", 0)));
        assertMessage("augment.ops[0].scale_max is 1.5; accepted: a number in (0, 1]",
                List.of(Map.of("op", "random_resized_crop", "scale_max", 1.5)));
        assertMessage("augment.ops[0].op is 'twirl'; accepted: hflip, vflip, rotation", List.of(Map.of("op", "twirl")));
        assertMessage("augment.ops[0].angle is 3; accepted: for op rotation the parameters degrees, op, p",
                List.of(Map.of("op", "rotation", "angle", 3)));
    }

    private static void assertMessage(String expectedStart, List<Map<String, Object>> ops) {
        String message = assertThrows(IllegalArgumentException.class, () -> AugmentOps.parse("augment.ops", ops)).getMessage();
        assertTrue(message.startsWith(expectedStart), message);
    }
}
