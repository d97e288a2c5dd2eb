package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.report.FoldTable;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.run.SingleCsv;
import dev.trainspark.pipeline.metrics.DistributedMetrics;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.metrics.PredictionsCsv;
import dev.trainspark.pipeline.split.BootstrapEstimate;
import dev.trainspark.pipeline.split.CrossValidation;
import dev.trainspark.pipeline.split.CvScheme;
import dev.trainspark.pipeline.split.Fold;
import dev.trainspark.pipeline.split.LongTail;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cv} command: one model per split of the configured cross-validation scheme, each
 * trained with the configured rebalancing inside its training rows only and evaluated on its test
 * rows. Every fold gets {@code folds/fold-NN/} (model, checkpoints, metrics, predictions, report);
 * the run folder gets the out-of-fold predictions, a summary {@code metrics.json} (mean and
 * standard deviation of every scalar metric) and a report with the fold table.
 */
public final class CvJob {
    /** The scalar metrics summarised over folds, as named in {@code metrics.json}. */
    static final List<String> SUMMARY = List.of("accuracy", "balanced_accuracy", "macro_f1", "weighted_f1", "kappa", "mcc",
            "top_k_accuracy", "log_loss", "ece", "auc_ovr_macro", "average_precision_macro");

    /** Sub-folder with the metrics and plots of all out-of-fold predictions pooled. */
    static final String OUT_OF_FOLD = "out_of_fold/";

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final String resolvedYaml;
    private final RunDirectory run;
    private final PrintStream console;

    public CvJob(SparkSession spark, TrainsparkConfig config, String resolvedYaml, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.resolvedYaml = resolvedYaml;
        this.run = run;
        this.console = console;
    }

