package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Confusion-matrix counts for {@code k} classes: rows are actual classes, columns predicted ones.
 *
 * <p>Mutable on purpose: Spark's {@code treeAggregate} folds every prediction of a partition into
 * one state with {@link #add} and then combines partition states with {@link #merge}, and both may
 * reuse their left argument. Counting is exact (longs), so merging partial states in any order
 * gives the same state as counting all pairs at once.
 */
public final class ConfusionState implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int numClasses;
    /** Row-major {@code numClasses x numClasses}; one flat array keeps the serialized form small. */
    private final long[] counts;

    public ConfusionState(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException(
                    "numClasses is " + numClasses + "; a confusion state needs at least 1 class");
        }
        // The flat array is indexed with an int, so k*k has to fit in one.
        if (numClasses > 46_340) {
            throw new IllegalArgumentException(
                    "numClasses is " + numClasses + "; accepted 1.." + 46_340);
        }
        this.numClasses = numClasses;
        this.counts = new long[numClasses * numClasses];
    }

    /** Counts one example whose true class is {@code actual} and predicted class {@code predicted}. */
    public ConfusionState add(int actual, int predicted) {
        counts[index(actual, predicted)]++;
        return this;
    }

    /** Adds the other state's counts into this one and returns {@code this}. */
    public ConfusionState merge(ConfusionState other) {
        if (other.numClasses != numClasses) {
            throw new IllegalArgumentException(
                    "cannot merge a confusion state of " + other.numClasses
                            + " classes into one of " + numClasses
                            + " classes; both must count the same classes");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        return this;
    }

    public int numClasses() {
        return numClasses;
    }

    public long count(int actual, int predicted) {
        return counts[index(actual, predicted)];
    }

    /** Number of examples counted. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** A fresh copy of the counts, {@code [actual][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[numClasses][];
        for (int actual = 0; actual < numClasses; actual++) {
            copy[actual] = Arrays.copyOfRange(counts, actual * numClasses, (actual + 1) * numClasses);
        }
        return copy;
    }

    private int index(int actual, int predicted) {
        checkLabel("actual", actual);
        checkLabel("predicted", predicted);
        return actual * numClasses + predicted;
    }

    private void checkLabel(String role, int label) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException(
                    role + " class " + label + " is out of range; accepted 0.." + (numClasses - 1)
                            + " (" + numClasses + " classes)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionState other
                && other.numClasses == numClasses
                && Arrays.equals(other.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * numClasses + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ConfusionState" + Arrays.deepToString(counts());
    }
}
