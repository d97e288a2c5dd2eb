package dev.trainspark.pipeline.rebalance;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Result of a {@link NearestNeighbours} search.
 *
 * @param rows             one row per query in {@link NearestNeighbours#SCHEMA}
 * @param lshFallbackRows  how many query rows the LSH search left with fewer than k candidates and
 *                         that were therefore searched exactly; 0 when every search was exact
 */
public record NeighbourLists(Dataset<Row> rows, long lshFallbackRows) {
    public NeighbourLists {
        if (rows == null) {
            throw new IllegalArgumentException("rows must not be null");
        }
        if (lshFallbackRows < 0) {
            throw new IllegalArgumentException("lshFallbackRows = " + lshFallbackRows + ": expected >= 0");
        }
    }
}
