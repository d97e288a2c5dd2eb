package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.report.FoldTable;
import dev.trainspark.driver.report.HtmlReport;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.run.SingleCsv;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.io.CsvLine;
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
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;

/**
 * The {@code cv} command: one model per split of the configured cross-validation scheme, each
 * fitted by the {@link Trainer} on its training rows only (so rebalancing never sees test rows)
 * and evaluated on its test rows. Every split gets {@code folds/fold-NN/} (model, checkpoints,
 * metrics, predictions, report); the run folder gets the out-of-fold predictions, a summary
 * {@code metrics.json} (mean and standard deviation of every scalar metric) and a report with the
 * fold table. A dry run only shows the splits: per-class counts of each side and {@code folds.csv}.
 */
public final class CvJob {
    /** The scalar metrics summarised over folds, as named in {@code metrics.json}. */
    static final List<String> SUMMARY = List.of("accuracy", "balanced_accuracy", "macro_f1", "weighted_f1", "kappa", "mcc",
            "top_k_accuracy", "log_loss", "ece", "auc_ovr_macro", "average_precision_macro");

    /** Sub-folder with the metrics and plots of all out-of-fold predictions pooled. */
    static final String OUT_OF_FOLD = "out_of_fold/";

    /** The split of every row id, written by a dry run. */
    public static final String FOLDS_CSV = "folds.csv";

    private final SparkSession spark;
    private final JavaSparkContext sc;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;

    public CvJob(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.config = config;
        this.run = run;
        this.console = console;
    }

    /** The dataset, the rows folded, and the splits of the configured scheme. */
    private record Plan(PreparedData data, Dataset<Row> rows, List<Fold> folds, List<String> warnings) {
    }

    /** One split's model, scored on the split's test rows. */
    private record FoldOutcome(Fold fold, FullMetrics metrics, String predictions) {
        double[] summaryRow() {
            Map<String, Object> json = metrics.toJsonMap();
            return SUMMARY.stream().mapToDouble(k -> json.get(k) instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
        }
    }

    private Plan plan() throws IOException {
        // A cluster that cannot run the configured training says so before the data is prepared.
        Trainer.requireClusterFor(spark, config);
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
        return new Plan(data, rows, folds, cv.warnings());
    }

