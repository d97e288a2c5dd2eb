package dev.trainspark.models;

/**
 * Height and width of the feature map a definition has laid out so far, so that it can choose the
 * down-sampling steps the configured input size allows ({@link SmallInputs}).
 */
record FeatureMap(int height, int width) {

    static FeatureMap of(NetworkSpec spec) {
        return new FeatureMap(spec.height(), spec.width());
    }

    /** After a window in DL4J's Truncate mode, which drops what does not fill a last window. */
    FeatureMap truncated(int kernel, int stride, int padding) {
        return new FeatureMap(Math.floorDiv(height + 2 * padding - kernel, stride) + 1,
                Math.floorDiv(width + 2 * padding - kernel, stride) + 1);
    }

    /** After a step in DL4J's Same mode, which pads so that the output is the input over the stride, rounded up. */
    FeatureMap same(int stride) {
        return new FeatureMap(ceilDiv(height, stride), ceilDiv(width, stride));
    }

    /** The smaller side. */
    int side() {
        return Math.min(height, width);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
