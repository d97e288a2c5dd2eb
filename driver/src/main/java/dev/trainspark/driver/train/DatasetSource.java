package dev.trainspark.driver.train;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.driver.config.DataConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.ingest.IngestReport;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;

/**
 * Finds the ingested dataset a command works on: {@code data.path} itself when it is one, the run's
 * own {@code dataset/} when resuming, or a fresh ingest of the raw images into the run folder.
 */
public final class DatasetSource {
    public static final String DATASET = "dataset";
    public static final String INGEST_REPORT = "ingest_report.json";

    private DatasetSource() {
    }

    /**
     * Checks, before any run folder is made, that the data path is set (a config error) and exists
     * (a data error).
     */
    public static void requireExists(HadoopFiles files, DataConfig data) {
        if (data.path() == null) {
            throw new BadParameterException("data.path is not set; accepted: a folder root/<class>/<image>, a CSV manifest "
                    + "path,label[,group], or an ingested dataset (give it in the config or with --data)");
        }
        Path tried = files.qualify(data.path());
        if (!files.exists(tried)) {
            throw new BadDataException("data.path " + HadoopFiles.named(data.path(), tried) + " does not exist; accepted: "
                    + "a folder root/<class>/<image> (PNG or JPEG), a CSV manifest path,label[,group], or an ingested dataset");
        }
    }

    public static Path resolve(SparkSession spark, DataConfig data, RunDirectory run, PrintStream console) throws IOException {
        HadoopFiles files = run.files();
        Path given = files.qualify(data.path());
        if (ImageIngest.isIngested(files, given)) {
            return given;
        }
        Path own = run.path(DATASET);
        if (ImageIngest.isIngested(files, own)) {
            return own;
        }
        console.printf("ingest: reading images from %s%n", given);
        ImageIngest.Result result = new ImageIngest(spark).run(data.path(), data.image().shape(), data.thumbnailSize(),
                data.maxPixels(), own);
        writeReport(run, result.report(), console);
        return own;
    }

    public static void writeReport(RunDirectory run, IngestReport report, PrintStream console) {
        run.writeJson(INGEST_REPORT, report.toJsonMap());
        console.printf("ingest: %d file(s) seen, %d image(s) kept in %d classes, %d skipped%s%n",
                report.filesSeen(), report.imagesKept(), report.perClass().size(), report.skipped(),
                report.skipped() > 0 ? " (listed in " + INGEST_REPORT + ")" : "");
        report.skippedByReason().forEach((reason, n) -> console.printf("ingest:   skipped %d: %s%n", n, reason));
    }

}
