package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.run.SingleCsv;
import dev.trainspark.pipeline.augment.RandomAffine;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.io.CsvLine;
import dev.trainspark.pipeline.io.SerializableConf;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.workers.decode.SampleImages;
import dev.trainspark.workers.fit.Sample;
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
                    .map(r -> CsvLine.of(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                            r.isNullAt(4) ? "" : r.getString(4), r.isNullAt(5) ? "" : Double.toString(r.getDouble(5)),
                            SampleImages.relativePath(r.getString(1), r.getString(0))));
            SingleCsv.write(manifest, MANIFEST_HEADER, run, folder + "/manifest.csv");
            console.printf("rebalance: %-10s %8s %8s%n", "class", "before", "after");
            for (String c : data.classes()) {
                console.printf("rebalance: %-10s %8d %8d%n", c, data.trainPerClass().get(c), set.perClass().get(c));
                table.append(CsvLine.of(String.valueOf(s + 1), c, String.valueOf(data.trainPerClass().get(c)),
                        String.valueOf(set.perClass().get(c)))).append('\n');
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
        SampleImages.write(samples, run.path(folder).toString(), new SerializableConf(run.files().conf()), data.classes(), shape);
    }
}
