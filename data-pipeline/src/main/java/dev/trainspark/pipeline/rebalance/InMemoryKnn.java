package dev.trainspark.pipeline.rebalance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The exact blockwise search of {@link BlockwiseKnn} in one process, without Spark: the same
 * blocks' sizes and the same per-pair search ({@link BlockPairKnn}), the rows in memory. Used to
 * measure what the distribution costs; the lists equal the distributed search's.
 */
public final class InMemoryKnn {
    private InMemoryKnn() {
    }

    /**
     * Each row's k nearest other rows (by id) as indices into {@code rows}, ordered by (distance, id).
     * Query blocks are searched on {@code threads} threads; ND4J's own threads are the caller's to set.
     */
    public static int[][] neighbours(float[][] rows, String[] ids, int k, int blockRows, int threads) {
        if (rows.length != ids.length || k < 1 || blockRows < 1 || threads < 1) {
            throw new IllegalArgumentException(rows.length + " rows, " + ids.length + " ids, k = " + k + ", blockRows = "
                    + blockRows + ", threads = " + threads + ": expected as many ids as rows and k, blockRows, threads >= 1");
        }
        int dims = rows.length == 0 ? 1 : Math.max(1, rows[0].length);
        int perBlock = BlockwiseKnn.blockRowsFor(blockRows, dims);
        List<VectorBlock> blocks = new ArrayList<>();
        for (int start = 0; start < rows.length; start += perBlock) {
            int end = Math.min(rows.length, start + perBlock);
            blocks.add(new VectorBlock(Arrays.copyOfRange(ids, start, end), Arrays.copyOfRange(rows, start, end)));
        }
        int[][] result = new int[rows.length][];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int b = 0; b < blocks.size(); b++) {
                int queryBlock = b;
                int offset = b * perBlock;
                pending.add(pool.submit(() -> searchBlock(blocks, queryBlock, offset, perBlock, k, result)));
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return result;
    }

    private static void searchBlock(List<VectorBlock> blocks, int queryBlock, int offset, int perBlock, int k, int[][] result) {
        VectorBlock queries = blocks.get(queryBlock);
        CandidateList[] merged = new CandidateList[queries.rows()];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = new CandidateList(k);
        }
        for (int b = 0; b < blocks.size(); b++) {
            CandidateList[] lists = BlockPairKnn.search(queries, blocks.get(b), k);
            for (int i = 0; i < lists.length; i++) {
                for (int n = 0; n < lists[i].size(); n++) {
                    merged[i].offer(lists[i].distance(n), lists[i].id(n), b * perBlock + lists[i].index(n));
                }
            }
        }
        for (int i = 0; i < merged.length; i++) {
            int[] list = new int[merged[i].size()];
            for (int n = 0; n < list.length; n++) {
                list[n] = merged[i].index(n);
            }
            result[offset + i] = list;
        }
    }
}
