package dev.trainspark.pipeline.rebalance;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One rebalancing method, configured and with its per-class targets already resolved. It reads
 * training rows of the ingested schema (its kNN / k-means features are the {@code thumb} column)
 * and returns the rebalanced training set in {@link RebalanceColumns#SCHEMA}. The result depends
 * only on the seed and the rows, never on how they are partitioned, and nothing is collected to
 * the driver beyond per-class aggregates.
 */
public interface Resampler {
    Dataset<Row> resample(Dataset<Row> train);
}
