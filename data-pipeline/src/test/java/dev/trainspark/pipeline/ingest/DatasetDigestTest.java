package dev.trainspark.pipeline.ingest;

import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class DatasetDigestTest {
    private static final StructType SCHEMA = new StructType()
            .add(DatasetColumns.ID, DataTypes.StringType, false)
            .add(DatasetColumns.PATH, DataTypes.StringType, false)
            .add(DatasetColumns.LABEL, DataTypes.StringType, false)
            .add(DatasetColumns.CONTENT, DataTypes.BinaryType, false);
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }


    private static List<Row> rows(int n) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] content = new byte[16 + i];
            for (int b = 0; b < content.length; b++) {
                content[b] = (byte) (i * 31 + b);
            }
            rows.add(RowFactory.create("id-" + i, "/data/" + i + ".png", i % 2 == 0 ? "cat" : "dog", content));
        }
        return rows;
    }

    private static Dataset<Row> frame(List<Row> rows, int partitions) {
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    @Test
    void theDigestIsTheRowCountAndTheSumOfTheRowHashes() {
        List<Row> rows = rows(5);
        long sum = 0;
        for (Row r : rows) {
            sum += DatasetDigest.rowHash(r.getString(0), r.getString(2), (byte[]) r.get(3));
        }
        String digest = DatasetDigest.of(frame(rows, 2));
        assertEquals("5:" + String.format("%016x", sum), digest);
        assertTrue(digest.matches("5:[0-9a-f]{16}"), digest);
    }

    @Test
    void theSameRowsGiveTheSameDigestHoweverTheyArePartitionedOrOrdered() {
        List<Row> rows = rows(9);
        List<Row> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        String one = DatasetDigest.of(frame(rows, 1));
        assertEquals(one, DatasetDigest.of(frame(rows, 4)));
        assertEquals(one, DatasetDigest.of(frame(reversed, 3)));
    }

    @Test
    void oneChangedByteChangesTheDigest() {
        List<Row> rows = rows(6);
        List<Row> changed = new ArrayList<>(rows);
        byte[] content = ((byte[]) rows.get(3).get(3)).clone();
        content[7] ^= 1;
        changed.set(3, RowFactory.create(rows.get(3).get(0), rows.get(3).get(1), rows.get(3).get(2), content));
        assertNotEquals(DatasetDigest.of(frame(rows, 2)), DatasetDigest.of(frame(changed, 2)));
    }

    @Test
    void idAndLabelAreHashedButThePathIsNot() {
        List<Row> rows = rows(4);
        String digest = DatasetDigest.of(frame(rows, 2));
        Row r = rows.get(1);
        List<Row> relabelled = new ArrayList<>(rows);
        relabelled.set(1, RowFactory.create(r.get(0), r.get(1), "bird", r.get(3)));
        assertNotEquals(digest, DatasetDigest.of(frame(relabelled, 2)));
        List<Row> renamed = new ArrayList<>(rows);
        renamed.set(1, RowFactory.create("id-x", r.get(1), r.get(2), r.get(3)));
        assertNotEquals(digest, DatasetDigest.of(frame(renamed, 2)));
        List<Row> moved = new ArrayList<>(rows);
        moved.set(1, RowFactory.create(r.get(0), "/elsewhere/1.png", r.get(2), r.get(3)));
        assertEquals(digest, DatasetDigest.of(frame(moved, 2)));
    }

    @Test
    void aRemovedRowChangesTheCountAndTheDigest() {
        List<Row> rows = rows(6);
        String digest = DatasetDigest.of(frame(rows.subList(0, 5), 2));
        assertTrue(digest.startsWith("5:"), digest);
        assertNotEquals(DatasetDigest.of(frame(rows, 2)).substring(2), digest.substring(2));
    }

    @Test
    void theSeparatorKeepsIdAndLabelApart() {
        byte[] content = {1, 2, 3};
        assertNotEquals(DatasetDigest.rowHash("ab", "c", content), DatasetDigest.rowHash("a", "bc", content));
    }
}
