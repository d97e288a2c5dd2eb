package dev.trainspark.models;

/**
 * How the classic networks (AlexNet, VGG, Inception), published for 224 px inputs, adapt to the
 * configured input size, from 28 px up:
 * <ul>
 *   <li>a max-pool between stages is left out where the map it would leave is smaller than 2x2, so
 *       every layer still sees a spatial neighbourhood;</li>
 *   <li>a stem's down-sampling step (a strided first convolution, a stem max-pool) is taken only if the
 *       map it leaves is at least 28 px on its smaller side: the published stems bring 224 px down to
 *       28 (Inception's first block) or 55 (AlexNet's first pool), and at 28 px inputs there is nothing
 *       left to shrink;</li>
 *   <li>the dense layers of a classifier are the published 4096 units from 64 px inputs up and 512
 *       below, where 4096 would dwarf the few thousand features it reads.</li>
 * </ul>
 * Widths are then scaled by the spec's width multiplier, like every hidden width.
 */
final class SmallInputs {
    /** Smallest side a pooled map may have. */
    static final int MIN_POOLED_SIDE = 2;
    /** Smallest side a stem's down-sampling step may leave. */
    static final int MIN_STEM_SIDE = 28;
    /** Smallest input side that gets the published classifier width. */
    static final int FULL_CLASSIFIER_FROM = 64;
    /** Classifier width below {@link #FULL_CLASSIFIER_FROM}, before the width multiplier. */
    static final int SMALL_CLASSIFIER_WIDTH = 512;

    private SmallInputs() {
    }

    static boolean keepsPool(FeatureMap after) {
        return after.side() >= MIN_POOLED_SIDE;
    }

    static boolean keepsStemStep(FeatureMap after) {
        return after.side() >= MIN_STEM_SIDE;
    }

    /** Units of each dense layer of a classifier published with {@code published} units. */
    static int classifierWidth(NetworkSpec spec, int published) {
        boolean fullSize = Math.min(spec.height(), spec.width()) >= FULL_CLASSIFIER_FROM;
        return spec.scaled(fullSize ? published : SMALL_CLASSIFIER_WIDTH);
    }
}
