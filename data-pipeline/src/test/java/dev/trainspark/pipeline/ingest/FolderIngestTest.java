package dev.trainspark.pipeline.ingest;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.Resampling;
import dev.trainspark.pipeline.testing.DemoImages;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A folder's files as ingest reads them itself: the files Spark's file sources would read, no others. */
@WithLocalSpark
class FolderIngestTest {
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    @Test
    void hiddenFilesAndFoldersAreLeftOutAndNestedImagesBelongToTheirClassFolder(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("images"), 4, "0", "1");
        byte[] digit = DemoImages.bytes(DemoImages.digits("1", 1).get(0));
        Files.createDirectories(root.resolve("1/sub"));
        Files.write(root.resolve("1/sub/nested one.png"), digit);
        for (String hidden : List.of(".thumbs/a.png", "_tmp/b.png", "0/.hidden/c.png", "0/.DS_Store", "0/_d.png",
                "0/e.png._COPYING_")) {
            Files.createDirectories(root.resolve(hidden).getParent());
            Files.write(root.resolve(hidden), digit);
        }

        ImageIngest.Result result = new ImageIngest(spark).run(root.toUri().toString(), new ImageShape(28, 28, 1), 4,
                new Path(tmp.resolve("out").toUri()));

        assertEquals(9, result.report().filesSeen());
        assertEquals(List.of(), result.report().skippedFiles());
        assertEquals(Map.of("0", 4L, "1", 5L), result.report().perClass());
        Row nested = new ImageIngest(spark).rows(result.datasetDir())
                .filter(org.apache.spark.sql.functions.col(DatasetColumns.PATH).endsWith("nested one.png")).first();
        assertEquals("1", nested.getString(nested.fieldIndex(DatasetColumns.LABEL)));
        assertEquals(RowDecoding.stableId("1/sub/nested one.png"), nested.getString(nested.fieldIndex(DatasetColumns.ID)));
        assertEquals(9, new ImageIngest(spark).rows(result.datasetDir()).select(DatasetColumns.PATH).as(Encoders.STRING())
                .collectAsList().stream().distinct().count());
    }

    @Test
    void aFolderThatFailsItsChecksLeavesNoDatasetBehind(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("images"), 3, "4");
        java.nio.file.Path out = tmp.resolve("out");

        BadDataException oneClass = assertThrows(BadDataException.class, () -> new ImageIngest(spark)
                .run(root.toUri().toString(), new ImageShape(28, 28, 1), 4, new Path(out.toUri())));

        assertTrue(oneClass.getMessage().contains("has only the class [4]"), oneClass.getMessage());
        assertFalse(Files.exists(out), "no rows or dataset.json left at " + out);
    }

    @Test
    void rowsHoldTheFilesBytesAndThumbnailsAndIdPathAndImageColumnsHaveNoDictionary(@TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("images"), 5, "3", "8");
        // Copies of one image: a column of repeating values, which the writer would otherwise give a dictionary.
        byte[] copied = DemoImages.bytes(DemoImages.digits("8", 1).get(0));
        for (int i = 0; i < 6; i++) {
            Files.write(root.resolve("8").resolve("copy" + i + ".png"), copied);
        }
        ImageShape shape = new ImageShape(28, 28, 1);

        ImageIngest.Result result = new ImageIngest(spark).run(root.toUri().toString(), shape, 7,
                new Path(tmp.resolve("out").toUri()));

        List<Row> rows = new ImageIngest(spark).rows(result.datasetDir()).collectAsList();
        assertEquals(16, rows.size());
        for (Row row : rows) {
            java.nio.file.Path file = java.nio.file.Path.of(java.net.URI.create(row.getString(row.fieldIndex(DatasetColumns.PATH))));
            byte[] bytes = Files.readAllBytes(file);
            float[] thumb = Resampling.thumbnail(new ImageDecoder(shape, ImageDecoder.DEFAULT_MAX_PIXELS).read(bytes), shape, 7);
            assertArrayEquals(bytes, (byte[]) row.get(row.fieldIndex(DatasetColumns.CONTENT)));
            List<Float> stored = row.getList(row.fieldIndex(DatasetColumns.THUMB));
            assertEquals(thumb.length, stored.size());
            for (int i = 0; i < thumb.length; i++) {
                assertEquals(thumb[i], stored.get(i), "thumbnail value " + i + " of " + file);
            }
            assertEquals(file.getParent().getFileName().toString(), row.getString(row.fieldIndex(DatasetColumns.LABEL)));
            assertEquals(28, row.getInt(row.fieldIndex(DatasetColumns.WIDTH)));
            assertTrue(row.isNullAt(row.fieldIndex(DatasetColumns.GROUP)));
        }

        Map<String, Set<Encoding>> encodings = new java.util.HashMap<>();
        Path rowsDir = new Path(result.datasetDir(), DatasetInfo.ROWS);
        // Committed by the tasks straight into rows/: no job-level marker, no staging folder left.
        java.nio.file.Path rowsFolder = java.nio.file.Path.of(rowsDir.toUri());
        assertFalse(Files.exists(rowsFolder.resolve("_SUCCESS")), "no _SUCCESS marker");
        assertFalse(Files.exists(rowsFolder.resolve("_temporary")), "no staging folder");
        for (FileStatus part : rowsDir.getFileSystem(new Configuration()).listStatus(rowsDir, p -> p.getName().endsWith(".parquet"))) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(part, new Configuration()))) {
                reader.getFooter().getBlocks().forEach(block -> block.getColumns().forEach(column -> encodings
                        .computeIfAbsent(column.getPath().toDotString(), k -> new HashSet<>()).addAll(column.getEncodings())));
            }
        }
        for (String unique : List.of(DatasetColumns.ID, DatasetColumns.PATH, DatasetColumns.CONTENT)) {
            assertFalse(encodings.get(unique).stream().anyMatch(Encoding::usesDictionary), unique + ": " + encodings.get(unique));
        }
        assertTrue(encodings.get(DatasetColumns.LABEL).stream().anyMatch(Encoding::usesDictionary), encodings.toString());
    }
}
