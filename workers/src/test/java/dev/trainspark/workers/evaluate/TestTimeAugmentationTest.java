package dev.trainspark.workers.evaluate;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.StackDefinition;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.augment.HorizontalFlip;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.Sample;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestTimeAugmentationTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1);
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    private static final ModelState FIRST = ModelState.of(Networks.build(SPEC));
    private static final ModelState SECOND = ModelState.of(Networks.build(
            new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 2)));

    /** Rows bright on one side, so an image and its mirror score differently. */
    private static List<Sample> lopsided(int n) {
        Random random = new Random(3);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[SHAPE.size()];
            for (int p = 0; p < pixels.length; p++) {
                int x = p % 28;
                pixels[p] = (x < 6 + i ? 0.9f : 0f) * (p % (i + 3) == 0 ? 1f : 0.3f) + 0.1f * random.nextFloat();
            }
            out.add(new Sample("id-" + i, i % 3, pixels, "/data/" + i + ".png"));
        }
        return out;
    }

    private static List<Sample> mirrored(List<Sample> rows) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : rows) {
            out.add(new Sample(s.id(), s.label(), HorizontalFlip.flip(s.pixels(), SHAPE), s.path()));
        }
        return out;
    }

    private static List<Prediction> predict(TestTimeAugmentation tta, int batchSize, List<Sample> rows, List<ModelState> members) {
        List<Prediction> out = new ArrayList<>();
        new PartitionPredictor(SPEC, batchSize, null, tta).predict(rows.iterator(), members).forEachRemaining(out::add);
        return out;
    }

    @Test
    void noneIsThePlainForwardPassBitForBit() {
        List<Sample> rows = lopsided(6);
        // DL4J's own network, built from the definition, is the reference for what the predictor computes.
        MultiLayerNetwork net = new MultiLayerNetwork(((StackDefinition) SPEC.architecture().definition()).configure(SPEC));
        net.init();
        net.setParams(Nd4j.create(FIRST.params()));
        float[][] expected = net.output(Minibatch.featuresOf(rows, 1, 28, 28)).toFloatMatrix();
        List<Prediction> none = predict(TestTimeAugmentation.NONE, 64, rows, List.of(FIRST));
        List<Prediction> unnamed = new ArrayList<>();
        new PartitionPredictor(SPEC, 64, null).predict(rows.iterator(), List.of(FIRST)).forEachRemaining(unnamed::add);
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(expected[i], none.get(i).probabilities(), "row " + i);
            assertArrayEquals(expected[i], unnamed.get(i).probabilities(), "row " + i);
        }
    }

    @Test
    void flipsAverageTheImageAndItsMirror() {
        List<Sample> rows = lopsided(7);
        for (List<ModelState> members : List.of(List.of(FIRST), List.of(FIRST, SECOND))) {
            List<Prediction> plain = predict(TestTimeAugmentation.NONE, 4, rows, members);
            List<Prediction> mirror = predict(TestTimeAugmentation.NONE, 4, mirrored(rows), members);
            List<Prediction> flips = predict(TestTimeAugmentation.FLIPS, 4, rows, members);
            boolean mirrorDiffers = false;
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(rows.get(i).id(), flips.get(i).id());
                float sum = 0;
                int best = 0;
                for (int c = 0; c < 3; c++) {
                    float a = plain.get(i).probability(c);
                    float b = mirror.get(i).probability(c);
                    mirrorDiffers |= Math.abs(a - b) > 1e-4;
                    assertEquals((a + b) / 2, flips.get(i).probability(c), 1e-6, "row " + i + " class " + c);
                    sum += flips.get(i).probability(c);
                    best = flips.get(i).probability(c) > flips.get(i).probability(best) ? c : best;
                }
                assertEquals(1f, sum, 1e-5f);
                assertEquals(best, flips.get(i).predicted(), "row " + i);
            }
            assertTrue(mirrorDiffers, "the mirrored rows must score differently for the mean to be a test");
        }
    }

    @Test
    void viewZeroIsTheImageAndTheFlipViewItsMirror() {
        float[] pixels = lopsided(1).get(0).pixels();
        assertEquals(1, TestTimeAugmentation.NONE.viewCount());
        assertEquals(2, TestTimeAugmentation.FLIPS.viewCount());
        assertArrayEquals(pixels, TestTimeAugmentation.FLIPS.view(pixels, SHAPE, 0));
        float[] mirror = TestTimeAugmentation.FLIPS.view(pixels, SHAPE, 1);
        assertEquals(pixels[0], mirror[27]);
        assertEquals(pixels[28 + 3], mirror[28 + 24]);
        assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.NONE.view(pixels, SHAPE, 1));
    }

    @Test
    void anUnknownNameIsRefusedNamingTheKeyAndTheAcceptedValues() {
        assertEquals(TestTimeAugmentation.FLIPS, TestTimeAugmentation.fromConfigName("flips"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestTimeAugmentation.fromConfigName("hflip"));
        assertEquals("evaluate.tta is 'hflip'; accepted: none, flips", e.getMessage());
    }
}
