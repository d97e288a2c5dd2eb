package dev.trainspark.pipeline.rebalance;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThresholdMovingTest {
    @Test
    void macroF1IsSklearns() {
        // class 0: tp 1, fp 0, fn 1 -> 2/3; class 1: tp 2, fp 1, fn 0 -> 4/5; class 2 absent and not predicted.
        assertEquals((2.0 / 3 + 4.0 / 5) / 2, ThresholdMoving.macroF1(new int[]{0, 0, 1, 1}, new int[]{0, 1, 1, 1}, 3), 1e-12);
    }

    @Test
    void predictionAddsOffsetsToLogProbabilities() {
        assertEquals(0, ThresholdMoving.predict(new float[]{0.6f, 0.4f}, new double[]{0, 0}));
        // 0.4 * e^ln2 = 0.8 > 0.6
        assertEquals(1, ThresholdMoving.predict(new float[]{0.6f, 0.4f}, new double[]{0, Math.log(2)}));
        assertEquals(0, ThresholdMoving.predict(new float[]{0.6f, 0.4f}, new double[]{0, Math.log(1.4)}));
    }

    /** Three classes; the model under-rates the rare class 2, whose rows mostly come out as class 0. */
    private static float[][] probabilities(int[] labels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] p = new float[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            double[] score = new double[3];
            for (int c = 0; c < 3; c++) {
                score[c] = random.nextDouble();
            }
            score[labels[i]] += 0.8;
            score[2] *= 0.35;
            double sum = score[0] + score[1] + score[2];
            p[i] = new float[]{(float) (score[0] / sum), (float) (score[1] / sum), (float) (score[2] / sum)};
        }
        return p;
    }

    private static int[] labels(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            y[i] = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
        }
        return y;
    }

    private static double macroF1(float[][] p, int[] y, double[] offsets) {
        int[] predicted = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            predicted[i] = ThresholdMoving.predict(p[i], offsets);
        }
        return ThresholdMoving.macroF1(y, predicted, 3);
    }

    @Test
    void offsetsRaiseMacroF1WhenAMinorityIsUnderPredicted() {
        int[] y = labels(2000, 1);
        float[][] p = probabilities(y, 2);
        double[] zero = new double[3];
        double[] offsets = new ThresholdMoving().fit(p, y);
        assertEquals(0.0, offsets[0]);
        assertTrue(offsets[2] > 0, "the under-predicted class is pushed up: " + offsets[2]);
        double before = macroF1(p, y, zero);
        double after = macroF1(p, y, offsets);
        assertTrue(after > before + 0.05, before + " -> " + after);

        // On a fresh draw of the same model the offsets still help.
        int[] y2 = labels(2000, 3);
        float[][] p2 = probabilities(y2, 4);
        assertTrue(macroF1(p2, y2, offsets) > macroF1(p2, y2, zero));
    }

    @Test
    void neverWorseThanNoOffsets() {
        // A coarse grid without 0 and a well-calibrated model: whatever the grid, the fit keeps the start if nothing helps.
        for (long seed = 10; seed < 15; seed++) {
            int[] y = labels(300, seed);
            float[][] p = new float[y.length][];
            for (int i = 0; i < y.length; i++) {
                p[i] = new float[]{0.1f, 0.1f, 0.1f};
                p[i][y[i]] = 0.8f;
            }
            double[] offsets = new ThresholdMoving(new double[]{-3, 3}, 3).fit(p, y);
            assertArrayEquals(new double[]{0, 0, 0}, offsets, "perfect predictions leave nothing to gain");
            float[][] noisy = probabilities(y, seed + 100);
            double[] fitted = new ThresholdMoving(new double[]{-0.5, 0.7, 2}, 2).fit(noisy, y);
            assertTrue(macroF1(noisy, y, fitted) >= macroF1(noisy, y, new double[3]));
        }
    }

    @Test
    void anOffsetIsTakenFromTheMiddleOfTheBestRangeNotItsEdge() {
        // Class-1 rows need an offset above log(0.7/0.3) = 0.847 to be predicted 1; class-0 rows turn
        // into false positives above log(0.99/0.01) = 4.595. Every grid value from 0.9 to 4.5 scores
        // the same perfect macro-F1, and the middle of that range, 2.7, is the choice.
        float[][] p = new float[20][];
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            y[i] = i < 5 ? 1 : 0;
            p[i] = i < 5 ? new float[]{0.7f, 0.3f} : new float[]{0.99f, 0.01f};
        }
        double[] offsets = new ThresholdMoving().fit(p, y);
        org.junit.jupiter.api.Assertions.assertEquals(2.7, offsets[1], 1e-9);
        for (int i = 0; i < 20; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(y[i], ThresholdMoving.predict(p[i], offsets));
        }
    }
}
