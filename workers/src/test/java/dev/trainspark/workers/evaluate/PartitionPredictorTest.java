package dev.trainspark.workers.evaluate;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.workers.fit.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionPredictorTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1);
    /** The same network with other initial weights: a second ensemble member. */
    private static final ModelState FIRST = ModelState.of(Networks.build(SPEC));
    private static final ModelState SECOND = ModelState.of(Networks.build(
            new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 2)));

    private static List<Sample> samples(int n) {
        Random random = new Random(5);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[SPEC.inputSize()];
            for (int p = 0; p < pixels.length; p++) {
                // Bright stripes whose spacing depends on the row, so the rows score differently.
                pixels[p] = (p % (i + 2) == 0 ? 0.9f : 0f) + 0.1f * random.nextFloat();
            }
            out.add(new Sample("id-" + i, i % 3, pixels, "/data/" + i + ".png"));
        }
        return out;
    }

    private static List<Prediction> predict(int batchSize, double[] offsets, List<Sample> rows, List<ModelState> members) {
        List<Prediction> out = new ArrayList<>();
        Iterator<Prediction> it = new PartitionPredictor(SPEC, batchSize, offsets).predict(rows.iterator(), members);
        it.forEachRemaining(out::add);
        return out;
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    @Test
    void everyRowGetsProbabilitiesThatSumToOneAndItsArgmax() {
        List<Sample> rows = samples(7);
        List<Prediction> predictions = predict(4, null, rows, List.of(FIRST));
        assertEquals(rows.size(), predictions.size());
        for (int i = 0; i < rows.size(); i++) {
            Prediction p = predictions.get(i);
            assertEquals(rows.get(i).id(), p.id());
            assertEquals(rows.get(i).path(), p.path());
            assertEquals(rows.get(i).label(), p.label());
            assertEquals(3, p.numClasses());
            float sum = 0;
            for (float v : p.probabilities()) {
                sum += v;
            }
            assertEquals(1f, sum, 1e-5f);
            assertEquals(argmax(p.probabilities()), p.predicted());
        }
    }

    @Test
    void anEnsembleGivesTheMeanOfItsMembersProbabilities() {
        List<Sample> rows = samples(5);
        List<Prediction> first = predict(8, null, rows, List.of(FIRST));
        List<Prediction> second = predict(8, null, rows, List.of(SECOND));
        List<Prediction> both = predict(8, null, rows, List.of(FIRST, SECOND));
        boolean membersDiffer = false;
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < 3; c++) {
                float a = first.get(i).probability(c);
                float b = second.get(i).probability(c);
                membersDiffer |= Math.abs(a - b) > 1e-4;
                assertEquals((a + b) / 2, both.get(i).probability(c), 1e-6, "row " + i + " class " + c);
            }
            assertEquals(argmax(both.get(i).probabilities()), both.get(i).predicted());
        }
        assertTrue(membersDiffer, "the two members must score differently for the mean to be a test");
    }

    @Test
    void decisionOffsetsPickTheArgmaxOfLogProbabilityPlusOffset() {
        List<Sample> rows = samples(9);
        List<Prediction> plain = predict(4, null, rows, List.of(FIRST));
        // Raise row 0's runner-up just past its top class, so at least that row changes its decision.
        float[] p0 = plain.get(0).probabilities();
        int top = argmax(p0);
        int runnerUp = top == 0 ? 1 : 0;
        for (int c = 0; c < 3; c++) {
            if (c != top && p0[c] > p0[runnerUp]) {
                runnerUp = c;
            }
        }
        double[] offsets = new double[3];
        offsets[runnerUp] = Math.log(p0[top]) - Math.log(p0[runnerUp]) + 1e-3;
        List<Prediction> moved = predict(4, offsets, rows, List.of(FIRST));
        assertEquals(runnerUp, moved.get(0).predicted());
        assertNotEquals(plain.get(0).predicted(), moved.get(0).predicted());
        for (int i = 0; i < rows.size(); i++) {
            float[] p = moved.get(i).probabilities();
            int expected = 0;
            for (int c = 1; c < 3; c++) {
                if (Math.log(p[c]) + offsets[c] > Math.log(p[expected]) + offsets[expected]) {
                    expected = c;
                }
            }
            assertEquals(expected, moved.get(i).predicted(), "row " + i);
            assertArrayEquals(plain.get(i).probabilities(), p, "offsets leave the probabilities alone");
        }
    }

    @Test
    void theBatchSizeDoesNotChangeThePredictions() {
        List<Sample> rows = samples(7);
        List<Prediction> whole = predict(64, null, rows, List.of(FIRST, SECOND));
        for (int batchSize : new int[]{1, 3, 7}) {
            List<Prediction> batched = predict(batchSize, null, rows, List.of(FIRST, SECOND));
            assertEquals(whole.size(), batched.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(whole.get(i).id(), batched.get(i).id());
                assertEquals(whole.get(i).predicted(), batched.get(i).predicted(), "batch size " + batchSize + " row " + i);
                for (int c = 0; c < 3; c++) {
                    assertEquals(whole.get(i).probability(c), batched.get(i).probability(c), 1e-5,
                            "batch size " + batchSize + " row " + i + " class " + c);
                }
            }
        }
    }

    @Test
    void aBatchSizeBelowOneIsRefusedNamingItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PartitionPredictor(SPEC, 0, null));
        assertTrue(e.getMessage().contains("train.eval_batch_size"), e.getMessage());
    }
}
