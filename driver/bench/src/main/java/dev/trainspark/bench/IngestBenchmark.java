package dev.trainspark.bench;

import dev.trainspark.driver.config.DataConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.Resampling;
import dev.trainspark.pipeline.image.UnreadableImageException;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.ingest.IngestReport;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench ingest}: images/s of the project's ingest of the config's image folder (the Parquet
 * dataset written into a scratch folder of the run, then deleted) against a plain loop over the same
 * files in this thread: read the bytes, decode, bring to the configured shape and make the thumbnail,
 * as ingest does for each image, with no Spark. Both first run untimed on a few images of each
 * class; timed passes then alternate, so drift in the machine's speed falls on both alike, and the
 * fastest pass of each is reported (on a shared machine the slower ones measure other people's work
 * too). Ingest runs on the config's master, so it may use more cores than the loop's one; both
 * counts are printed.
 */
public final class IngestBenchmark {
    static final String SCRATCH = "ingest-scratch";

    private final SparkSession spark;
    private final DataConfig data;
    private final RunDirectory run;
    private final PrintStream console;

    public IngestBenchmark(SparkSession spark, DataConfig data, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.data = data;
        this.run = run;
        this.console = console;
    }

    /**
     * Refuses, before any run folder is made, a {@code data.path} that is not a folder of raw images
     * (a manifest or an ingested dataset): the plain loop lists the images of class folders.
     */
    static void requireImageFolder(HadoopFiles files, DataConfig data) {
        Path root = files.qualify(data.path());
        if (!files.isDirectory(root) || ImageIngest.isIngested(files, root)) {
            throw new BadParameterException("bench ingest: data.path " + HadoopFiles.named(data.path(), root) + " is "
                    + (files.isDirectory(root) ? "an ingested dataset" : "not a folder")
                    + "; accepted: a folder of raw images laid out as root/<class>/<image>");
        }
    }

    /** @return the figures for {@code metrics.json} */
    public Map<String, Object> run(int warmUpPerClass, int repetitions) throws IOException {
        HadoopFiles files = run.files();
        Path root = files.qualify(data.path());
        List<Path> images = imagesInClassFolders(files, root);
        Path scratch = run.path(SCRATCH);
        int cores = spark.sparkContext().defaultParallelism();
        console.printf("bench ingest: %,d files in the class folders of %s, %dx%dx%d, thumbnail %dx%d, %d timed pass(es) each "
                        + "after a warm-up on %d image(s) per class%n", images.size(), root, data.image().height(),
                data.image().width(), data.image().channels(), data.thumbnailSize(), data.thumbnailSize(), repetitions,
                warmUpPerClass);
        try {
            Path warmUpImages = copyFirstPerClass(files, root, images, warmUpPerClass, new Path(scratch, "warm-up-images"));
            ingest(files, warmUpImages.toString(), scratch);
            files.delete(new Path(scratch, DATASET));
            plainDecode(files, imagesInClassFolders(files, warmUpImages));

            double[] ingestSeconds = new double[repetitions];
            double[] plainSeconds = new double[repetitions];
            IngestReport report = null;
            Decoded plain = null;
            for (int r = 0; r < repetitions; r++) {
                long start = System.nanoTime();
                report = ingest(files, data.path(), scratch);
                ingestSeconds[r] = (System.nanoTime() - start) / 1e9;
                // Removing the scratch dataset is the benchmark's tidying, not ingest's work: untimed.
                files.delete(new Path(scratch, DATASET));
                start = System.nanoTime();
                plain = plainDecode(files, images);
                plainSeconds[r] = (System.nanoTime() - start) / 1e9;
            }
            double ingestRate = report.filesSeen() / fastest(ingestSeconds);
            double plainRate = images.size() / fastest(plainSeconds);
            console.printf("ingest:       %,d files (%,d kept) in %.2f s: %8.1f images/s on %d core(s) (spark.master %s)%n",
                    report.filesSeen(), report.imagesKept(), fastest(ingestSeconds), ingestRate, cores, spark.sparkContext().master());
            console.printf("plain decode: %,d files (%,d decoded) in %.2f s: %8.1f images/s on 1 core (one thread, no Spark)%n",
                    images.size(), plain.decoded(), fastest(plainSeconds), plainRate);
            console.printf("ratio ingest/plain decode = %.2f   (target >= 0.8)%n", ingestRate / plainRate);

            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("source", root.toString());
            metrics.put("warm_up_images_per_class", warmUpPerClass);
            metrics.put("ingest", figures(report.filesSeen(), report.imagesKept(), ingestRate, ingestSeconds, cores));
            metrics.put("plain_decode", figures(images.size(), plain.decoded(), plainRate, plainSeconds, 1));
            metrics.put("ratio_ingest_plain_decode", ingestRate / plainRate);
            return metrics;
        } finally {
            files.delete(scratch);
        }
    }

