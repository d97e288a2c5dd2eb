package dev.trainspark.workers.fit;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.pipeline.image.ImageShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * One selection step's candidates made ready ahead of the fit: their decoded pixels as one flat
 * array for the forward pass that ranks them, and each one's augmented pixels, so whichever the
 * selector keeps is mixed without waiting. Which rows will be kept is unknown until the network has
 * seen them, so ahead of the fit every candidate is augmented; without prefetch only the kept ones
 * are, when they are kept.
 *
 * @param features  the candidates' decoded pixels, flat (n, c, h, w)
 * @param augmented each candidate's augmented pixels (the decoded array itself when nothing
 *                  augments), or null when they are made only for the kept rows
 */
record CandidatePool(List<Sample> rows, float[] features, List<float[]> augmented) {

    /** @param augmentAhead whether every candidate's augmented pixels are made now */
    static CandidatePool of(List<Sample> rows, BatchAugmenter augmenter, NetworkSpec spec, int epoch, boolean augmentAhead) {
        ImageShape shape = BatchAugmenter.shapeOf(spec);
        int per = shape.size();
        float[] flat = new float[rows.size() * per];
        List<float[]> augmented = augmentAhead ? new ArrayList<>(rows.size()) : null;
        for (int i = 0; i < rows.size(); i++) {
            Sample s = rows.get(i);
            System.arraycopy(s.pixels(), 0, flat, i * per, per);
            if (augmented != null) {
                augmented.add(augmenter.augment(s, shape, epoch));
            }
        }
        return new CandidatePool(rows, flat, augmented);
    }

    /** Candidate {@code i}'s augmented pixels: made ahead, or now. */
    float[] augmented(int i, BatchAugmenter augmenter, NetworkSpec spec, int epoch) {
        return augmented != null ? augmented.get(i) : augmenter.augment(rows.get(i), BatchAugmenter.shapeOf(spec), epoch);
    }

    /** The forward pass's input, as {@link Minibatch#featuresOf} makes it; call on the fitting thread. */
    INDArray featureArray(NetworkSpec spec) {
        return Nd4j.create(features, new long[]{rows.size(), spec.channels(), spec.height(), spec.width()}, 'c')
                .castTo(DataType.FLOAT);
    }
}
