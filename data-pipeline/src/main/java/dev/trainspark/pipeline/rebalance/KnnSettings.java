package dev.trainspark.pipeline.rebalance;

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
 */
public record KnnSettings(int exactMaxClassSize, int lshNumTables, Double lshBucketLength, int blockRows) {
    public static final int DEFAULT_EXACT_MAX_CLASS_SIZE = 20_000;
    public static final int DEFAULT_LSH_NUM_TABLES = 3;
    public static final int DEFAULT_BLOCK_ROWS = 1024;

    public KnnSettings {
        if (exactMaxClassSize < 1) {
            throw new IllegalArgumentException("rebalance.knn_exact_max_class_size = " + exactMaxClassSize
                    + ": expected an integer >= 1");
        }
        if (lshNumTables < 1) {
            throw new IllegalArgumentException("rebalance.lsh_num_tables = " + lshNumTables
                    + ": expected an integer >= 1");
        }
        if (lshBucketLength != null && !(lshBucketLength > 0 && Double.isFinite(lshBucketLength))) {
            throw new IllegalArgumentException("rebalance.lsh_bucket_length = " + lshBucketLength
                    + ": expected a finite number > 0, or null to choose it from the data");
        }
        if (blockRows < 1) {
            throw new IllegalArgumentException("rebalance.knn_block_rows = " + blockRows
                    + ": expected an integer >= 1");
        }
    }
}
