package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.model.SavedModel;
import dev.trainspark.driver.report.FoldTable;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.metrics.DistributedMetrics;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.pipeline.metrics.PredictionsCsv;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scores rows with a saved model on the cluster and writes what an evaluation leaves: the
 * predictions CSV, {@code metrics.json} and the report with its plots.
 */
public final class ModelEvaluation {
    public static final String PREDICTIONS = "predictions.csv";

    private final JavaSparkContext sc;
    private final TrainsparkConfig config;

    public ModelEvaluation(JavaSparkContext sc, TrainsparkConfig config) {
        this.sc = sc;
        this.config = config;
    }

    public FullMetrics evaluate(JavaRDD<Sample> rows, SavedModel model, RunDirectory run, String prefix, String title,
                                Map<String, String> facts, EvaluationReport.History history, FoldTable folds) throws IOException {
        try (Evaluation scored = Evaluation.score(sc, rows, model.spec(), model.members(), model.offsets(),
                config.train().evalBatchSize())) {
            writePredictions(scored.predictions(), model.classes(), run, prefix + PREDICTIONS);
            FullMetrics metrics = DistributedMetrics.compute(scored.predictions(), model.classes(), config.metrics().options());
            new EvaluationReport(run, prefix).write(title, metrics, facts, history, folds);
            return metrics;
        }
    }

    /**
     * Writes predictions as one CSV file with its header: lines are formatted on the executors and
     * written by one task, into a hidden folder first, then moved into place.
     */
    public static void writePredictions(JavaRDD<Prediction> predictions, List<String> classes, RunDirectory run, String name)
            throws IOException {
        HadoopFiles files = run.files();
        Path target = run.path(name);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".parts");
        files.delete(tmp);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(predictions.context());
        JavaRDD<String> header = sc.parallelize(List.of(PredictionsCsv.header(classes)), 1);
        List<String> names = List.copyOf(classes);
        header.union(predictions.map(p -> PredictionsCsv.line(p, names)))
                .coalesce(1)
                .saveAsTextFile(tmp.toString());
        FileStatus[] parts = files.fs(tmp).listStatus(tmp, p -> p.getName().startsWith("part-"));
        if (parts.length != 1) {
            throw new IllegalStateException("expected one part file in " + tmp + ", found " + Arrays.toString(parts));
        }
        files.delete(target);
        files.moveIntoPlace(parts[0].getPath(), target);
        files.delete(tmp);
    }
}
