package dev.trainspark.pipeline.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.io.SerializableConf;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.CollectionAccumulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

import static org.apache.spark.sql.functions.col;

/**
 * Reads images with Spark, decodes each once on the executors to check it and to make its
 * thumbnail, and writes the Parquet dataset plus {@code dataset.json}. Only counts and the list of
 * skipped files reach the driver; pixels never do.
 *
 * <p>Departs from the design's "ingest reads with Spark's {@code binaryFile} source", for speed:
 * that source lists the folder a second time and reads each file through Hadoop's checksummed
 * local file system (a status check, an owner lookup and a thrown exception for the missing
 * {@code .crc} per file), which cost more than decoding the images. The executors read the files
 * of the driver's one listing themselves instead, skipping the names Spark's file sources skip,
 * so the dataset is the same.
 */
public final class ImageIngest {
    /** Image bytes per partition of a folder's ingest, and so about the size of each Parquet file. */
    static final long PARTITION_BYTES = 128L << 20;

    /**
     * Parquet writer options that turn dictionary encoding off for the columns whose values are
     * (nearly) all different: the id, the path, the encoded image. For them the writer hashed every
     * value into a dictionary, found it no smaller and wrote the page plain anyway, so the files
     * of distinct images come out the same size (exact copies of an image are now stored again).
     * Label, group and thumbnail values repeat and keep their dictionaries.
     */
    static final Map<String, String> PLAIN_UNIQUE_COLUMNS = Map.of(
            "parquet.enable.dictionary#" + DatasetColumns.ID, "false",
            "parquet.enable.dictionary#" + DatasetColumns.PATH, "false",
            "parquet.enable.dictionary#" + DatasetColumns.CONTENT, "false");

    /**
     * The rows' output committed the short way: each task moves its file into {@code rows/} when it
     * commits (committer algorithm 2) and no {@code _SUCCESS} marker is written. Ingest writes into a
     * new folder that becomes a dataset only when {@code dataset.json} is written after the job, and
     * a failed job's folder is deleted, so the job commit's second round of renames buys nothing.
     */
    static final Map<String, String> DIRECT_COMMIT = Map.of(
            "mapreduce.fileoutputcommitter.algorithm.version", "2",
            "mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");

    private final SparkSession spark;
    private final HadoopFiles files;

    public ImageIngest(SparkSession spark) {
        this.spark = spark;
        this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    }

    /** Result of one ingest: where the dataset is, its description, and the report. */
    public record Result(Path datasetDir, DatasetInfo info, IngestReport report) {
    }

    /** {@link #run(String, ImageShape, int, long, Path)} with the default pixel limit. */
    public Result run(String source, ImageShape shape, int thumbSize, Path datasetDir) throws IOException {
        return run(source, shape, thumbSize, ImageDecoder.DEFAULT_MAX_PIXELS, datasetDir);
    }

