package dev.trainspark.pipeline.split;

import java.util.SplittableRandom;

/**
 * Independent seeds derived from one run seed: repeat r, random split s and bootstrap b each get
 * {@code of(seed, index)}, so any one of them can be recomputed alone.
 */
public final class DerivedSeed {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private DerivedSeed() {
    }

    public static long of(long seed, long stream) {
        return mix(mix(seed) + (stream + 1) * GAMMA);
    }

    /** Row index (0-based position in the seeded order) of draw j of bootstrap b over n rows. */
    public static long bootstrapDraw(long seed, int b, long j, long n) {
        return new SplittableRandom(of(of(seed, b), j)).nextLong(n);
    }

    // SplitMix64's finaliser: a bijection that spreads nearby inputs across all 64 bits.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
