package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
/**
 * How {@link NearestNeighbours} searches: exactly, block against block, while a reference set has at
 * most {@code exactMaxClassSize} rows; above it approximately with MLlib's bucketed random projection
 * LSH ({@code lshNumTables} hash tables of bucket width {@code lshBucketLength}, chosen from the data
 * when null), with an exact fallback for rows the LSH leaves short of neighbours.
 *
 * @param exactMaxClassSize {@code rebalance.knn_exact_max_class_size}, at least 1
 * @param lshNumTables      {@code rebalance.lsh_num_tables}, at least 1
 * @param lshBucketLength   {@code rebalance.lsh_bucket_length}, positive, or null for the automatic rule
 * @param blockRows         {@code rebalance.knn_block_rows}: rows per block of the exact search, at least 1
 *                          (fewer where a block pair of long vectors would not fit a task's memory)
 */
public record KnnSettings(int exactMaxClassSize, int lshNumTables, Double lshBucketLength, int blockRows) {
    public static final int DEFAULT_EXACT_MAX_CLASS_SIZE = 20_000;
    public static final int DEFAULT_LSH_NUM_TABLES = 3;
    public static final int DEFAULT_BLOCK_ROWS = 1024;

    public KnnSettings {
        ParameterChecks.CONFIG.positive("rebalance.knn_exact_max_class_size", exactMaxClassSize);
        ParameterChecks.CONFIG.positive("rebalance.lsh_num_tables", lshNumTables);
        ParameterChecks.CONFIG.require(lshBucketLength == null || lshBucketLength > 0 && Double.isFinite(lshBucketLength),
                "rebalance.lsh_bucket_length", lshBucketLength, "a finite number > 0, or unset to choose it from the data");
        ParameterChecks.CONFIG.positive("rebalance.knn_block_rows", blockRows);
    }
}
