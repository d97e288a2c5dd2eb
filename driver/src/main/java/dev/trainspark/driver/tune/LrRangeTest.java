package dev.trainspark.driver.tune;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.report.LrRangePlot;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.PreparedData;
import dev.trainspark.driver.train.Trainer;
import dev.trainspark.driver.train.TrainingFailedException;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.ParameterCounts;
import dev.trainspark.models.optim.ExponentialRampSchedule;
import dev.trainspark.workers.fit.BatchAugmenter;
import dev.trainspark.workers.fit.Sample;
import dev.trainspark.workers.lrrange.RangeTestSteps;
import dev.trainspark.workers.lrrange.SmoothedLoss;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tune lr}: the learning-rate range test. The configured network, from its initial state,
 * fits one minibatch per iteration while the rate rises exponentially from {@code --min} to
 * {@code --max}; the smoothed loss at each rate is recorded, and the sweep stops once it diverges
 * (above {@value SmoothedLoss#DIVERGENCE_FACTOR} times its lowest, or not a number). The data is
 * what {@code train} fits: the same split, rebalancing, shards and augmentation, through the same
 * Spark preparation.
 *
 * <p>The steps run in one Spark task on worker 0's shard, one network without averaging: every
 * step then sees exactly one rate, and the loss it records belongs to that rate. Averaged replicas
 * would mix the losses of several networks into each point, and the driver may have no
 * accelerator, nor room for the shard. One pass over the shard is as many iterations as an epoch of
 * {@code train} has. The sweep goes in stretches of a few iterations, one Spark job each, so the
 * driver can print progress; the network's state goes out and comes back with each.
 */
public final class LrRangeTest {
    static final String CSV = "lr_range.csv";
    static final String PLOT = "lr_range.png";
    static final String REPORT = "lr_range.json";
    /** About this many progress lines per sweep. */
    private static final int PROGRESS_LINES = 10;
    /** Iterations per stretch at least: each stretch costs a Spark job and a round trip of the network. */
    private static final int MIN_STRETCH = 10;

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;
    private final LrRangeSettings settings;

    public LrRangeTest(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console,
                       LrRangeSettings settings) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
        this.settings = settings;
    }

    /** The sweep and what it suggests. */
    public record Outcome(LrSweep sweep, LrSuggestion suggestion) {
    }

    public Outcome run() throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        PreparedData data = PreparedData.load(spark, config, run, console);
        Trainer.Rows rows = new Trainer.Rows(data.train(), data.trainPerClass(), null, null);
        try (Trainer.FirstNetworkInput input = new Trainer(spark, config, run, console).firstNetworkInput(data, rows)) {
            if (input.describe() != null) {
                console.println(input.describe());
            }
            NetworkSpec spec = input.spec();
            int batch = config.train().batchSize();
            long shardRows = input.shards().maxShardSize();
            int iterations = settings.iterationsFor((int) ((shardRows + batch - 1) / batch));
            ExponentialRampSchedule ramp = new ExponentialRampSchedule(settings.min(), settings.max(), iterations - 1);
            RangeTestSteps steps = new RangeTestSteps(spec, ramp, batch, config.seed(),
                    new BatchAugmenter(config.augment().pipeline(config.data().image().channels()), config.seed()));
            console.printf("lr range test: %s, %s; learning rate %s to %s over %d iterations of batch %d; one network on "
                            + "worker 0's shard (up to %d of the %d training images), no averaging%n", ParameterCounts.describe(spec),
                    spec.updater(), settings.min(), settings.max(), iterations, batch, shardRows,
                    input.shards().trainPerClass().values().stream().mapToLong(Long::longValue).sum());
            LrSweep sweep = sweep(sc, input.shards().shards(), spec, steps, ramp, iterations);
            return finish(sweep);
        }
    }

    private LrSweep sweep(JavaSparkContext sc, JavaRDD<Sample> shards, NetworkSpec spec, RangeTestSteps steps,
                          ExponentialRampSchedule ramp, int iterations) {
        double[] rates = new double[iterations];
        double[] losses = new double[iterations];
        double[] smoothedValues = new double[iterations];
        int done = 0;
        ModelState state = ModelState.of(Networks.build(spec));
        SmoothedLoss smoothed = SmoothedLoss.start();
        int stride = Math.max(MIN_STRETCH, (iterations + PROGRESS_LINES - 1) / PROGRESS_LINES);
        while (done < iterations && !smoothed.diverged()) {
            int count = Math.min(stride, iterations - done);
            Broadcast<ModelState> shared = sc.broadcast(state);
            RangeTestSteps.Stretch stretch;
            try {
                // Only partition 0 is computed: the job runs one task, on worker 0's shard.
                stretch = shards.mapPartitionsWithIndex(stretchOf(steps, shared, done, count, smoothed), true)
                        .collectPartitions(new int[] {0})[0].get(0);
            } finally {
                shared.destroy();
            }
            state = stretch.state();
            for (double loss : stretch.losses()) {
                smoothed = smoothed.next(loss);
                rates[done] = ramp.valueAt(done, 0);
                losses[done] = loss;
                smoothedValues[done] = smoothed.value();
                done++;
            }
            console.printf("lr range test: iteration %d/%d  learning rate %.3g  loss %.4f  smoothed %.4f%n", done, iterations,
                    rates[done - 1], losses[done - 1], smoothedValues[done - 1]);
            if (smoothed.diverged()) {
                boolean nan = !Double.isFinite(smoothed.value());
                console.printf("lr range test: stopped at iteration %d, learning rate %.3g: %s%n", done, rates[done - 1],
                        nan ? "the loss is not a number"
                                : String.format("smoothed loss %.4f above %.0f x the lowest (%.4f)", smoothed.value(),
                                SmoothedLoss.DIVERGENCE_FACTOR, smoothed.best()));
                return new LrSweep(Arrays.copyOf(rates, done), Arrays.copyOf(losses, done), Arrays.copyOf(smoothedValues, done),
                        iterations, nan ? LrSweep.End.NOT_A_NUMBER : LrSweep.End.DIVERGED, smoothed.limit());
            }
        }
        return new LrSweep(rates, losses, smoothedValues, iterations, LrSweep.End.COMPLETED, Double.NaN);
    }

    /** The task of one stretch; static, so the closure holds only what it names, not this job. */
    private static Function2<Integer, Iterator<Sample>, Iterator<RangeTestSteps.Stretch>> stretchOf(
            RangeTestSteps steps, Broadcast<ModelState> shared, int first, int count, SmoothedLoss smoothed) {
        return (partition, rows) -> Collections.singletonList(steps.fit(partition, rows, shared.value(), first, count, smoothed))
                .iterator();
    }

    private Outcome finish(LrSweep sweep) {
        LrSuggestion suggestion;
        try {
            suggestion = LrSuggestion.of(sweep.rates(), sweep.smoothed());
        } catch (IllegalArgumentException e) {
            throw new TrainingFailedException("lr range test: the loss was not a number from the first iterations on, at "
                    + "learning rate " + settings.min() + "; accepted: a lower --min, or see README's Sanity checks");
        }
        run.writeText(CSV, sweep.csv());
        run.writeBytes(PLOT, LrRangePlot.png(sweep.rates(), sweep.losses(), sweep.smoothed(), suggestion.suggested(),
                "suggested " + suggestion.rounded()));
        run.writeJson(REPORT, report(sweep, suggestion));
        if (!suggestion.descended()) {
            console.printf("lr range test: warning: the smoothed loss never fell below its first value; the suggestion is "
                    + "the min-loss rule's; try a lower --min%n");
        }
        console.printf("suggested learning rate: %s (steepest descent of the smoothed loss at %s; min loss at %.3g / 10 = %.3g)%n",
                suggestion.rounded(), suggestion.descended() ? String.format("%.3g", suggestion.steepestRate()) : "none",
                suggestion.minRate(), suggestion.minRateOverTen());
        console.printf("tip: --set model.learning_rate=%s%n", suggestion.rounded());
        console.printf("run folder: %s%n", run.dir());
        return new Outcome(sweep, suggestion);
    }

    private Map<String, Object> report(LrSweep sweep, LrSuggestion suggestion) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("suggested_learning_rate", suggestion.suggested());
        report.put("suggested_rounded", suggestion.rounded());
        report.put("rule", suggestion.descended() ? "steepest_descent" : "min_loss_over_10");
        report.put("how", suggestion.descended()
                ? "the rate where the smoothed loss falls fastest per decade of learning rate, searched from iteration "
                + LrSuggestion.SKIP_START + " (or the start, when the minimum comes earlier) up to the minimum of the smoothed loss"
                : "the smoothed loss never fell below its first value: the rate of its minimum divided by 10");
        Map<String, Object> steepest = new LinkedHashMap<>();
        steepest.put("iteration", suggestion.descended() ? suggestion.steepestIndex() : null);
        steepest.put("learning_rate", finiteOrNull(suggestion.steepestRate()));
        steepest.put("slope_per_decade", finiteOrNull(suggestion.slope()));
        report.put("steepest_descent", steepest);
        Map<String, Object> minimum = new LinkedHashMap<>();
        minimum.put("iteration", suggestion.minIndex());
        minimum.put("learning_rate", suggestion.minRate());
        minimum.put("smoothed_loss", suggestion.minLoss());
        minimum.put("learning_rate_over_10", suggestion.minRateOverTen());
        report.put("min_loss", minimum);
        Map<String, Object> sweepFacts = new LinkedHashMap<>();
        sweepFacts.put("min", settings.min());
        sweepFacts.put("max", settings.max());
        sweepFacts.put("iterations_planned", sweep.planned());
        sweepFacts.put("iterations_run", sweep.iterations());
        sweepFacts.put("ended", sweep.end().jsonName());
        sweepFacts.put("divergence_limit", finiteOrNull(sweep.limit()));
        sweepFacts.put("last_learning_rate", sweep.rates()[sweep.iterations() - 1]);
        sweepFacts.put("batch_size", config.train().batchSize());
        sweepFacts.put("smoothing_beta", SmoothedLoss.BETA);
        sweepFacts.put("divergence_factor", SmoothedLoss.DIVERGENCE_FACTOR);
        report.put("sweep", sweepFacts);
        return report;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
