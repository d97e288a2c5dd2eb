package dev.trainspark.workers.fit;

import dev.trainspark.workers.select.SelectionSpec;

import java.io.Serializable;

/**
 * What the worker's minibatch loop does between taking rows of its shard and fitting them: which
 * of the candidate rows are fitted (hard example selection) and how the chosen rows are augmented
 * and mixed into the minibatch, and how many steps ahead of the fit that is prepared.
 *
 * @param prefetch steps assembled ahead of the fit on a background thread; 0 assembles each one
 *                 on the fitting thread when it is due
 */
public record MinibatchSteps(SelectionSpec selection, BatchAugmenter augmenter, int prefetch) implements Serializable {
    /** {@code train.prefetch}'s default. */
    public static final int DEFAULT_PREFETCH = 2;

    /** Every candidate fitted as it was decoded: the plain loop. */
    public static final MinibatchSteps PLAIN = new MinibatchSteps(SelectionSpec.NONE, BatchAugmenter.none());

    public MinibatchSteps {
        if (prefetch < 0) {
            throw new IllegalArgumentException("train.prefetch is " + prefetch + "; accepted: an integer >= 0");
        }
    }

    public MinibatchSteps(SelectionSpec selection, BatchAugmenter augmenter) {
        this(selection, augmenter, DEFAULT_PREFETCH);
    }

    /** Selection only: candidates fitted as decoded once chosen. */
    public static MinibatchSteps selecting(SelectionSpec selection) {
        return new MinibatchSteps(selection, BatchAugmenter.none());
    }

    /** Augmentation only: every row of the shard fitted. */
    public static MinibatchSteps augmenting(BatchAugmenter augmenter) {
        return new MinibatchSteps(SelectionSpec.NONE, augmenter);
    }

    /** The same steps, prepared {@code steps} ahead. */
    public MinibatchSteps withPrefetch(int steps) {
        return new MinibatchSteps(selection, augmenter, steps);
    }
}
