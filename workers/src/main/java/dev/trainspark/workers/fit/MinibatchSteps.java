package dev.trainspark.workers.fit;

import dev.trainspark.workers.select.SelectionSpec;

import java.io.Serializable;

/**
 * What the worker's minibatch loop does between taking rows of its shard and fitting them: which
 * of the candidate rows are fitted (hard example selection) and how the chosen rows are augmented
 * and mixed into the minibatch.
 */
public record MinibatchSteps(SelectionSpec selection, BatchAugmenter augmenter) implements Serializable {
    /** Every candidate fitted as it was decoded: the plain loop. */
    public static final MinibatchSteps PLAIN = new MinibatchSteps(SelectionSpec.NONE, BatchAugmenter.none());

    /** Selection only: candidates fitted as decoded once chosen. */
    public static MinibatchSteps selecting(SelectionSpec selection) {
        return new MinibatchSteps(selection, BatchAugmenter.none());
    }

    /** Augmentation only: every row of the shard fitted. */
    public static MinibatchSteps augmenting(BatchAugmenter augmenter) {
        return new MinibatchSteps(SelectionSpec.NONE, augmenter);
    }
}
