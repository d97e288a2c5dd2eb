package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.models.SavedModel;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.ingest.DatasetInfo;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code predict} and {@code evaluate} commands: a saved model scores every image of a dataset
 * on the cluster. {@code predict} writes the predictions CSV; {@code evaluate} also writes
 * {@code metrics.json} and the report.
 */
public final class ScoringJob {
    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;

    public ScoringJob(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
    }

    /** @return the metrics, or null when {@code withMetrics} is false */
    public FullMetrics run(SavedModel model, String modelLocation, boolean withMetrics) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ImageShape shape = new ImageShape(model.spec().height(), model.spec().width(), model.spec().channels());
        Path datasetDir = DatasetSource.resolve(spark, config.data(), run, console);
        DatasetInfo info = ImageIngest.readInfo(run.files(), datasetDir);
        if (!info.shape().equals(shape)) {
            throw new BadDataException("dataset " + datasetDir + " was ingested at " + info.shape() + " but model "
                    + modelLocation + " expects " + shape + "; accepted: data ingested with the model's data.image settings");
        }
        for (String c : info.classes()) {
            if (!model.classes().contains(c)) {
                throw new BadDataException("class '" + c + "' of " + config.data().path() + " is not one of the model's classes "
                        + model.classes() + "; accepted: image folders named after the model's classes");
            }
        }
        Dataset<Row> rows = new ImageIngest(spark).rows(datasetDir);
        long total = info.perClass().values().stream().mapToLong(Long::longValue).sum();
        JavaRDD<Sample> samples = TrainingData.evaluationSet(rows, model.classes(), shape,
                Math.max(1, spark.sparkContext().defaultParallelism()));
        String tta = config.evaluate().tta();
        console.printf("%s: scoring %d image(s) with %s%s%s%n", withMetrics ? "evaluate" : "predict", total, modelLocation,
                model.isEnsemble() ? " (ensemble of " + model.members().size() + ")" : "",
                tta.equals("none") ? "" : ", test-time augmentation " + tta);
        try {
            if (!withMetrics) {
                try (Evaluation scored = Evaluation.score(sc, samples, model.spec(), model.members(), model.offsets(),
                        config.train().evalBatchSize(), config.evaluate().testTimeAugmentation())) {
                    ModelEvaluation.writePredictions(scored.predictions(), model.classes(), run, ModelEvaluation.PREDICTIONS);
                }
                console.printf("predictions: %s%n", run.path(ModelEvaluation.PREDICTIONS));
                return null;
            }
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("model", modelLocation);
            facts.put("data", config.data().path());
            facts.put("images per class", info.perClass().toString());
            FullMetrics metrics = new ModelEvaluation(sc, config).evaluate(samples, model, run, "",
                    "trainspark evaluate: " + run.dir().getName(), facts, EvaluationReport.History.none(), null);
            console.printf("result: accuracy %.4f  balanced_accuracy %.4f  macro_f1 %.4f  auc_ovr_macro %.4f  (%d images)%n",
                    metrics.accuracy(), metrics.balancedAccuracy(), metrics.macroF1(), metrics.aucOvrMacro(), total);
            return metrics;
        } finally {
            samples.unpersist(false);
        }
    }
}