    /** Where each ingest of the bench writes, inside the scratch folder; the caller removes it after timing. */
    private static final String DATASET = "dataset";

    /** One ingest as the {@code ingest} command runs it, into the scratch folder's {@value #DATASET}. */
    private IngestReport ingest(HadoopFiles files, String source, Path scratch) throws IOException {
        Path dataset = new Path(scratch, DATASET);
        ImageIngest.Result result = new ImageIngest(spark).run(source, data.image().shape(), data.thumbnailSize(),
                data.maxPixels(), dataset);
        files.dropChecksumFiles(dataset);
        return result.report();
    }

    /** Images decoded by the plain loop and a sum over their thumbnails, which keeps the work from being optimised away. */
    private record Decoded(int decoded, double thumbnailSum) {
    }

    private Decoded plainDecode(HadoopFiles files, List<Path> images) throws IOException {
        ImageDecoder decoder = new ImageDecoder(data.image().shape(), data.maxPixels());
        int decoded = 0;
        double sum = 0;
        for (Path image : images) {
            try {
                float[] thumbnail = Resampling.thumbnail(decoder.read(files.readBytes(image)), data.image().shape(),
                        data.thumbnailSize());
                sum += thumbnail[0];
                decoded++;
            } catch (UnreadableImageException e) {
                // Ingest skips such a file too; it still counts as a file handled.
            }
        }
        return new Decoded(decoded, sum);
    }

    /**
     * The files ingest decodes: non-empty files under the first-level class folders, without the
     * hidden ones ({@code .name}, {@code _name}) that Spark's file listing leaves out; sorted.
     */
    static List<Path> imagesInClassFolders(HadoopFiles files, Path root) throws IOException {
        List<Path> images = new ArrayList<>();
        for (FileStatus status : files.filesUnder(root)) {
            String relative = root.toUri().relativize(status.getPath().toUri()).getPath();
            if (status.getLen() > 0 && relative.indexOf('/') > 0 && Arrays.stream(relative.split("/")).noneMatch(IngestBenchmark::hidden)) {
                images.add(status.getPath());
            }
        }
        images.sort(Comparator.naturalOrder());
        return images;
    }

    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /** Copies the first {@code perClass} images of every class folder to {@code target}, keeping their relative paths. */
    private static Path copyFirstPerClass(HadoopFiles files, Path root, List<Path> images, int perClass, Path target)
            throws IOException {
        Map<String, Integer> taken = new LinkedHashMap<>();
        for (Path image : images) {
            String relative = root.toUri().relativize(image.toUri()).getPath();
            String label = relative.substring(0, relative.indexOf('/'));
            if (taken.merge(label, 1, Integer::sum) <= perClass) {
                files.writeBytes(new Path(target, relative), files.readBytes(image));
            }
        }
        return target;
    }

    private static Map<String, Object> figures(long files, long images, double rate, double[] seconds, int cores) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", files);
        m.put("images", images);
        m.put("images_per_s", rate);
        m.put("pass_seconds", seconds);
        m.put("cores", cores);
        return m;
    }

    private static double fastest(double[] seconds) {
        return Arrays.stream(seconds).min().orElseThrow();
    }
}
