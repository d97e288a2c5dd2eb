package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.model.SavedModel;
import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.run.Checkpoints;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.pipeline.augment.RandomAffine;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.pipeline.rebalance.RebalanceSpec;
import dev.trainspark.pipeline.rebalance.ThresholdMoving;
import dev.trainspark.pipeline.split.HoldoutSpec;
import dev.trainspark.pipeline.split.StratifiedHoldout;
import dev.trainspark.workers.fit.ModelState;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code train} command: dataset, seeded stratified holdout (optionally long-tailed),
 * rebalancing of the training side, stratified shards, parameter-averaging epochs with a
 * checkpoint after each, distributed evaluation, model, metrics, test predictions and report.
 */
public final class TrainJob {
    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final String resolvedYaml;
    private final RunDirectory run;
    private final PrintStream console;

    public TrainJob(SparkSession spark, TrainsparkConfig config, String resolvedYaml, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.resolvedYaml = resolvedYaml;
        this.run = run;
        this.console = console;
    }

    /** What the run produced. */
    public record Outcome(FullMetrics metrics, SavedModel model, int epochs) {
    }

    public Outcome run() throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        PreparedData data = PreparedData.load(spark, config, run, console);
        data.printClassTable(console);
        JavaRDD<Sample> test = TrainingData.evaluationSet(data.test(), data.classes(), config.data().image().shape(),
                config.train().workers());
        try {
            Fitted fitted = fitModel(sc, data, data.train(), data.trainPerClass(), test, "", "");
            SavedModel model = fitted.model();
            FullMetrics metrics = new ModelEvaluation(sc, config).evaluate(test, model, run, "",
                    "trainspark train: " + run.dir().getName(), reportFacts(model, data), fitted.history(), null);
            console.printf("result: accuracy %.4f  balanced_accuracy %.4f  macro_f1 %.4f  (test split, %d images)%n",
                    metrics.accuracy(), metrics.balancedAccuracy(), metrics.macroF1(), data.testSize());
            console.printf("run folder: %s%n", run.dir());
            return new Outcome(metrics, model, config.train().epochs());
        } finally {
            test.unpersist(false);
        }
    }

    /** A saved model and the history of its training, for the report. */
    record Fitted(SavedModel model, EvaluationReport.History history) {
    }

    /**
     * Fits the configured model (one network, or an EasyEnsemble of them) on {@code train}, with the
     * configured rebalancing and decision offsets, and saves it under {@code prefix + model/}.
     *
     * @param prefix sub-folder of the run for this model's files ("" or e.g. "folds/fold-01/")
     * @param label  printed before progress lines
     */
    Fitted fitModel(JavaSparkContext sc, PreparedData data, Dataset<Row> train, Map<String, Long> trainPerClass,
                        JavaRDD<Sample> test, String prefix, String label) throws IOException {
        RebalanceSpec rebalance = config.rebalance();
        List<String> classes = data.classes();
        long seed = config.seed();
        Rebalancing rebalancing = new Rebalancing(rebalance, classes, config.data().image().shape(), seed,
                Rebalancing.embeddingModel(rebalance, run.files()));

        Dataset<Row> fitRows = train;
        Map<String, Long> fitPerClass = new LinkedHashMap<>(trainPerClass);
        Dataset<Row> validation = null;
        if (rebalance.thresholdMoving()) {
            StratifiedHoldout holdout = new StratifiedHoldout(new HoldoutSpec(rebalance.validationFraction(), null), seed + 2);
            Map<String, Long> validationPerClass = holdout.testCounts(trainPerClass);
            StratifiedHoldout.Split split = holdout.apply(train, trainPerClass);
            fitRows = split.train();
            validation = split.test();
            validationPerClass.forEach((c, n) -> fitPerClass.put(c, fitPerClass.get(c) - n));
            console.printf("%sthreshold moving: %d training images held out to choose the decision offsets%n", label,
                    validationPerClass.values().stream().mapToLong(Long::longValue).sum());
        }
        rebalancing.validate(fitPerClass);
        NetworkSpec spec = config.networkSpec(classes.size()).withClassWeights(rebalancing.classWeights(fitPerClass));
        if (!spec.classWeights().isEmpty()) {
            console.printf("%sclass weights (%s): %s%n", label, rebalance.classWeight(), spec.classWeights());
        }
        int epochScoreBatch = config.train().evalBatchSize();
        ModelFit fit = new ModelFit(sc, config.train(), seed, resolvedYaml, console);

        List<ModelState> members = new ArrayList<>();
        List<RoundEvent> firstMemberRounds = new ArrayList<>();
        List<Rebalancing.Result> sets = rebalancing.trainingSets(spark, fitRows, fitPerClass);
        EpochLog epochLog = new EpochLog(run, prefix);
        for (int m = 0; m < sets.size(); m++) {
            Rebalancing.Result set = sets.get(m);
            String memberLabel = label + (sets.size() > 1 ? String.format("member %d/%d  ", m + 1, sets.size()) : "");
            if (set.describe() != null) {
                console.printf("%s%s%n", memberLabel, set.describe());
            }
            Broadcast<Map<String, float[]>> pixelStd = set.pixelStd() == null ? null : sc.broadcast(set.pixelStd());
            TrainingData shards = set.recipes() == null
                    ? TrainingData.shard(set.originals(), set.perClass(), classes, config.data().image().shape(),
                    config.train().workers(), seed)
                    : TrainingData.shardRecipes(set.recipes(), data.rows(), set.perClass(), classes,
                    config.data().image().shape(), config.train().workers(), seed, pixelStd,
                    rebalance.augmentsCopies() ? RandomAffine.mild() : null);
            String member = sets.size() > 1 ? String.format("member-%02d", m + 1) : null;
            String checkpointDir = prefix + RunDirectory.CHECKPOINTS + (member == null ? "" : "/" + member);
            EventLog events = new EventLog(run, prefix + (member == null ? RunDirectory.EVENTS : "events-" + member + ".jsonl"));
            int memberIndex = m;
            ModelFit.Result result = fit.fit(shards, spec, new Checkpoints(run, checkpointDir), events,
                    state -> Evaluation.quickScores(sc, test, spec, state, epochScoreBatch, classes),
                    score -> epochLog.record(memberIndex, List.of(score)), memberLabel);
            members.add(result.state());
            if (m == 0) {
                firstMemberRounds.addAll(events.events());
            }
            shards.shards().unpersist(false);
            if (set.recipes() != null) {
                set.recipes().unpersist(false);
            }
            if (pixelStd != null) {
                pixelStd.destroy();
            }
        }

        double[] offsets = null;
        if (validation != null) {
            JavaRDD<Sample> validationRows = TrainingData.evaluationSet(validation, classes, config.data().image().shape(),
                    config.train().workers());
            try (Evaluation scored = Evaluation.score(sc, validationRows, spec, members, null, epochScoreBatch)) {
                // The validation split is a small share of the training rows; its probabilities are
                // what the offsets are chosen from.
                List<Prediction> rows = scored.predictions().collect();
                float[][] probabilities = new float[rows.size()][];
                int[] labels = new int[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    probabilities[i] = rows.get(i).probabilities();
                    labels[i] = rows.get(i).label();
                }
                offsets = new ThresholdMoving().fit(probabilities, labels);
            } finally {
                validationRows.unpersist(false);
            }
            console.printf("%sthreshold moving: decision offsets %s%n", label, Arrays.toString(offsets));
        }
        SavedModel model = new SavedModel(spec, classes, members, offsets);
        model.write(run, prefix);
        return new Fitted(model, new EvaluationReport.History(firstMemberRounds, epochLog.firstMember()));
    }

    private Map<String, String> reportFacts(SavedModel model, PreparedData data) {
        NetworkSpec spec = model.spec();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("network", spec.architecture().configName() + " (" + spec.updater() + ", lr " + spec.learningRate() + ")"
                + (model.isEnsemble() ? ", ensemble of " + model.members().size() + " (soft vote)" : ""));
        facts.put("rebalancing", config.rebalance().summary());
        facts.put("workers", String.valueOf(config.train().workers()));
        facts.put("epochs", String.valueOf(config.train().epochs()));
        facts.put("batch size / averaging frequency", config.train().batchSize() + " / " + config.train().averagingFrequency());
        facts.put("training images per class", data.trainPerClass().toString());
        facts.put("test images per class", data.testPerClass().toString());
        facts.put("seed", String.valueOf(config.seed()));
        return facts;
    }
}
