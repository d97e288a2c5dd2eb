package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchMixTest {
    private static final ImageShape SHAPE = new ImageShape(16, 12, 1);

    /** Image 0 all zeros with class 0, image 1 all ones with class 1. */
    private static float[][] pair() {
        float[] features = new float[2 * SHAPE.size()];
        java.util.Arrays.fill(features, SHAPE.size(), features.length, 1f);
        return new float[][]{features, {1, 0, 0, 1}};
    }

    @Test
    void mixupLambdaFollowsBetaAlphaAlpha() {
        for (double alpha : new double[]{0.2, 1.0, 2.0}) {
            SplittableRandom random = new SplittableRandom(11);
            int draws = 20000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < draws; i++) {
                float[][] batch = pair();
                new Mixup(alpha).mix(batch[0], batch[1], 2, SHAPE, 2, random);
                double lambda = batch[1][0];
                assertEquals(1 - lambda, batch[0][0], 1e-6, "pixels mixed in the same proportion as labels");
                sum += lambda;
                sumSq += lambda * lambda;
            }
            double mean = sum / draws;
            double variance = sumSq / draws - mean * mean;
            double expectedVariance = 1 / (4 * (2 * alpha + 1));
            assertEquals(0.5, mean, 0.01, "mean at alpha " + alpha);
            assertEquals(expectedVariance, variance, 0.05 * expectedVariance + 0.002, "variance at alpha " + alpha);
        }
    }

    @Test
    void cutMixLabelWeightIsThePastedAreaShare() {
        SplittableRandom random = new SplittableRandom(3);
        int clipped = 0;
        for (int i = 0; i < 500; i++) {
            float[][] batch = pair();
            new CutMix(1.0).mix(batch[0], batch[1], 2, SHAPE, 2, random);
            double pasted = 0;
            for (int p = 0; p < SHAPE.size(); p++) {
                pasted += batch[0][p];
            }
            double share = pasted / SHAPE.size();
            assertEquals(share, batch[1][1], 1e-6, "image 0's weight on its partner's class");
            assertEquals(1 - share, batch[1][0], 1e-6);
            assertEquals(1.0, batch[1][2] + batch[1][3], 1e-6);
            clipped += share > 0 && share < 1 ? 1 : 0;
        }
        assertTrue(clipped > 400, "most boxes paste part of the image: " + clipped);
    }

    @Test
    void samplePairingAveragesPixelsAndKeepsLabels() {
        float[][] batch = pair();
        new SamplePairing().mix(batch[0], batch[1], 2, SHAPE, 2, new SplittableRandom(1));
        assertEquals(0.5f, batch[0][0]);
        assertEquals(0.5f, batch[0][SHAPE.size()]);
        assertEquals(1f, batch[1][0]);
        assertEquals(1f, batch[1][3]);
    }

    @Test
    void aSingleImageIsLeftAlone() {
        float[] features = {0.25f};
        float[] labels = {1f};
        new Mixup(1).mix(features, labels, 1, new ImageShape(1, 1, 1), 1, new SplittableRandom(1));
        assertEquals(0.25f, features[0]);
    }
}
