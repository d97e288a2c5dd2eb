package dev.trainspark.pipeline.rebalance;

/**
 * One block of the exact search: row ids and vectors, plus what the matrix-product search needs —
 * the vectors packed row-major in one array and their squared norms (in double).
 */
final class VectorBlock {
    /**
     * Largest squared norm the float product may see: every partial sum of a dot product stays
     * below it, far from float overflow.
     */
    private static final double MAX_SQUARED_NORM = 1e36;

    final String[] ids;
    final float[][] vectors;
    final int dims;
    /** Row-major {@code rows x dims}; null when the block cannot go through the product (see {@link #productSafe}). */
    final float[] packed;
    final double[] squaredNorms;

    VectorBlock(String[] ids, float[][] vectors) {
        if (ids.length != vectors.length) {
            throw new IllegalArgumentException(ids.length + " ids for " + vectors.length + " vectors");
        }
        this.ids = ids;
        this.vectors = vectors;
        int n = vectors.length;
        int d = n == 0 ? 0 : vectors[0].length;
        double[] norms = new double[n];
        boolean safe = true;
        for (int i = 0; i < n && safe; i++) {
            float[] v = vectors[i];
            if (v.length != d) {
                safe = false;
                break;
            }
            double s = 0;
            for (float x : v) {
                s += (double) x * x;
                // A BLAS may treat subnormal inputs as zero, outside the product's error bound.
                safe &= x == 0 || Math.abs(x) >= Float.MIN_NORMAL;
            }
            // NaN and infinities fail this test too.
            safe &= s <= MAX_SQUARED_NORM;
            norms[i] = s;
        }
        this.dims = d;
        this.squaredNorms = norms;
        if (safe && n > 0 && d > 0 && (long) n * d <= Integer.MAX_VALUE) {
            float[] p = new float[n * d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(vectors[i], 0, p, i * d, d);
            }
            this.packed = p;
        } else {
            this.packed = null;
        }
    }

    int rows() {
        return ids.length;
    }

    /**
     * Whether distances to this block may be screened by a float matrix product: all vectors of one
     * length, finite, without subnormal values, and small enough that no float partial sum overflows. Other blocks are searched
     * pair by pair in double.
     */
    boolean productSafe() {
        return packed != null;
    }
}
