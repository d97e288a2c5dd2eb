package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.run.SingleCsv;
import dev.trainspark.pipeline.augment.RandomAffine;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.PngWriter;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.io.SerializableConf;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * The {@code rebalance} command: the training split of the config, rebalanced as {@code train}
 * would, written out so a person can look at it: every row as a PNG under
 * {@code rebalanced/images/<class>/}, a manifest {@code rebalanced/manifest.csv}
 * ({@code id,label,kind,parent_a,parent_b,lambda,path}) and a before/after count table per class.
 */
public final class RebalanceJob {
    static final String FOLDER = "rebalanced";
    static final String MANIFEST_HEADER = "id,label,kind,parent_a,parent_b,lambda,path";

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;

    public RebalanceJob(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
    }

    /** Per class: rows before and after, for each written set. */
    public List<Map<String, Long>> run() throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        PreparedData data = PreparedData.load(spark, config, run, console);
        ImageShape shape = config.data().image().shape();
        Rebalancing rebalancing = new Rebalancing(config.rebalance(), data.classes(), shape, config.seed(),
                Rebalancing.embeddingModel(config.rebalance(), run.files()));
        rebalancing.validate(data.trainPerClass());
        List<Rebalancing.Result> sets = rebalancing.trainingSets(spark, data.train(), data.trainPerClass());
        List<Map<String, Long>> after = new ArrayList<>();
        StringBuilder table = new StringBuilder("set,class,before,after\n");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", config.rebalance().summary());
        summary.put("before", data.trainPerClass());
        for (int s = 0; s < sets.size(); s++) {
            Rebalancing.Result set = sets.get(s);
            String folder = FOLDER + (sets.size() > 1 ? String.format("/subset-%02d", s + 1) : "");
            Dataset<Row> recipes = set.recipes() != null ? set.recipes() : RebalanceColumns.originals(set.originals());
            writeImages(sc, recipes, data, shape, set, folder);
            JavaRDD<String> manifest = recipes.select(RebalanceColumns.ID, RebalanceColumns.LABEL, RebalanceColumns.KIND,
                    RebalanceColumns.PARENT_A, RebalanceColumns.PARENT_B, RebalanceColumns.LAMBDA).javaRDD()
                    .map(r -> String.join(",", csv(r.getString(0)), csv(r.getString(1)), r.getString(2), csv(r.getString(3)),
                            r.isNullAt(4) ? "" : csv(r.getString(4)), r.isNullAt(5) ? "" : Double.toString(r.getDouble(5)),
                            csv(imagePath(r.getString(1), r.getString(0)))));
            SingleCsv.write(manifest, MANIFEST_HEADER, run, folder + "/manifest.csv");
            console.printf("rebalance: %-10s %8s %8s%n", "class", "before", "after");
            for (String c : data.classes()) {
                console.printf("rebalance: %-10s %8d %8d%n", c, data.trainPerClass().get(c), set.perClass().get(c));
                table.append(s + 1).append(',').append(csv(c)).append(',').append(data.trainPerClass().get(c)).append(',')
                        .append(set.perClass().get(c)).append('\n');
            }
            after.add(set.perClass());
            if (set.recipes() != null) {
                set.recipes().unpersist(false);
            }
            console.printf("rebalance: wrote %s/images and %s/manifest.csv%n", run.path(folder), run.path(folder));
        }
        summary.put("after", sets.size() == 1 ? after.get(0) : after);
        run.writeText(FOLDER + "/counts.csv", table.toString());
        run.writeJson(RunDirectory.METRICS, summary);
        return after;
    }

    private void writeImages(JavaSparkContext sc, Dataset<Row> recipes, PreparedData data, ImageShape shape,
                             Rebalancing.Result set, String folder) {
        JavaRDD<Sample> samples = TrainingData.materialize(recipes, data.rows(), data.classes(), shape,
                set.pixelStd() == null ? null : sc.broadcast(set.pixelStd()),
                config.rebalance().augmentsCopies() ? RandomAffine.mild() : null);
        SerializableConf conf = new SerializableConf(run.files().conf());
        String root = run.path(folder).toString();
        List<String> classes = data.classes();
        samples.foreachPartition(rows -> {
            while (rows.hasNext()) {
                Sample s = rows.next();
                Path file = new Path(root, imagePath(classes.get(s.label()), s.id()));
                try (FSDataOutputStream out = new HadoopFiles(conf.get()).create(file)) {
                    out.write(PngWriter.encode(s.pixels(), shape));
                }
            }
        });
    }

    /** Where a row's image is written, relative to the set's folder. */
    static String imagePath(String label, String id) {
        return "images/" + safe(label) + "/" + safe(id) + ".png";
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