    /**
     * Prints every split's per-class train and test counts and writes {@code folds.csv}
     * ({@code id,label,test_in}: the splits whose test side holds the row), without training.
     */
    public Map<String, Object> dryRun() throws IOException {
        Plan plan = plan();
        List<String> classes = plan.data().classes();
        List<Map<String, Object>> splits = new ArrayList<>();
        Dataset<Row> testMembership = null;
        for (int f = 0; f < plan.folds().size(); f++) {
            Fold fold = plan.folds().get(f);
            Map<String, Long> train = PreparedData.countPerClass(fold.train(), classes);
            Map<String, Long> test = PreparedData.countPerClass(fold.test(), classes);
            console.printf("cv: split %d/%d (repeat %d)%n", f + 1, plan.folds().size(), fold.repeat() + 1);
            console.printf("cv:   %-12s %8s %8s%n", "class", "train", "test");
            for (String c : classes) {
                console.printf("cv:   %-12s %8d %8d%n", c, train.get(c), test.get(c));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("split", f + 1);
            entry.put("repeat", fold.repeat() + 1);
            entry.put("train_per_class", train);
            entry.put("test_per_class", test);
            splits.add(entry);
            Dataset<Row> side = fold.test().select(col(DatasetColumns.ID), lit(f + 1).as("split"));
            testMembership = testMembership == null ? side : testMembership.union(side);
        }
        Dataset<Row> perRow = plan.rows().select(DatasetColumns.ID, DatasetColumns.LABEL)
                .join(testMembership.groupBy(DatasetColumns.ID).agg(sort_array(collect_list(col("split"))).as("splits")),
                        DatasetColumns.ID, "left_outer")
                .orderBy(DatasetColumns.ID);
        JavaRDD<String> lines = perRow.javaRDD().map(r -> CsvLine.of(r.getString(0), r.getString(1),
                r.isNullAt(2) ? "" : r.<Integer>getList(2).stream().map(String::valueOf).collect(Collectors.joining(";"))));
        SingleCsv.write(lines, "id,label,test_in", run, FOLDS_CSV);
        plan.rows().unpersist(false);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scheme", config.cv().scheme());
        summary.put("splits", plan.folds().size());
        summary.put("dry_run", true);
        summary.put("per_split", splits);
        summary.put("warnings", plan.warnings());
        run.writeJson(RunDirectory.METRICS, summary);
        console.printf("cv: dry run, nothing trained; the split of every row is in %s%n", run.path(FOLDS_CSV));
        return summary;
    }

    public Map<String, Object> run() throws IOException {
        Plan plan = plan();
        Trainer trainer = new Trainer(spark, config, run, console);
        List<FoldOutcome> outcomes = new ArrayList<>();
        for (int f = 0; f < plan.folds().size(); f++) {
            outcomes.add(runFold(trainer, plan, f));
        }
        FoldTable foldTable = new FoldTable(SUMMARY, outcomes.stream().map(FoldOutcome::summaryRow).toList());
        Map<String, Object> summary = summary(plan, outcomes, foldTable);
        if (config.cv().kind() == CvScheme.BOOTSTRAP) {
            summary.put("bootstrap", bootstrapEstimate(trainer, plan, outcomes));
        }
        plan.rows().unpersist(false);
        FullMetrics outOfFold = outOfFold(outcomes, plan.data().classes(), foldTable);
        summary.put("out_of_fold", Map.of("balanced_accuracy", outOfFold.balancedAccuracy(), "macro_f1", outOfFold.macroF1(),
                "auc_ovr_macro", outOfFold.aucOvrMacro(), "report", OUT_OF_FOLD + RunDirectory.REPORT));
        run.writeJson(RunDirectory.METRICS, summary);
        run.writeText(RunDirectory.REPORT, HtmlReport.builder("trainspark cv: " + run.dir().getName())
                .fact("scheme", config.cv().scheme() + ", " + plan.folds().size() + " split(s)")
                .fact("rebalancing", config.rebalance().summary())
                .fact("per-fold reports", "folds/fold-NN/report.html")
                .fact("pooled out-of-fold report", OUT_OF_FOLD + RunDirectory.REPORT + " (curves, calibration, per-class table)")
                .headline("mean accuracy", foldTable.mean(0))
                .headline("mean balanced accuracy", foldTable.mean(1))
                .headline("mean macro F1", foldTable.mean(2))
                .folds(foldTable)
                .render());
        console.printf("cv: balanced_accuracy %.4f +- %.4f  macro_f1 %.4f +- %.4f  (mean +- std over %d splits)%n",
                foldTable.mean(1), foldTable.standardDeviation(1), foldTable.mean(2), foldTable.standardDeviation(2),
                plan.folds().size());
        console.printf("run folder: %s%n", run.dir());
        return summary;
    }

    private FoldOutcome runFold(Trainer trainer, Plan plan, int f) throws IOException {
        Fold fold = plan.folds().get(f);
        Trainer.Scope scope = Trainer.Scope.fold(f, plan.folds().size());
        List<String> classes = plan.data().classes();
        Map<String, Long> trainPerClass = PreparedData.countPerClass(fold.train(), classes);
        JavaRDD<Sample> test = TrainingData.evaluationSet(fold.test(), classes, config.data().image().shape(),
                config.train().workers());
        try {
            Trainer.Fitted fitted = trainer.train(plan.data(), new Trainer.Rows(fold.train(), trainPerClass, fold.test(), test), scope);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("fold", (f + 1) + " of " + plan.folds().size() + " (" + config.cv().scheme() + ", repeat "
                    + (fold.repeat() + 1) + ")");
            facts.put("training images per class", trainPerClass.toString());
            facts.put("rebalancing", config.rebalance().summary());
            FullMetrics m = new ModelEvaluation(sc, config).evaluate(test, fitted.model(), run, scope.folder(),
                    "trainspark cv: fold " + (f + 1), facts, fitted.history(), null);
            console.printf("%sresult: accuracy %.4f  balanced_accuracy %.4f  macro_f1 %.4f%n", scope.label(),
                    m.accuracy(), m.balancedAccuracy(), m.macroF1());
            return new FoldOutcome(fold, m, scope.folder() + ModelEvaluation.PREDICTIONS);
        } finally {
            test.unpersist(false);
        }
    }

    private Map<String, Object> summary(Plan plan, List<FoldOutcome> outcomes, FoldTable foldTable) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scheme", config.cv().scheme());
        summary.put("splits", plan.folds().size());
        Map<String, Object> mean = new LinkedHashMap<>();
        Map<String, Object> std = new LinkedHashMap<>();
        for (int i = 0; i < SUMMARY.size(); i++) {
            mean.put(SUMMARY.get(i), finiteOrNull(foldTable.mean(i)));
            std.put(SUMMARY.get(i), finiteOrNull(foldTable.standardDeviation(i)));
        }
        summary.put("mean", mean);
        summary.put("std", std);
        summary.put("std_convention", "sample standard deviation (n - 1)");
        List<Map<String, Object>> perFold = new ArrayList<>();
        for (int f = 0; f < outcomes.size(); f++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("fold", f + 1);
            entry.put("repeat", outcomes.get(f).fold().repeat() + 1);
            Map<String, Object> json = outcomes.get(f).metrics().toJsonMap();
            SUMMARY.forEach(k -> entry.put(k, json.get(k)));
            perFold.add(entry);
        }
        summary.put("folds", perFold);
        summary.put("warnings", plan.warnings());
        return summary;
    }