    /**
     * @param source       image folder root or CSV manifest, any Hadoop URI
     * @param shape        size and channels every image is brought to
     * @param thumbSize    side of the thumbnail feature grid
     * @param maxPixels    images whose header declares more pixels are skipped undecoded
     * @param datasetDir   where {@code rows/} and {@code dataset.json} go; must not exist yet
     */
    public Result run(String source, ImageShape shape, int thumbSize, long maxPixels, Path datasetDir) throws IOException {
        Path root = files.qualify(source);
        if (!files.exists(root)) {
            throw new BadDataException("data.path " + HadoopFiles.named(source, root) + " does not exist; accepted: a "
                    + "folder laid out as root/<class>/<image> (PNG or JPEG) or a CSV manifest with columns path,label[,group]");
        }
        boolean manifest = !files.isDirectory(root);
        List<FileStatus> listed = manifest ? List.of() : files.filesUnder(root);
        JavaRDD<InternalRow> decoded = manifest
                ? fromManifest(root, new RowDecoding(shape, thumbSize, maxPixels, root.getParent().toString()))
                : fromFolders(root, new FolderListing(root, listed), new RowDecoding(shape, thumbSize, maxPixels, root.toUri().getPath()));
        ClassCounts counted = new ClassCounts();
        spark.sparkContext().register(counted, "ingest: images per class");
        CollectionAccumulator<SkippedFile> skippedRows = spark.sparkContext().collectionAccumulator("ingest: skipped files");
        Path rowsDir = new Path(datasetDir, DatasetInfo.ROWS);
        try {
            spark.internalCreateDataFrame(decoded.mapPartitions(rows -> keptCounted(rows, counted, skippedRows)).rdd(),
                            RowDecoding.OUTPUT_SCHEMA, false)
                    .drop(RowDecoding.REASON)
                    .write().options(PLAIN_UNIQUE_COLUMNS).options(DIRECT_COMMIT).parquet(rowsDir.toString());
        } catch (RuntimeException e) {
            // Tasks that committed have moved their files into rows/ already: nothing of a failed job stays.
            try {
                files.delete(datasetDir);
            } catch (IOException notDeleted) {
                e.addSuppressed(notDeleted);
            }
            throw e;
        }
        try {
            List<SkippedFile> skipped = new ArrayList<>(skippedRows.value());
            if (!manifest) {
                skipped.addAll(emptyFiles(listed));
            }
            skipped.sort(Comparator.comparing(SkippedFile::path));
            Map<String, Long> perClass = new TreeMap<>(ClassOrder.COMPARATOR);
            perClass.putAll(counted.value());
            long keptCount = perClass.values().stream().mapToLong(Long::longValue).sum();
            IngestReport report = new IngestReport(root.toString(), keptCount + skipped.size(), keptCount,
                    perClass, countReasons(skipped), skipped);
            if (keptCount == 0) {
                throw new BadDataException("data.path '" + source + "' holds no readable PNG or JPEG image ("
                        + skipped.size() + " file(s) skipped); accepted: at least one image per class, "
                        + "laid out as root/<class>/<image> or listed in a CSV manifest path,label[,group]");
            }
            if (!manifest) {
                requireNoEmptyClassFolder(root, perClass.keySet());
            }
            if (perClass.size() < 2) {
                throw new BadDataException("data.path '" + source + "' has only the class " + perClass.keySet()
                        + "; accepted: at least 2 classes with at least one readable image each");
            }
            DatasetInfo info = new DatasetInfo(new ArrayList<>(perClass.keySet()), perClass, shape.height(),
                    shape.width(), shape.channels(), thumbSize, root.toString());
            files.writeString(new Path(datasetDir, DatasetInfo.FILE), json().writeValueAsString(info));
            return new Result(datasetDir, info, report);
        } catch (BadDataException e) {
            files.delete(datasetDir);
            throw e;
        }
    }

    /** Loads the description of an ingested dataset, or explains why the folder is not one. */
    public static DatasetInfo readInfo(HadoopFiles files, Path datasetDir) throws IOException {
        Path infoFile = new Path(datasetDir, DatasetInfo.FILE);
        if (!files.exists(infoFile)) {
            throw new BadDataException("'" + datasetDir + "' is not an ingested dataset (no " + DatasetInfo.FILE + ")");
        }
        return json().readValue(files.readString(infoFile), DatasetInfo.class);
    }

    /** True when {@code dir} holds an ingested dataset rather than raw images. */
    public static boolean isIngested(HadoopFiles files, Path dir) {
        return files.exists(new Path(dir, DatasetInfo.FILE));
    }

    public Dataset<Row> rows(Path datasetDir) {
        return spark.read().parquet(new Path(datasetDir, DatasetInfo.ROWS).toString());
    }

