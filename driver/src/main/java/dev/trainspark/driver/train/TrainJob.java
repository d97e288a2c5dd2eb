package dev.trainspark.driver.train;

import dev.trainspark.driver.config.EarlyStoppingConfig;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.models.SavedModel;
import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.run.Checkpoints;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.ParameterCounts;
import dev.trainspark.pipeline.augment.RandomAffine;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.pipeline.rebalance.RebalanceSpec;
import dev.trainspark.pipeline.rebalance.ThresholdMoving;
import dev.trainspark.pipeline.split.HoldoutSpec;
import dev.trainspark.pipeline.split.StratifiedHoldout;
import dev.trainspark.models.ModelState;
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
    private final RunDirectory run;
    private final PrintStream console;

    public TrainJob(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
    }

    /** What the run produced. */
    public record Outcome(FullMetrics metrics, SavedModel model, int epochs) {
    }

    public Outcome run() throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // A cluster that cannot run the configured training says so before the data is prepared.
        Trainer.requireClusterFor(spark, config);
        PreparedData data = PreparedData.load(spark, config, run, console);
        data.printClassTable(console);
        JavaRDD<Sample> test = TrainingData.evaluationSet(data.test(), data.classes(), config.data().image().shape(),
                config.train().workers());
        try {
            Trainer.Fitted fitted = new Trainer(spark, config, run, console)
                    .train(data, new Trainer.Rows(data.train(), data.trainPerClass(), data.test(), test), Trainer.Scope.RUN);
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

    private Map<String, String> reportFacts(SavedModel model, PreparedData data) {
        NetworkSpec spec = model.spec();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("network", ParameterCounts.describe(spec) + ", " + spec.updater() + ", lr " + spec.learningRate()
                + (model.isEnsemble() ? ", ensemble of " + model.members().size() + " (soft vote)" : ""));
        facts.put("rebalancing", config.rebalance().summary());
        facts.put("workers", String.valueOf(config.train().workers()));
        facts.put("epochs", String.valueOf(config.train().epochs()));
        EarlyStoppingConfig stopping = config.train().earlyStopping();
        if (stopping != null) {
            facts.put("early stopping", "on validation " + stopping.metric() + " (" + stopping.validationFraction()
                    + " of each training class held out), patience " + stopping.patience() + ", min_delta "
                    + stopping.minDelta() + "; the model is the best validation epoch's, see epochs.jsonl");
        }
        facts.put("batch size / averaging frequency", config.train().batchSize() + " / " + config.train().averagingFrequency());
        facts.put("training images per class", data.trainPerClass().toString());
        facts.put("test images per class", data.testPerClass().toString());
        facts.put("seed", String.valueOf(config.seed()));
        return facts;
    }
}
