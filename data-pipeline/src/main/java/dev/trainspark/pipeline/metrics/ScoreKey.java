package dev.trainspark.pipeline.metrics;

/**
 * One (score, label) pair of one class packed into an int whose ascending signed order is
 * descending score, so a plain {@code int[]} sort ranks a class's pairs as the curves walk them.
 *
 * <p>Scores are finite and non-negative ({@link Prediction} rejects the rest and turns -0.0 into
 * 0.0), so their float bits are below {@code 0x7f800000} and ordered like the scores. Those bits
 * shifted left by one, with the label in the freed bit, fit 32 bits unsigned; XOR with
 * {@code Integer.MAX_VALUE} reverses that unsigned order into signed order. Both labels of one score
 * differ only in bit 0, so {@code key | 1} is the score alone: the key of its threshold group.
 */
final class ScoreKey {
    private ScoreKey() {
    }

    static int of(float score, boolean positive) {
        return ((Float.floatToRawIntBits(score) << 1) | (positive ? 1 : 0)) ^ Integer.MAX_VALUE;
    }

    /** True for a positive (an example of the class); its bit 0 is the label flipped by the XOR. */
    static boolean positive(int key) {
        return (key & 1) == 0;
    }

    /** The key shared by both labels of one score. */
    static int group(int key) {
        return key | 1;
    }

    static float score(int key) {
        return Float.intBitsToFloat((key ^ Integer.MAX_VALUE) >>> 1);
    }

    /**
     * A score's place in the whole ordering, class by class (ascending class id, then descending
     * score), as a long whose ascending order is that ordering; the label plays no part.
     */
    static long rank(int classId, int key) {
        return ((long) classId << 32) + ((long) group(key) - Integer.MIN_VALUE);
    }
}
