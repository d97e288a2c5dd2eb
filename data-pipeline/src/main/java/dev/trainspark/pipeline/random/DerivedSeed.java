package dev.trainspark.pipeline.random;

import java.util.SplittableRandom;

/**
 * Every random stream of a run, derived from the run's seed and the coordinates of what it
 * decides, so any one of them can be recomputed alone, on any worker, in any order:
 * <ul>
 *   <li>{@link #of}: repeat r, random split s and bootstrap b of a cross-validation;</li>
 *   <li>{@link #ofRound}: a shard's order and ND4J's generator in one epoch of parameter averaging;</li>
 *   <li>{@link #ofRow}: a row's own draws (the warp of a duplicated row), from its id alone;</li>
 *   <li>{@link #ofAugmentation}: a row's augmentation in one epoch, whatever partition or minibatch it lands in.</li>
 * </ul>
 */
public final class DerivedSeed {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private static final long AUGMENT_SALT = 0xA06E47L;

    private DerivedSeed() {
    }

    public static long of(long seed, long stream) {
        return mix(mix(seed) + (stream + 1) * GAMMA);
    }

    /** Row index (0-based position in the seeded order) of draw j of bootstrap b over n rows. */
    public static long bootstrapDraw(long seed, int b, long j, long n) {
        return new SplittableRandom(of(of(seed, b), j)).nextLong(n);
    }

    /** The stream {@code salt} of partition {@code partition} in epoch {@code epoch}. */
    public static long ofRound(long seed, int epoch, int partition, long salt) {
        long h = seed * GAMMA + salt;
        h = (h ^ epoch) * 0xBF58476D1CE4E5B9L;
        h = (h ^ partition) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** A row's own seed: the same on every worker, in every epoch and on resume. */
    public static long ofRow(String id) {
        long h = 1125899906842597L;
        for (int i = 0; i < id.length(); i++) {
            h = 31 * h + id.charAt(i);
        }
        return h * GAMMA;
    }

    /** Copy {@code copy} of row {@code id}'s augmentation draws in epoch {@code epoch}. */
    public static long ofAugmentation(long seed, int epoch, String id, int copy) {
        return of(of(of(seed ^ AUGMENT_SALT, epoch), ofRow(id)), copy);
    }

    // SplitMix64's finaliser: a bijection that spreads nearby inputs across all 64 bits.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
