package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ingest.DatasetColumns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small training sets in the ingested columns a resampler reads (id, label, thumb). */
final class TrainRows {
    static final StructType SCHEMA = new StructType()
            .add(DatasetColumns.ID, DataTypes.StringType, false)
            .add(DatasetColumns.LABEL, DataTypes.StringType, false)
            .add(DatasetColumns.THUMB, DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private TrainRows() {
    }

    /** {@code perClass.get(c)} rows of class c with ids {@code c-0, c-1, ...} and 2-value thumbs. */
    static Dataset<Row> rows(SparkSession spark, Map<String, Integer> perClass, int partitions) {
        List<Row> rows = new ArrayList<>();
        new TreeMap<>(perClass).forEach((label, n) -> {
            for (int i = 0; i < n; i++) {
                rows.add(RowFactory.create(label + "-" + i, label, new float[]{i, label.hashCode() % 7}));
            }
        });
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    static Map<String, Long> counts(Map<String, Integer> perClass) {
        Map<String, Long> counts = new TreeMap<>();
        perClass.forEach((k, v) -> counts.put(k, v.longValue()));
        return counts;
    }

    /** All rows as sorted strings: equal lists mean equal datasets whatever the row order. */
    static List<String> sorted(Dataset<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.collectAsList().forEach(r -> out.add(r.toString()));
        out.sort(null);
        return out;
    }
}
