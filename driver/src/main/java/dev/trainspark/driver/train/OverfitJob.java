package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * {@code train --overfit N}: fits the configured network on N training images per class (no
 * rebalancing, augmentation or selection) until its training loss should be near zero, and says
 * whether it got there. A pipeline whose labels do not stay with their images, or whose network or
 * loss cannot learn, fails it; a working one passes it.
 */
public final class OverfitJob {
    /** Minibatches each worker fits at least: enough for the default network to memorise a few images per class. */
    static final int MIN_STEPS = 50;
    /** The last round's loss must fall below this share of the loss an untrained network shows. */
    static final double PASS_SHARE = 0.1;
    static final String REPORT = "overfit.json";

    /**
     * What each epoch fits: the cached shards as they are. A test gives one that detaches the labels
     * from the images, which no network can fit.
     */
    interface EpochShards {
        EpochShards AS_CACHED = (shards, epoch) -> shards;

        JavaRDD<Sample> forEpoch(JavaRDD<Sample> shards, int epoch);
    }

    /**
     * The outcome.
     *
     * @param firstLoss  mean loss of the first round
     * @param lastLoss   mean loss of the last round
     * @param limit      the loss the last round had to stay below
     * @param accuracy   accuracy on the same images after the last round
     */
    public record Verdict(double firstLoss, double lastLoss, double limit, double accuracy, int rounds) {
        public boolean passed() {
            return Double.isFinite(lastLoss) && lastLoss <= limit;
        }

        /** Why the check failed, in one sentence. */
        public String reason() {
            return String.format("overfit check failed: the training loss went from %.4f to %.4f in %d rounds, not below %.4f "
                    + "(see overfit.json)", firstLoss, lastLoss, rounds, limit);
        }

        /** {@code overfit: loss X -> Y (PASS|FAIL: why)}. */
        public String line() {
            return String.format("overfit: loss %.4f -> %.4f (%s)", firstLoss, lastLoss, passed() ? "PASS"
                    : String.format("FAIL: after %d rounds the training loss is not below %.4f, a tenth of an untrained "
                    + "network's; labels that do not stay with their images, inputs the network cannot tell apart, or a "
                    + "loss or learning rate that does not fit the network", rounds, limit));
        }
    }

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;
    private final int perClass;
    private final EpochShards epochShards;

    public OverfitJob(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console, int perClass) {
        this(spark, config, run, console, perClass, EpochShards.AS_CACHED);
    }

    OverfitJob(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console, int perClass,
               EpochShards epochShards) {
        if (perClass < 1) {
            throw new BadParameterException("--overfit is " + perClass + "; accepted: an integer >= 1 (images per class)");
        }
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
        this.perClass = perClass;
        this.epochShards = epochShards;
    }

    public Verdict run() throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // A cluster that cannot run the configured training says so before the data is prepared.
        Trainer.requireClusterFor(spark, config);
        PreparedData data = PreparedData.load(spark, config, run, console);
        List<String> classes = data.classes();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String c : classes) {
            long available = data.trainPerClass().get(c);
            if (available < perClass) {
                throw new BadParameterException("--overfit is " + perClass + " but class '" + c + "' has only " + available
                        + " training image(s); accepted: at most " + available + " (or a smaller test split)");
            }
            counts.put(c, (long) perClass);
        }
        // The first N of each class by id: a fixed, effectively random pick (the id is a hash of the path).
        Dataset<Row> picked = data.train()
                .withColumn("_rank", row_number().over(Window.partitionBy(DatasetColumns.LABEL).orderBy(DatasetColumns.ID)))
                .where(col("_rank").leq(perClass)).drop("_rank");
        int workers = config.train().workers();
        NetworkSpec spec = config.networkSpec(classes.size());
        TrainingData shards = TrainingData.shard(picked, counts, classes, config.data().image().shape(), workers, config.seed());
        JavaRDD<Sample> same = TrainingData.evaluationSet(picked, classes, config.data().image().shape(), workers);
        try {
            ParameterAveraging averaging = new ParameterAveraging(sc, spec, config.train().batchSize(),
                    config.train().averagingFrequency(), config.seed(), MinibatchSteps.PLAIN);
            int batchesPerEpoch = averaging.batchesPerEpoch(shards.maxShardSize());
            int epochs = Math.max(config.train().epochs(), (MIN_STEPS + batchesPerEpoch - 1) / batchesPerEpoch);
            // A schedule that ends with the run (cosine, polynomial) gets this check's length, as train's gets its own.
            averaging = averaging.forRun(shards.maxShardSize(), epochs).withSync(config.train().roundSync());
            console.printf("overfit: %d training images per class (%d in all), %s, %d workers, %d epochs of %d round(s); "
                            + "no rebalancing, augmentation or selection%n", perClass, perClass * classes.size(),
                    spec.architecture().configName(), workers, epochs, averaging.roundsPerEpoch(shards.maxShardSize()));
            EventLog events = new EventLog(run, RunDirectory.EVENTS);
            List<Double> losses = new ArrayList<>();
            ModelState state = ModelState.of(Networks.build(spec));
            for (int epoch = 0; epoch < epochs; epoch++) {
                int shown = epoch + 1;
                state = averaging.fitEpoch(epochShards.forEpoch(shards.shards(), epoch), shards.maxShardSize(), state, epoch,
                        (e, round, rounds, result, seconds) -> {
                            losses.add(result.meanLoss());
                            events.append(new RoundEvent(e + 1, round + 1, result.meanLoss(), result.examples() / seconds,
                                    result.examples(), seconds));
                        });
                if (shown == 1 || shown % 10 == 0 || shown == epochs) {
                    console.printf("overfit: epoch %d/%d  loss %.4f%n", shown, epochs, losses.get(losses.size() - 1));
                }
            }
            double limit = PASS_SHARE * InitialLoss.expectedLoss(spec, counts.values().stream().mapToLong(Long::longValue).toArray());
            double accuracy = Evaluation.quickScores(sc, same, spec, state, config.train().evalBatchSize(), classes)[0];
            Verdict verdict = new Verdict(losses.get(0), losses.get(losses.size() - 1), limit, accuracy, losses.size());
            console.printf("overfit: accuracy on the same %d images %.4f%n", perClass * classes.size(), accuracy);
            write(verdict);
            console.println(verdict.line());
            return verdict;
        } finally {
            shards.shards().unpersist(false);
            same.unpersist(false);
        }
    }

    private void write(Verdict verdict) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("images_per_class", perClass);
        report.put("rounds", verdict.rounds());
        report.put("first_loss", finiteOrNull(verdict.firstLoss()));
        report.put("last_loss", finiteOrNull(verdict.lastLoss()));
        report.put("pass_below", verdict.limit());
        report.put("accuracy_on_same_images", verdict.accuracy());
        report.put("verdict", verdict.passed() ? "PASS" : "FAIL");
        run.writeJson(REPORT, report);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
