package dev.trainspark.pipeline.split;

import dev.trainspark.pipeline.ingest.DatasetColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * A row's 1-based rank within its class when the class is ordered by a seeded hash of the row id.
 * Taking "the first n of each class" by this rank is a seeded, exact, stratified draw that does not
 * depend on how the rows are partitioned.
 */
public final class ClassRank {
    private ClassRank() {
    }

    public static Column rank(long seed) {
        return row_number().over(Window.partitionBy(col(DatasetColumns.LABEL))
                .orderBy(xxhash64(lit(seed), col(DatasetColumns.ID)), col(DatasetColumns.ID)));
    }

    /** A literal map column from class name to count, looked up by each row's label. */
    public static Column perClass(Map<String, Long> counts) {
        List<Column> kv = new ArrayList<>();
        counts.forEach((label, n) -> {
            kv.add(lit(label));
            kv.add(lit(n));
        });
        return element_at(map(kv.toArray(Column[]::new)), col(DatasetColumns.LABEL));
    }

    /** Keeps the first {@code counts.get(label)} rows of each class by seeded rank. */
    public static Dataset<Row> firstPerClass(Dataset<Row> rows, Map<String, Long> counts, long seed) {
        return rows.withColumn("_rank", rank(seed))
                .filter(col("_rank").leq(perClass(counts)))
                .drop("_rank");
    }
}
