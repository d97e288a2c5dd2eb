package dev.trainspark.driver.train;

import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.report.RoundSelection;
import dev.trainspark.driver.run.Checkpoint;
import dev.trainspark.driver.run.Checkpoints;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.ParameterCounts;
import dev.trainspark.driver.config.TrainConfig;
import dev.trainspark.models.ModelState;
import dev.trainspark.workers.fit.MinibatchSteps;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Trains one network for the configured epochs with parameter averaging: progress per round, the
 * test figures and then a checkpoint after every epoch (keeping the configured number), continuing
 * from the newest intact checkpoint when there is one.
 */
final class ModelFit {
    /** Accuracy and balanced accuracy on the test rows after one epoch. */
    record EpochScore(int epoch, double accuracy, double balancedAccuracy) {
    }

    /** The fitted state and the per-epoch test figures of this invocation. */
    record Result(ModelState state, List<EpochScore> scores) {
    }

    private final JavaSparkContext sc;
    private final TrainConfig train;
    private final long seed;
    private final String resolvedYaml;
    private final PrintStream console;
    private final MinibatchSteps steps;

    ModelFit(JavaSparkContext sc, TrainConfig train, MinibatchSteps steps, long seed, String resolvedYaml, PrintStream console) {
        this.sc = sc;
        this.train = train;
        this.steps = steps;
        this.seed = seed;
        this.resolvedYaml = resolvedYaml;
        this.console = console;
    }

    /**
     * @param initial    the state to start from when there is no checkpoint (a warm start), or null for a freshly initialised network
     * @param label      printed before every progress line (e.g. "member 2/5 "), may be empty
     * @param evaluator  test figures of a state: {accuracy, balanced accuracy}
     * @param scored     records an epoch's test figures; called before the epoch's checkpoint is written, so
     *                   every checkpointed epoch has its figures recorded
     */
    Result fit(TrainingData data, NetworkSpec spec, Checkpoints checkpoints, EventLog events,
               Function<ModelState, double[]> evaluator, Consumer<EpochScore> scored, ModelState initial, String label)
            throws IOException {
        ParameterAveraging averaging = new ParameterAveraging(sc, spec, train.batchSize(), train.averagingFrequency(), seed, steps)
                .forRun(data.maxShardSize(), train.epochs());
        ModelState state;
        int startEpoch;
        var resumed = checkpoints.latest(warning -> console.printf("%s%s%n", label, warning));
        if (resumed.isPresent()) {
            Checkpoint c = resumed.get();
            state = c.state();
            startEpoch = c.epochsDone();
            events.restore(startEpoch);
            if (startEpoch > 0) {
                console.printf("%sresume: continuing after epoch %d%n", label, startEpoch);
            }
        } else {
            state = initial != null ? initial : ModelState.of(Networks.build(spec));
            startEpoch = 0;
        }
        int epochs = train.epochs();
        if (startEpoch < epochs) {
            console.printf("%strain: %s, %d workers, %d rounds per epoch (batch %d, averaging every %d minibatches), %d epochs%n",
                    label, ParameterCounts.describe(spec), train.workers(), averaging.roundsPerEpoch(data.maxShardSize()),
                    train.batchSize(), train.averagingFrequency(), epochs);
        }
        List<EpochScore> scores = new ArrayList<>();
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            int shownEpoch = epoch + 1;
            state = averaging.fitEpoch(data.shards(), data.maxShardSize(), state, epoch, (e, round, rounds, result, seconds) -> {
                RoundEvent event = new RoundEvent(e + 1, round + 1, result.meanLoss(), result.examples() / seconds,
                        result.examples(), seconds, RoundSelection.of(result, steps.selection()));
                events.append(event);
                console.printf("%sepoch %d/%d  round %d/%d  loss %.4f  %.0f images/s%n", label, shownEpoch, epochs,
                        round + 1, rounds, result.meanLoss(), event.examplesPerSecond());
            });
            double[] score = evaluator.apply(state);
            scores.add(new EpochScore(shownEpoch, score[0], score[1]));
            scored.accept(scores.get(scores.size() - 1));
            int iteration = (epoch + 1) * averaging.batchesPerEpoch(data.maxShardSize());
            checkpoints.write(new Checkpoint(epoch + 1, iteration, seed, state), new Checkpoints.Score(score[0], score[1]),
                    resolvedYaml);
            checkpoints.prune(train.keepCheckpoints());
            console.printf("%sepoch %d/%d done: test accuracy %.4f, balanced accuracy %.4f (checkpoint written)%n",
                    label, shownEpoch, epochs, score[0], score[1]);
        }
        return new Result(state, scores);
    }
}