    public Map<String, Object> run() throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        PreparedData data = PreparedData.load(spark, config, run, console);
        Dataset<Row> rows = data.rows();
        Double ratio = config.split().longTailRatio();
        if (ratio != null && ratio > 1) {
            rows = new LongTail(ratio, config.seed() + 1).apply(rows, data.classes(), data.info().perClass());
            console.printf("cv: the whole dataset made long-tailed (split.long_tail_ratio %s) before folding%n", ratio);
        }
        // Every fold's two sides are queries over these rows, read again for each count, shard and score.
        rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
        CrossValidation cv = new CrossValidation(config.cv(), config.seed());
        List<Fold> folds = cv.folds(rows);
        cv.warnings().forEach(w -> console.printf("cv: warning: %s%n", w));
        console.printf("cv: %s, %d split(s)%n", config.cv().scheme(), folds.size());
        TrainJob trainer = new TrainJob(spark, config, resolvedYaml, run, console);
        List<double[]> table = new ArrayList<>();
        List<Map<String, Object>> perFold = new ArrayList<>();
        List<String> foldPredictions = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            Fold fold = folds.get(f);
            String prefix = String.format("folds/fold-%02d/", f + 1);
            String label = String.format("fold %d/%d  ", f + 1, folds.size());
            Map<String, Long> trainPerClass = PreparedData.countPerClass(fold.train(), data.classes());
            JavaRDD<Sample> test = TrainingData.evaluationSet(fold.test(), data.classes(), config.data().image().shape(),
                    config.train().workers());
            try {
                TrainJob.Fitted fitted = trainer.fitModel(sc, data, fold.train(), trainPerClass, test, prefix, label);
                Map<String, String> facts = new LinkedHashMap<>();
                facts.put("fold", (f + 1) + " of " + folds.size() + " (" + config.cv().scheme() + ", repeat " + (fold.repeat() + 1) + ")");
                facts.put("training images per class", trainPerClass.toString());
                facts.put("rebalancing", config.rebalance().summary());
                FullMetrics m = new ModelEvaluation(sc, config).evaluate(test, fitted.model(), run, prefix,
                        "trainspark cv: fold " + (f + 1), facts, fitted.history(), null);
                Map<String, Object> json = m.toJsonMap();
                double[] row = new double[SUMMARY.size()];
                for (int i = 0; i < SUMMARY.size(); i++) {
                    Object v = json.get(SUMMARY.get(i));
                    row[i] = v instanceof Number n ? n.doubleValue() : Double.NaN;
                }
                table.add(row);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("fold", f + 1);
                entry.put("repeat", fold.repeat() + 1);
                for (int i = 0; i < SUMMARY.size(); i++) {
                    entry.put(SUMMARY.get(i), json.get(SUMMARY.get(i)));
                }
                perFold.add(entry);
                foldPredictions.add(prefix + ModelEvaluation.PREDICTIONS);
                console.printf("%sresult: accuracy %.4f  balanced_accuracy %.4f  macro_f1 %.4f%n", label,
                        m.accuracy(), m.balancedAccuracy(), m.macroF1());
            } finally {
                test.unpersist(false);
            }
        }
        FoldTable foldTable = new FoldTable(SUMMARY, table);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scheme", config.cv().scheme());
        summary.put("splits", folds.size());
        Map<String, Object> mean = new LinkedHashMap<>();
        Map<String, Object> std = new LinkedHashMap<>();
        for (int i = 0; i < SUMMARY.size(); i++) {
            mean.put(SUMMARY.get(i), finiteOrNull(foldTable.mean(i)));
            std.put(SUMMARY.get(i), finiteOrNull(foldTable.standardDeviation(i)));
        }
        summary.put("mean", mean);
        summary.put("std", std);
        summary.put("std_convention", "sample standard deviation (n - 1)");
        summary.put("folds", perFold);
        summary.put("warnings", cv.warnings());
        if (config.cv().kind() == CvScheme.BOOTSTRAP) {
            summary.put("bootstrap", bootstrapEstimate(sc, data, rows, trainer, table));
        }
        rows.unpersist(false);
        writeOutOfFold(sc, foldPredictions, data.classes());
        // Every out-of-fold prediction pooled: one set of curves and calibration for the whole run.
        PredictionsCsv.Loaded pooled = PredictionsCsv.read(sc, run.path(ModelEvaluation.PREDICTIONS).toString());
        FullMetrics outOfFold = DistributedMetrics.compute(pooled.predictions(), data.classes(), config.metrics().options());
        Map<String, String> pooledFacts = new LinkedHashMap<>();
        pooledFacts.put("predictions", "every split's test rows, each scored by the model that did not train on it");
        new EvaluationReport(run, OUT_OF_FOLD).write("trainspark cv: out-of-fold predictions", outOfFold, pooledFacts,
                EvaluationReport.History.none(), foldTable);
        summary.put("out_of_fold", Map.of("balanced_accuracy", outOfFold.balancedAccuracy(), "macro_f1", outOfFold.macroF1(),
                "auc_ovr_macro", outOfFold.aucOvrMacro(), "report", OUT_OF_FOLD + RunDirectory.REPORT));
        run.writeJson(RunDirectory.METRICS, summary);
        run.writeText(RunDirectory.REPORT, dev.trainspark.driver.report.HtmlReport.builder("trainspark cv: " + run.dir().getName())
                .fact("scheme", config.cv().scheme() + ", " + folds.size() + " split(s)")
                .fact("rebalancing", config.rebalance().summary())
                .fact("per-fold reports", "folds/fold-NN/report.html")
                .fact("pooled out-of-fold report", OUT_OF_FOLD + RunDirectory.REPORT + " (curves, calibration, per-class table)")
                .headline("mean accuracy", foldTable.mean(0))
                .headline("mean balanced accuracy", foldTable.mean(1))
                .headline("mean macro F1", foldTable.mean(2))
                .folds(foldTable)
                .render());
        console.printf("cv: balanced_accuracy %.4f +- %.4f  macro_f1 %.4f +- %.4f  (mean +- std over %d splits)%n",
                foldTable.mean(1), foldTable.standardDeviation(1), foldTable.mean(2), foldTable.standardDeviation(2), folds.size());
        console.printf("run folder: %s%n", run.dir());
        return summary;
    }

    /**
     * The .632 and .632+ estimates: the resubstitution error comes from one more model fitted on
     * all rows and scored on them; the out-of-bag error is the mean of the splits' out-of-bag errors.
     */
    private Map<String, Object> bootstrapEstimate(JavaSparkContext sc, PreparedData data, Dataset<Row> rows, TrainJob trainer,
                                                  List<double[]> table) throws IOException {
        String prefix = "resubstitution/";
        Map<String, Long> perClass = PreparedData.countPerClass(rows, data.classes());
        JavaRDD<Sample> all = TrainingData.evaluationSet(rows, data.classes(), config.data().image().shape(), config.train().workers());
        try {
            TrainJob.Fitted fitted = trainer.fitModel(sc, data, rows, perClass, all, prefix, "resubstitution  ");
            FullMetrics resub = new ModelEvaluation(sc, config).evaluate(all, fitted.model(), run, prefix,
                    "trainspark cv: resubstitution", Map.of(), fitted.history(), null);
            double oob = table.stream().mapToDouble(r -> 1 - r[0]).average().orElse(Double.NaN);
            long[][] confusion = resub.classification().confusionMatrix().stream()
                    .map(r -> r.stream().mapToLong(Long::longValue).toArray()).toArray(long[][]::new);
            BootstrapEstimate e = BootstrapEstimate.of(1 - resub.accuracy(), oob, confusion);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("resubstitution_error", e.resubstitutionError());
            json.put("out_of_bag_error", e.outOfBagError());
            json.put("no_information_error", e.noInformationError());
            json.put("relative_overfitting", e.relativeOverfitting());
            json.put("error_632", e.err632());
            json.put("error_632_plus", e.err632Plus());
            console.printf("cv: bootstrap error .632 %.4f  .632+ %.4f  (resubstitution %.4f, out of bag %.4f)%n",
                    e.err632(), e.err632Plus(), e.resubstitutionError(), e.outOfBagError());
            return json;
        } finally {
            all.unpersist(false);
        }
    }

    /** Concatenates the folds' prediction files (each with its header) into one predictions CSV. */
    private void writeOutOfFold(JavaSparkContext sc, List<String> files, List<String> classes) throws IOException {
        String header = PredictionsCsv.header(classes);
        JavaRDD<String> lines = sc.emptyRDD();
        for (String f : files) {
            Path p = run.path(f);
            lines = lines.union(sc.textFile(p.toString()).filter(l -> !l.equals(header)));
        }
        SingleCsv.write(lines, header, run, ModelEvaluation.PREDICTIONS);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
