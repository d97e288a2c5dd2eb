package dev.trainspark.pipeline.rebalance;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The exact search of one (query block, reference block) pair: for each query row, its k best
 * reference rows by (distance, id), the row itself (same id) excluded. The distances are exactly
 * {@link NearestNeighbours#distance}'s, whatever path found them.
 *
 * <p>The fast path screens with one float matrix product, {@code |q|^2 + |r|^2 - 2 q.r^T} (ND4J's
 * BLAS gemm), then ranks the survivors by the exact double distance. A float dot product of length
 * n, summed in any order, is within {@code gamma_n * sum|q_i r_i| <= gamma_n (|q|^2 + |r|^2) / 2}
 * of the true one ({@code gamma_n = n u / (1 - n u)}, u = 2^-24), so each screened squared distance
 * s has an error bound b; with the double sums' own rounding and a factor 2 to spare that is
 * {@link #relativeBound} times {@code |q|^2 + |r|^2}, plus {@link #absoluteBound} for products that
 * flush to zero. Each of the k rows with the smallest {@code s + b} has an exact squared distance
 * at most U, the k-th smallest {@code s + b}; so every row of the exact top k has {@code s - b <= U},
 * and only those rows are ranked exactly. Near-ties and duplicates therefore come out as the
 * pair-by-pair search orders them. Blocks the product cannot screen within that bound (non-finite,
 * subnormal or huge values, vectors of different lengths) and backends whose product is not float
 * precise ({@link FloatProduct}) take the pair-by-pair search.
 */
final class BlockPairKnn {
    private static final double FLOAT_UNIT_ROUNDOFF = 0x1p-24;
    private static final double DOUBLE_UNIT_ROUNDOFF = 0x1p-53;

    private BlockPairKnn() {
    }

    /** Each query row's k best reference rows of the block; indices point into {@code refs}. */
    static CandidateList[] search(VectorBlock queries, VectorBlock refs, int k) {
        return screens(queries, refs) ? screened(queries, refs, k) : pairwise(queries, refs, k);
    }

    /**
     * Both directions of a pair of blocks of one set searched against itself: {@code [0]} is
     * {@code search(a, b, k)}, {@code [1]} is {@code search(b, a, k)}, the lists exactly those, for
     * one float product instead of two (the screen's bound holds in any summation order, and the
     * exact distance is symmetric).
     */
    static CandidateList[][] searchBoth(VectorBlock a, VectorBlock b, int k) {
        if (!screens(a, b)) {
            return new CandidateList[][]{pairwise(a, b, k), pairwise(b, a, k)};
        }
        float[] dots = product(a, b);
        return new CandidateList[][]{screened(a, b, k, dots), screened(b, a, k, transposed(dots, a.rows(), b.rows()))};
    }

    private static float[] transposed(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[row + j];
            }
        }
        return t;
    }

    /** Whether {@link #search} screens this pair with the float product. */
    static boolean screens(VectorBlock queries, VectorBlock refs) {
        return queries.productSafe() && refs.productSafe() && queries.dims == refs.dims
                && relativeBound(queries.dims) < 0.25 && FloatProduct.isFloatPrecise();
    }

    /**
     * Relative error bound of a screened squared distance, as a multiple of {@code |q|^2 + |r|^2}:
     * the float dot product (doubled), the squared norms and the exact sum in double, the three
     * double operations that assemble s, all times 2.
     */
    static double relativeBound(int dims) {
        double nu = (dims + 1) * FLOAT_UNIT_ROUNDOFF;
        double gammaFloat = nu / (1 - nu);
        return 2 * (gammaFloat + 4 * (dims + 2) * DOUBLE_UNIT_ROUNDOFF);
    }

    /** Absolute error bound: every one of the {@code dims} float products flushed to zero, doubled, times 2. */
    static double absoluteBound(int dims) {
        return dims * 0x1p-124;
    }

    /** The search without the product: every pair's distance in double. */
    static CandidateList[] pairwise(VectorBlock queries, VectorBlock refs, int k) {
        int n = refs.rows();
        CandidateList[] out = new CandidateList[queries.rows()];
        for (int i = 0; i < out.length; i++) {
            String qid = queries.ids[i];
            float[] qv = queries.vectors[i];
            CandidateList best = new CandidateList(k);
            for (int j = 0; j < n; j++) {
                if (!refs.ids[j].equals(qid)) {
                    double d = NearestNeighbours.distanceBelow(qv, refs.vectors[j], best.abandonAbove());
                    if (d != Double.POSITIVE_INFINITY) {
                        best.offer(d, refs.ids[j], j);
                    }
                }
            }
            out[i] = best;
        }
        return out;
    }

    private static CandidateList[] screened(VectorBlock queries, VectorBlock refs, int k) {
        return screened(queries, refs, k, product(queries, refs));
    }

    /** The screened search given {@code dots}, the product {@code queries x refs^T} row-major. */
    private static CandidateList[] screened(VectorBlock queries, VectorBlock refs, int k, float[] dots) {
        SameIds same = new SameIds(refs.ids);
        int nq = queries.rows();
        int nr = refs.rows();
        double rel = relativeBound(queries.dims);
        double abs = absoluteBound(queries.dims);
        double[] refNorms = refs.squaredNorms;
        boolean[] excluded = new boolean[nr];
        KSmallest upper = new KSmallest(k);
        CandidateList[] out = new CandidateList[nq];
        for (int i = 0; i < nq; i++) {
            int[] self = same.indicesOf(queries.ids[i]);
            for (int j : self) {
                excluded[j] = true;
            }
            double qNorm = queries.squaredNorms[i];
            int row = i * nr;
            upper.clear();
            for (int j = 0; j < nr; j++) {
                if (!excluded[j]) {
                    double norms = qNorm + refNorms[j];
                    upper.offer(norms - 2.0 * dots[row + j] + (rel * norms + abs));
                }
            }
            // The margin covers the rounding of sqrt, which can make a squared distance slightly
            // above U tie the k-th distance.
            double limit = upper.full() ? upper.largest() * (1 + 1e-9) + Double.MIN_NORMAL : Double.POSITIVE_INFINITY;
            float[] qv = queries.vectors[i];
            CandidateList best = new CandidateList(k);
            for (int j = 0; j < nr; j++) {
                if (!excluded[j]) {
                    double norms = qNorm + refNorms[j];
                    if (norms - 2.0 * dots[row + j] - (rel * norms + abs) <= limit) {
                        double d = NearestNeighbours.distanceBelow(qv, refs.vectors[j], best.abandonAbove());
                        if (d != Double.POSITIVE_INFINITY) {
                            best.offer(d, refs.ids[j], j);
                        }
                    }
                }
            }
            for (int j : self) {
                excluded[j] = false;
            }
            out[i] = best;
        }
        return out;
    }

    /** {@code queries x refs^T} in float, row-major ({@code nq x nr}). */
    private static float[] product(VectorBlock queries, VectorBlock refs) {
        int d = queries.dims;
        try (INDArray q = Nd4j.create(queries.packed, new long[]{queries.rows(), d}, 'c');
             INDArray r = Nd4j.create(refs.packed, new long[]{refs.rows(), d}, 'c');
             INDArray c = Nd4j.gemm(q, r, false, true)) {
            if (c.ordering() == 'c') {
                return c.data().asFloat();
            }
            try (INDArray rowMajor = c.dup('c')) {
                return rowMajor.data().asFloat();
            }
        }
    }

    /** Indices of the reference rows per id, for excluding a query's own row. */
    static final class SameIds {
        private static final int[] NONE = new int[0];
        private final Map<String, int[]> byId;

        SameIds(String[] ids) {
            byId = new HashMap<>(ids.length * 2);
            for (int j = 0; j < ids.length; j++) {
                int[] previous = byId.get(ids[j]);
                if (previous == null) {
                    byId.put(ids[j], new int[]{j});
                } else {
                    int[] more = Arrays.copyOf(previous, previous.length + 1);
                    more[previous.length] = j;
                    byId.put(ids[j], more);
                }
            }
        }

        int[] indicesOf(String id) {
            return byId.getOrDefault(id, NONE);
        }
    }

    /** The k smallest values offered since the last clear: a bounded max-heap. */
    static final class KSmallest {
        private final double[] heap;
        private int size;

        KSmallest(int k) {
            heap = new double[k];
        }

        void clear() {
            size = 0;
        }

        boolean full() {
            return size == heap.length;
        }

        /** The largest of the k kept; valid when {@link #full}. */
        double largest() {
            return heap[0];
        }

        void offer(double v) {
            if (size < heap.length) {
                int i = size++;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (heap[parent] >= v) {
                        break;
                    }
                    heap[i] = heap[parent];
                    i = parent;
                }
                heap[i] = v;
            } else if (v < heap[0]) {
                int i = 0;
                int n = heap.length;
                while (true) {
                    int child = 2 * i + 1;
                    if (child >= n) {
                        break;
                    }
                    if (child + 1 < n && heap[child + 1] > heap[child]) {
                        child++;
                    }
                    if (heap[child] <= v) {
                        break;
                    }
                    heap[i] = heap[child];
                    i = child;
                }
                heap[i] = v;
            }
        }
    }
}
