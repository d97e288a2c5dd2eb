package dev.trainspark.pipeline.ingest;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.shard.StratifiedSharding;
import dev.trainspark.pipeline.split.HoldoutSpec;
import dev.trainspark.pipeline.split.LongTail;
import dev.trainspark.pipeline.split.StratifiedHoldout;
import dev.trainspark.pipeline.testing.DemoImages;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
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
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class ImageIngestTest {
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    @Test
    void foldersAreIngestedAndBadFilesSkippedCountedAndListed(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("images"), 12, "0", "1", "7");
        java.nio.file.Path digit = DemoImages.digits("7", 20).get(19);
        Files.write(root.resolve("7").resolve("big-rgb.jpg"), DemoImages.rgbJpeg(digit, 60, 45));
        Files.write(root.resolve("0").resolve("empty.png"), new byte[0]);
        Files.write(root.resolve("1").resolve("cut.png"), DemoImages.truncated(DemoImages.bytes(digit), 0.4));
        Files.write(root.resolve("1").resolve("cut.jpg"), DemoImages.truncated(DemoImages.rgbJpeg(digit, 64, 64), 0.5));
        Files.writeString(root.resolve("7").resolve("notes.txt"), "not an image");
        Files.write(root.resolve("stray.png"), DemoImages.bytes(digit));

        ImageIngest.Result result = new ImageIngest(spark).run(root.toUri().toString(), new ImageShape(28, 28, 1), 7,
                new Path(tmp.resolve("out").toUri()));

        IngestReport report = result.report();
        assertEquals(36 + 1 + 5, report.filesSeen());
        assertEquals(37, report.imagesKept());
        assertEquals(Map.of("0", 12L, "1", 12L, "7", 13L), report.perClass());
        Set<String> skippedNames = report.skippedFiles().stream()
                .map(s -> s.path().substring(s.path().lastIndexOf('/') + 1)).collect(Collectors.toSet());
        assertEquals(Set.of("empty.png", "cut.png", "cut.jpg", "notes.txt", "stray.png"), skippedNames);
        assertEquals(List.of("0", "1", "7"), result.info().classes());

        Dataset<Row> rows = new ImageIngest(spark).rows(result.datasetDir());
        assertEquals(37, rows.count());
        Row big = rows.filter(col(DatasetColumns.PATH).endsWith("big-rgb.jpg")).first();
        assertEquals(60, big.getInt(big.fieldIndex(DatasetColumns.WIDTH)));
        assertEquals(49, big.getList(big.fieldIndex(DatasetColumns.THUMB)).size());
        assertEquals(37, new HashSet<>(rows.select(DatasetColumns.ID).as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).size(),
                "ids are unique");
    }

    @Test
    void manifestWithGroupsIsIngested(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("images"), 3, "2", "5");
        StringBuilder csv = new StringBuilder("path,label,group\n");
        for (String c : List.of("2", "5")) {
            try (var files = Files.list(root.resolve(c))) {
                files.sorted().forEach(f -> csv.append(c).append('/').append(f.getFileName()).append(',').append("digit-").append(c)
                        .append(",g").append(f.getFileName().toString().hashCode() % 2).append('\n'));
            }
        }
        csv.append("2/missing.png,digit-2,g0\n");
        Files.writeString(root.resolve("manifest.csv"), csv);
        ImageIngest.Result result = new ImageIngest(spark).run(root.resolve("manifest.csv").toUri().toString(),
                new ImageShape(28, 28, 1), 4, new Path(tmp.resolve("out").toUri()));
        assertEquals(6, result.report().imagesKept());
        assertEquals("file not found", result.report().skippedFiles().get(0).reason());
        assertEquals(List.of("digit-2", "digit-5"), result.info().classes());
        assertEquals(6, new ImageIngest(spark).rows(result.datasetDir()).filter(col(DatasetColumns.GROUP).isNotNull()).count());
    }

    @Test
    void anImageDeclaringMorePixelsThanTheLimitIsSkippedWithItsSizeAndTheLimit(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("images"), 4, "0", "1");
        Files.write(root.resolve("1").resolve("bomb.png"), DemoImages.pngDeclaring(DemoImages.digits("1", 1).get(0), 40_000, 40_000));

        ImageIngest.Result result = new ImageIngest(spark).run(root.toUri().toString(), new ImageShape(28, 28, 1), 4,
                ImageDecoder.DEFAULT_MAX_PIXELS, new Path(tmp.resolve("out").toUri()));

        IngestReport report = result.report();
        assertEquals(9, report.filesSeen());
        assertEquals(Map.of("0", 4L, "1", 4L), report.perClass());
        assertEquals(1, report.skippedFiles().size());
        SkippedFile bomb = report.skippedFiles().get(0);
        assertTrue(bomb.path().endsWith("/1/bomb.png"), bomb.path());
        assertEquals("image too large: 40000x40000 pixels exceeds data.max_pixels 50000000", bomb.reason());
        assertEquals(Map.of("image too large", 1L), report.skippedByReason());
        assertEquals(8, new ImageIngest(spark).rows(result.datasetDir()).count());
    }

    @Test
    void aManifestRowWithoutALabelIsBadDataNamingTheManifestAndTheLine(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("images"), 2, "0", "1");
        String a = "0/" + DemoImages.digits("0", 1).get(0).getFileName();
        String b = "1/" + DemoImages.digits("1", 1).get(0).getFileName();
        ImageIngest ingest = new ImageIngest(spark);
        ImageShape shape = new ImageShape(28, 28, 1);

        java.nio.file.Path emptyLabel = Files.writeString(root.resolve("empty.csv"),
                "path,label\n" + a + ",0\n\n" + b + ",\n" + b + ",1\n");
        BadDataException empty = assertThrows(BadDataException.class, () -> ingest.run(emptyLabel.toUri().toString(),
                shape, 4, new Path(tmp.resolve("o1").toUri())));
        assertTrue(empty.getMessage().startsWith("manifest 'file:/")
                && empty.getMessage().contains("empty.csv' line 4, column 2 (label): is empty; accepted: "), empty.getMessage());

        java.nio.file.Path missingLabel = Files.writeString(root.resolve("missing.csv"), "path,label\n" + a + ",0\n" + b + "\n");
        BadDataException missing = assertThrows(BadDataException.class, () -> ingest.run(missingLabel.toUri().toString(),
                shape, 4, new Path(tmp.resolve("o2").toUri())));
        assertTrue(missing.getMessage().contains("missing.csv' line 3, column 2 (label): is missing (the row has 1 field(s))"),
                missing.getMessage());

        java.nio.file.Path quoted = Files.writeString(root.resolve("quoted.csv"),
                "label,path,group\n0,\"" + a + "\",g1\n\"1\",\"" + b + "\",\n");
        ImageIngest.Result result = ingest.run(quoted.toUri().toString(), shape, 4, new Path(tmp.resolve("o3").toUri()));
        assertEquals(Map.of("0", 1L, "1", 1L), result.report().perClass());
        assertEquals(1, ingest.rows(result.datasetDir()).filter(col(DatasetColumns.GROUP).isNull()).count());
    }

    @Test
    void missingPathEmptyFolderAndEmptyClassAreBadData(@TempDir java.nio.file.Path tmp) throws Exception {
        ImageIngest ingest = new ImageIngest(spark);
        ImageShape shape = new ImageShape(28, 28, 1);
        BadDataException missing = assertThrows(BadDataException.class,
                () -> ingest.run(tmp.resolve("nope").toUri().toString(), shape, 4, new Path(tmp.resolve("o1").toUri())));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        java.nio.file.Path junk = Files.createDirectories(tmp.resolve("junk/a"));
        Files.writeString(junk.resolve("x.txt"), "text");
        BadDataException empty = assertThrows(BadDataException.class,
                () -> ingest.run(tmp.resolve("junk").toUri().toString(), shape, 4, new Path(tmp.resolve("o2").toUri())));
        assertTrue(empty.getMessage().contains("no readable PNG or JPEG"), empty.getMessage());

        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("withEmpty"), 2, "0", "1");
        Files.createDirectories(root.resolve("9"));
        BadDataException emptyClass = assertThrows(BadDataException.class,
                () -> ingest.run(root.toUri().toString(), shape, 4, new Path(tmp.resolve("o3").toUri())));
        assertTrue(emptyClass.getMessage().contains("class folder") && emptyClass.getMessage().contains("/9"), emptyClass.getMessage());
    }

    @Test
    void holdoutLongTailAndShardsAreExactSeededAndIndependentOfPartitioning(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path root = DemoImages.copyClasses(tmp.resolve("images"), 40, "0", "1", "2");
        ImageIngest.Result result = new ImageIngest(spark).run(root.toUri().toString(), new ImageShape(28, 28, 1), 4,
                new Path(tmp.resolve("out").toUri()));
        Dataset<Row> rows = new ImageIngest(spark).rows(result.datasetDir());
        StratifiedHoldout holdout = new StratifiedHoldout(new HoldoutSpec(null, 10), 5);
        StratifiedHoldout.Split a = holdout.apply(rows.repartition(1), result.info().perClass());
        StratifiedHoldout.Split b = holdout.apply(rows.repartition(7), result.info().perClass());
        assertEquals(ids(a.test()), ids(b.test()), "same split whatever the partitioning");
        assertEquals(30, a.test().count());
        assertEquals(Map.of("0", 10L, "1", 10L, "2", 10L), countByLabel(a.test()));
        Set<String> overlap = new HashSet<>(ids(a.test()));
        overlap.retainAll(ids(a.train()));
        assertTrue(overlap.isEmpty(), "no image in both splits");

        LongTail tail = new LongTail(4, 6);
        Map<String, Long> available = Map.of("0", 30L, "1", 30L, "2", 30L);
        assertEquals(Map.of("0", 30L, "1", 15L, "2", 8L), tail.targets(List.of("0", "1", "2"), available));
        assertEquals(Map.of("0", 30L, "1", 15L, "2", 8L), countByLabel(tail.apply(a.train(), List.of("0", "1", "2"), available)));

        Dataset<Row> sharded = new StratifiedSharding(3, 9).assign(a.train());
        for (int s = 0; s < 3; s++) {
            assertEquals(Map.of("0", 10L, "1", 10L, "2", 10L), countByLabel(sharded.filter(col(StratifiedSharding.SHARD).equalTo(s))),
                    "shard " + s + " has the same class mix");
        }
        assertThrows(BadDataException.class, () -> new StratifiedHoldout(new HoldoutSpec(null, 40), 1).testCounts(Map.of("0", 40L)));
    }

    private static Set<String> ids(Dataset<Row> rows) {
        return new HashSet<>(rows.select(DatasetColumns.ID).as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }

    private static Map<String, Long> countByLabel(Dataset<Row> rows) {
        return rows.groupBy(DatasetColumns.LABEL).count().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    }
}
