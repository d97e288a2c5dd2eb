package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.split.ClassRank;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Uniform draws with replacement of rows within each class, made without looking at how the rows
 * are partitioned: the j-th draw of class c is the row whose seeded rank ({@link ClassRank}) is
 * {@code 1 + hash(seed, c, j) mod n_c}. The draws are a small table of (label, j, rank) joined to
 * the ranked rows.
 */
final class ClassDraws {
    static final String DRAW = "_draw";
    static final String RANK = "_rank";

    private ClassDraws() {
    }

    /**
     * One row per draw: label, {@value #DRAW} (0-based index within the class) and
     * {@value #RANK} (the drawn row's 1-based seeded rank).
     *
     * @param draws       how many draws per class
     * @param classCounts rows per class (the range ranks are drawn from)
     */
    static Dataset<Row> draws(SparkSession spark, Map<String, Long> draws, Map<String, Long> classCounts, long seed) {
        StructType schema = new StructType()
                .add(DatasetColumns.LABEL, DataTypes.StringType, false)
                .add("_n", DataTypes.LongType, false);
        List<Row> perClass = new ArrayList<>();
        draws.forEach((label, n) -> {
            if (n > 0) {
                perClass.add(RowFactory.create(label, n));
            }
        });
        Column size = ClassRank.perClass(classCounts);
        return spark.createDataFrame(perClass, schema)
                .select(col(DatasetColumns.LABEL), explode(sequence(lit(0L), col("_n").minus(1))).as(DRAW))
                .withColumn(RANK, pmod(xxhash64(lit(seed), col(DatasetColumns.LABEL), col(DRAW)), size).plus(1));
    }

    /** The rows with their seeded rank within the class in column {@value #RANK}. */
    static Dataset<Row> ranked(Dataset<Row> rows, long seed) {
        return rows.withColumn(RANK, ClassRank.rank(seed));
    }
}