    /**
     * The rows to write, counted per class as they go, and the skipped files set aside. Counting
     * while writing makes decoding, the report and the Parquet files one job with nothing cached;
     * the dataset is checked afterwards and removed when it does not pass.
     */
    private static Iterator<InternalRow> keptCounted(Iterator<InternalRow> rows, ClassCounts counted,
                                                     CollectionAccumulator<SkippedFile> skipped) {
        int reason = RowDecoding.OUTPUT_SCHEMA.fieldIndex(RowDecoding.REASON);
        int label = RowDecoding.OUTPUT_SCHEMA.fieldIndex(DatasetColumns.LABEL);
        int path = RowDecoding.OUTPUT_SCHEMA.fieldIndex(DatasetColumns.PATH);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(rows, Spliterator.ORDERED), false)
                .filter(r -> {
                    if (r.isNullAt(reason)) {
                        counted.add(r.getUTF8String(label).toString());
                        return true;
                    }
                    skipped.add(new SkippedFile(r.getUTF8String(path).toString(), r.getUTF8String(reason).toString()));
                    return false;
                })
                .iterator();
    }

    /**
     * The listing's files in partitions of about {@link #PARTITION_BYTES} of image files, at least
     * one per core: a partition per few dozen small files (as Spark's file sources cut them) made
     * hundreds of tasks and as many Parquet files, whose fixed costs outweighed decoding.
     */
    private JavaRDD<InternalRow> fromFolders(Path root, FolderListing listing, RowDecoding decoding) {
        // A task carries its run as bare path strings: records of a path and a length went through
        // Java serialisation's record path, one constructor call each, on the driver and in the task.
        List<String[]> partitions = listing.partitions(PARTITION_BYTES, spark.sparkContext().defaultParallelism())
                .stream().map(run -> run.stream().map(FolderListing.ListedFile::path).toArray(String[]::new)).toList();
        SerializableConf conf = new SerializableConf(files.conf());
        String rootUri = root.toString();
        // One element per slice, so each partition is one run of files.
        return JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(partitions, Math.max(1, partitions.size()))
                .mapPartitions(runs -> {
                    FileSystem fs = new HadoopFiles(conf.get()).uncheckedFs(new Path(rootUri));
                    List<String> run = new ArrayList<>();
                    runs.forEachRemaining(paths -> run.addAll(Arrays.asList(paths)));
                    return decoding.fromFolderFiles(run.iterator(), fs);
                });
    }

    /**
     * The manifest is read as numbered lines, one row per line as Spark's CSV source reads it, so
     * that a row without a path or label ends the ingest with its line number, found by the
     * executors and reported by the driver. Blank lines are skipped.
     */
    private JavaRDD<InternalRow> fromManifest(Path manifest, RowDecoding decoding) {
        JavaRDD<String> text = JavaSparkContext.fromSparkContext(spark.sparkContext()).textFile(manifest.toString());
        List<String> header = text.take(1);
        if (header.isEmpty()) {
            throw new BadDataException("manifest '" + manifest + "' is empty; accepted: a header row path,label[,group] "
                    + "and one row per image");
        }
        ManifestColumns columns = ManifestColumns.fromHeader(manifest.toString(), header.get(0));
        JavaPairRDD<String, Long> rows = text.zipWithIndex().filter(t -> t._2() > 0 && !t._1().isBlank());
        List<String> problems = rows.map(t -> columns.problem(t._1(), t._2() + 1)).filter(Objects::nonNull).take(1);
        if (!problems.isEmpty()) {
            throw new BadDataException(problems.get(0));
        }
        SerializableConf conf = new SerializableConf(files.conf());
        return rows.map(t -> columns.row(t._1(), t._2() + 1))
                .mapPartitions(listed -> decoding.fromManifestRows(listed, new HadoopFiles(conf.get())));
    }

    /**
     * Spark's file sources never hand zero-byte files to a reader, so they are found by listing;
     * only names and lengths are read, as Spark's own listing does.
     */
    private static List<SkippedFile> emptyFiles(List<FileStatus> listed) {
        List<SkippedFile> empty = new ArrayList<>();
        for (FileStatus status : listed) {
            String name = status.getPath().getName();
            if (status.getLen() == 0 && !name.startsWith(".") && !name.startsWith("_")) {
                empty.add(new SkippedFile(status.getPath().toString(), "empty file (0 bytes)"));
            }
        }
        return empty;
    }

    private void requireNoEmptyClassFolder(Path root, Set<String> classesWithImages) throws IOException {
        for (FileStatus status : files.fs(root).listStatus(root)) {
            String name = status.getPath().getName();
            if (status.isDirectory() && !name.startsWith(".") && !name.startsWith("_")
                    && !classesWithImages.contains(name)) {
                throw new BadDataException("class folder '" + status.getPath() + "' has no readable image; "
                        + "accepted: every class folder under data.path holds at least one PNG or JPEG image "
                        + "(remove the folder or add images)");
            }
        }
    }

    private static Map<String, Long> countReasons(List<SkippedFile> skipped) {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (SkippedFile s : skipped) {
            String kind = s.reason().contains(":") ? s.reason().substring(0, s.reason().indexOf(':')) : s.reason();
            byReason.merge(kind, 1L, Long::sum);
        }
        return byReason;
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
