package dev.trainspark.workers.fit;

import dev.trainspark.models.NetworkSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/** Features (n, c, h, w) and label weights (one-hot, or soft after a batch mix) of a list of samples. */
public record Minibatch(INDArray features, INDArray labels, int size) {

    public static Minibatch of(List<Sample> samples, int channels, int height, int width, int numClasses) {
        int n = samples.size();
        int per = channels * height * width;
        float[] flat = new float[n * per];
        float[] oneHot = new float[n * numClasses];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            System.arraycopy(s.pixels(), 0, flat, i * per, per);
            oneHot[i * numClasses + s.label()] = 1f;
        }
        return new Minibatch(Nd4j.create(flat, new long[]{n, channels, height, width}, 'c'),
                Nd4j.create(oneHot, new long[]{n, numClasses}, 'c'), n);
    }

    /** A minibatch from flat features (n, c, h, w) and label rows (n, classes), the arrays kept, not copied. */
    public static Minibatch of(float[] features, float[] labels, int n, int channels, int height, int width, int numClasses) {
        return new Minibatch(Nd4j.create(features, new long[]{n, channels, height, width}, 'c'),
                Nd4j.create(labels, new long[]{n, numClasses}, 'c'), n);
    }

    /** Consecutive minibatches of {@code batchSize} samples (the last may be smaller). */
    public static List<Minibatch> split(List<Sample> samples, int batchSize, NetworkSpec spec) {
        List<Minibatch> batches = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += batchSize) {
            batches.add(of(samples.subList(i, Math.min(samples.size(), i + batchSize)),
                    spec.channels(), spec.height(), spec.width(), spec.numClasses()));
        }
        return batches;
    }

    public static INDArray featuresOf(List<Sample> samples, int channels, int height, int width) {
        int per = channels * height * width;
        float[] flat = new float[samples.size() * per];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i).pixels(), 0, flat, i * per, per);
        }
        return Nd4j.create(flat, new long[]{samples.size(), channels, height, width}, 'c').castTo(DataType.FLOAT);
    }
}
