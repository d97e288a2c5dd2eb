package dev.trainspark.workers.fit;

/**
 * A minibatch before it becomes ND4J arrays: flat features (n, c, h, w) and label rows (n, classes)
 * in plain Java arrays, so it can be assembled on any thread and wrapped on the one that fits.
 */
public record MinibatchArrays(float[] features, float[] labels, int size) {

    /** The ND4J minibatch over these arrays; call on the thread that uses it. */
    public Minibatch wrap(int channels, int height, int width, int numClasses) {
        return Minibatch.of(features, labels, size, channels, height, width, numClasses);
    }
}