    /**
     * The .632 and .632+ estimates: the resubstitution error comes from one more model fitted on
     * all rows and scored on them; the out-of-bag error is the mean of the splits' out-of-bag errors.
     */
    private Map<String, Object> bootstrapEstimate(Trainer trainer, Plan plan, List<FoldOutcome> outcomes) throws IOException {
        Trainer.Scope scope = new Trainer.Scope("resubstitution/", "resubstitution  ");
        List<String> classes = plan.data().classes();
        Map<String, Long> perClass = PreparedData.countPerClass(plan.rows(), classes);
        JavaRDD<Sample> all = TrainingData.evaluationSet(plan.rows(), classes, config.data().image().shape(), config.train().workers());
        try {
            Trainer.Fitted fitted = trainer.train(plan.data(), new Trainer.Rows(plan.rows(), perClass, plan.rows(), all), scope);
            FullMetrics resub = new ModelEvaluation(sc, config).evaluate(all, fitted.model(), run, scope.folder(),
                    "trainspark cv: resubstitution", Map.of(), fitted.history(), null);
            double oob = outcomes.stream().mapToDouble(o -> 1 - o.summaryRow()[0]).average().orElse(Double.NaN);
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

    /**
     * Concatenates the splits' prediction files into one predictions CSV and scores it as one set:
     * one set of curves and calibration for the whole run.
     */
    private FullMetrics outOfFold(List<FoldOutcome> outcomes, List<String> classes, FoldTable foldTable) throws IOException {
        String header = PredictionsCsv.header(classes);
        JavaRDD<String> lines = sc.emptyRDD();
        for (FoldOutcome o : outcomes) {
            Path p = run.path(o.predictions());
            lines = lines.union(sc.textFile(p.toString()).filter(l -> !l.equals(header)));
        }
        SingleCsv.write(lines, header, run, ModelEvaluation.PREDICTIONS);
        PredictionsCsv.Loaded pooled = PredictionsCsv.read(sc, run.path(ModelEvaluation.PREDICTIONS).toString());
        FullMetrics outOfFold = DistributedMetrics.compute(pooled.predictions(), classes, config.metrics().options());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("predictions", "every split's test rows, each scored by the model that did not train on it");
        new EvaluationReport(run, OUT_OF_FOLD).write("trainspark cv: out-of-fold predictions", outOfFold, facts,
                EvaluationReport.History.none(), foldTable);
        return outOfFold;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
