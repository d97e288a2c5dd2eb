package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ingest.DatasetColumns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Schema of a rebalanced training set. Rebalancing works on rows, not pixels: every row is a
 * recipe that a worker turns into pixels when it decodes.
 * <ul>
 *   <li>{@code original}: the ingested row {@code parent_a} itself ({@code id == parent_a}).</li>
 *   <li>{@code duplicate}: another copy of {@code parent_a}, with its own id; when
 *       {@code noise_scale} is set, pixel {@code p} gets
 *       {@code noise_scale * std_label[p] * N(0,1)} drawn from {@code noise_seed} (smoothed bootstrap).</li>
 *   <li>{@code synthetic}: {@code a + lambda (b - a)} of the pixels of {@code parent_a} and
 *       {@code parent_b} (SMOTE, Borderline-SMOTE, ADASYN).</li>
 * </ul>
 */
public final class RebalanceColumns {
    public static final String ID = DatasetColumns.ID;
    public static final String LABEL = DatasetColumns.LABEL;
    public static final String KIND = "kind";
    public static final String PARENT_A = "parent_a";
    public static final String PARENT_B = "parent_b";
    public static final String LAMBDA = "lambda";
    public static final String NOISE_SEED = "noise_seed";
    public static final String NOISE_SCALE = "noise_scale";

    public static final String ORIGINAL = "original";
    public static final String DUPLICATE = "duplicate";
    public static final String SYNTHETIC = "synthetic";

    public static final StructType SCHEMA = new StructType()
            .add(ID, DataTypes.StringType, false)
            .add(LABEL, DataTypes.StringType, false)
            .add(KIND, DataTypes.StringType, false)
            .add(PARENT_A, DataTypes.StringType, false)
            .add(PARENT_B, DataTypes.StringType, true)
            .add(LAMBDA, DataTypes.DoubleType, true)
            .add(NOISE_SEED, DataTypes.LongType, true)
            .add(NOISE_SCALE, DataTypes.DoubleType, true);

    private RebalanceColumns() {
    }

    /** The rows of an ingested (or split) dataset as recipes of kind {@code original}, in {@link #SCHEMA}'s column order. */
    public static Dataset<Row> originals(Dataset<Row> ingested) {
        return ingested.select(
                col(DatasetColumns.ID).as(ID),
                col(DatasetColumns.LABEL).as(LABEL),
                lit(ORIGINAL).as(KIND),
                col(DatasetColumns.ID).as(PARENT_A),
                lit(null).cast(DataTypes.StringType).as(PARENT_B),
                lit(null).cast(DataTypes.DoubleType).as(LAMBDA),
                lit(null).cast(DataTypes.LongType).as(NOISE_SEED),
                lit(null).cast(DataTypes.DoubleType).as(NOISE_SCALE));
    }
}
