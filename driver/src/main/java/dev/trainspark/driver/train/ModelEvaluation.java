package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.models.SavedModel;
import dev.trainspark.driver.report.FoldTable;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.run.SingleCsv;
import dev.trainspark.pipeline.metrics.DistributedMetrics;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.pipeline.metrics.PredictionsCsv;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
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
                config.train().evalBatchSize(), config.evaluate().testTimeAugmentation())) {
            writePredictions(scored.predictions(), model.classes(), run, prefix + PREDICTIONS);
            FullMetrics metrics = DistributedMetrics.compute(scored.predictions(), model.classes(), config.metrics().options());
            new EvaluationReport(run, prefix).write(title, metrics, facts, history, folds);
            return metrics;
        }
    }

    /** Writes predictions as one CSV file with its header ({@code id,path,label,predicted,p_<class>...}). */
    public static void writePredictions(JavaRDD<Prediction> predictions, List<String> classes, RunDirectory run, String name)
            throws IOException {
        List<String> names = List.copyOf(classes);
        SingleCsv.write(predictions.map(p -> PredictionsCsv.line(p, names)), PredictionsCsv.header(names), run, name);
    }
}
