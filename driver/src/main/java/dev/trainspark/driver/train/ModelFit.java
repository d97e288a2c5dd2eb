package dev.trainspark.driver.train;

import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.report.RoundSelection;
import dev.trainspark.driver.run.Checkpoint;
import dev.trainspark.driver.run.Checkpoints;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.ParameterCounts;
import dev.trainspark.driver.config.RoundSync;
import dev.trainspark.driver.config.TrainConfig;
import dev.trainspark.models.ModelState;
import dev.trainspark.workers.fit.MinibatchSteps;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Trains one network for the configured epochs with parameter averaging: progress per round, the
 * test figures and then a checkpoint after every epoch (keeping the configured number), continuing
 * from the newest intact checkpoint when there is one. Under early stopping it stops once the
 * validation figure has not improved for {@code patience} epochs and ends with the best epoch's state.
 */
final class ModelFit {
    /**
     * Accuracy and balanced accuracy on the test rows after one epoch.
     *
     * @param validation the figures on the validation rows under early stopping, else null
     */
    record EpochScore(int epoch, double accuracy, double balancedAccuracy, ValidationScores validation) {
    }

    /**
     * The fitted state (under early stopping the best epoch's), the per-epoch test figures of this
     * invocation, and the network as it ended, with the learning rate lowered when training diverged.
     */
    record Result(ModelState state, List<EpochScore> scores, NetworkSpec spec) {
    }

    /** A round that diverged, thrown out of the epoch to abandon its remaining rounds. */
    private static final class Diverged extends RuntimeException {
        final int epoch;
        final int round;
        final double loss;
        final double limit;

        Diverged(int epoch, int round, double loss, double limit) {
            super(null, null, false, false);
            this.epoch = epoch;
            this.round = round;
            this.loss = loss;
            this.limit = limit;
        }

        String describe() {
            return String.format("loss %s in epoch %d round %d", Double.isFinite(loss) ? String.format("%.4g", loss) : loss, epoch, round)
                    + (Double.isFinite(loss) ? String.format(" (above %.4g, train.divergence.factor x the initial loss)", limit) : "");
        }
    }

    /** Event lines under early stopping: an epoch's validation figure with the best so far, and the stop. */
    private static final String VALIDATION_EVENT = "validation";
    private static final String EARLY_STOP_EVENT = "early_stop";

    private final JavaSparkContext sc;
    private final TrainConfig train;
    private final long seed;
    private final String resolvedYaml;
    private final PrintStream console;
    private final MinibatchSteps steps;
    private final long[] perClass;

    /** @param perClass rows fitted per class, in class order: what the loss of the untrained network depends on */
    ModelFit(JavaSparkContext sc, TrainConfig train, MinibatchSteps steps, long seed, String resolvedYaml, PrintStream console,
             long[] perClass) {
        this.sc = sc;
        this.train = train;
        this.steps = steps;
        this.seed = seed;
        this.resolvedYaml = resolvedYaml;
        this.console = console;
        this.perClass = perClass.clone();
    }

    /** Trains all epochs, without early stopping. */
    Result fit(TrainingData data, NetworkSpec spec, Checkpoints checkpoints, EventLog events,
               Function<ModelState, double[]> evaluator, Consumer<EpochScore> scored, ModelState initial, String label)
            throws IOException {
        return fit(data, spec, checkpoints, events, evaluator, scored, initial, label, null);
    }

    /**
     * @param initial    the state to start from when there is no checkpoint (a warm start), or null for a freshly initialised network
     * @param label      printed before every progress line (e.g. "member 2/5 "), may be empty
     * @param evaluator  test figures of a state: {accuracy, balanced accuracy}
     * @param scored     records an epoch's test figures; called before the epoch's checkpoint is written, so
     *                   every checkpointed epoch has its figures recorded
     * @param stopping   early stopping on the validation rows, or null to train all epochs
     */
    Result fit(TrainingData data, NetworkSpec spec, Checkpoints checkpoints, EventLog events,
               Function<ModelState, double[]> evaluator, Consumer<EpochScore> scored, ModelState initial, String label,
               EarlyStopping stopping)
            throws IOException {
        ModelState state;
        int startEpoch;
        var resumed = checkpoints.latest(warning -> console.printf("%s%s%n", label, warning));
        if (resumed.isPresent()) {
            Checkpoint c = resumed.get();
            state = c.state();
            startEpoch = c.epochsDone();
            if (startEpoch > 0) {
                console.printf("%sresume: continuing after epoch %d%n", label, startEpoch);
            }
        } else {
            state = initial != null ? initial : ModelState.of(Networks.build(spec));
            startEpoch = 0;
        }
        events.restore(startEpoch);
        if (stopping != null) {
            stopping.resumeAfter(startEpoch);
        }
        // A run that rolled back goes on at the rate it lowered to, also after a resume.
        NetworkSpec current = events.lastRollbackLearningRate().isPresent()
                ? spec.withLearningRate(events.lastRollbackLearningRate().getAsDouble()) : spec;
        if (current != spec) {
            console.printf("%sresume: learning rate %s, as lowered after divergence%n", label, current.learningRate());
        }
        InitialLoss expected = InitialLoss.of(spec, perClass, train.sanityFactor());
        List<RoundEvent> earlier = events.events();
        DivergenceGuard guard = new DivergenceGuard(train.divergence(), expected.expected(),
                earlier.isEmpty() ? Double.NaN : earlier.get(0).loss(), events.notes(EventLog.ROLLBACK).size());
        boolean[] initialLossChecked = {!train.sanity() || !earlier.isEmpty()};
        ParameterAveraging averaging = averaging(current, data);
        int epochs = train.epochs();
        boolean stopped = stopping != null && stopping.exhausted();
        if (stopped) {
            console.printf("%searly stopping: the run had stopped after epoch %d%n", label, startEpoch);
        }
        if (startEpoch < epochs && !stopped) {
            console.printf("%strain: %s, %d workers, %d rounds per epoch (batch %d, averaging every %d minibatches%s), %d epochs%n",
                    label, ParameterCounts.describe(spec), train.workers(), averaging.roundsPerEpoch(data.maxShardSize()),
                    train.batchSize(), train.averagingFrequency(),
                    averaging.sync() == RoundSync.ALLREDUCE ? " among the tasks, one Spark stage per epoch" : "", epochs);
        }
        List<EpochScore> scores = new ArrayList<>();
        int epochsDone = startEpoch;
        for (int epoch = startEpoch; epoch < epochs && !stopped; epoch++) {
            int shownEpoch = epoch + 1;
            ModelState epochStart = state;
            try {
                state = averaging.fitEpoch(data.shards(), data.maxShardSize(), state, epoch, (e, round, rounds, result, seconds) -> {
                    RoundEvent event = new RoundEvent(e + 1, round + 1, result.meanLoss(), result.examples() / seconds,
                            result.examples(), seconds, RoundSelection.of(result, steps.selection()), result.times());
                    events.append(event);
                    console.printf("%sepoch %d/%d  round %d/%d  loss %.4f  %.0f images/s%n", label, shownEpoch, epochs,
                            round + 1, rounds, result.meanLoss(), event.examplesPerSecond());
                    if (!initialLossChecked[0]) {
                        initialLossChecked[0] = true;
                        warnAboutInitialLoss(expected, result.meanLoss(), events, label);
                    }
                    if (guard.diverged(result.meanLoss())) {
                        throw new Diverged(e + 1, round + 1, result.meanLoss(), guard.limit());
                    }
                });
            } catch (Diverged d) {
                events.discardRoundsFrom(shownEpoch);
                current = rollBack(d, guard, current, epoch, events, label);
                averaging = averaging(current, data);
                state = epochStart;
                epoch--;
                continue;
            }
            double[] score = evaluator.apply(state);
            ValidationScores validation = stopping == null ? null : stopping.validate(state);
            scores.add(new EpochScore(shownEpoch, score[0], score[1], validation));
            scored.accept(scores.get(scores.size() - 1));
            if (stopping != null) {
                stopping.observe(shownEpoch, validation);
                noteValidation(stopping, shownEpoch, validation, events, label);
            }
            int iteration = (epoch + 1) * averaging.batchesPerEpoch(data.maxShardSize());
            checkpoints.write(new Checkpoint(epoch + 1, iteration, seed, state), new Checkpoints.Score(score[0], score[1],
                    validation == null ? Map.of() : validation.byName()), resolvedYaml);
            if (stopping == null) {
                checkpoints.prune(train.keepCheckpoints());
            } else {
                checkpoints.prune(train.keepCheckpoints(), stopping.bestEpoch());
            }
            console.printf("%sepoch %d/%d done: test accuracy %.4f, balanced accuracy %.4f (checkpoint written)%n",
                    label, shownEpoch, epochs, score[0], score[1]);
            epochsDone = shownEpoch;
            if (stopping != null && stopping.exhausted()) {
                noteStop(stopping, shownEpoch, events, label);
                stopped = true;
            }
        }
        if (stopping != null && stopping.bestEpoch() != epochsDone) {
            state = checkpoints.ofEpoch(stopping.bestEpoch()).state();
        }
        if (stopping != null) {
            console.printf("%searly stopping: the model is epoch %d's (validation %s %.4f)%n", label, stopping.bestEpoch(),
                    stopping.settings().metric(), stopping.best());
        }
        return new Result(state, scores, current);
    }

    private void noteValidation(EarlyStopping stopping, int epoch, ValidationScores validation, EventLog events, String label) {
        String metric = stopping.settings().metric();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("epoch", epoch);
        fields.put("metric", metric);
        fields.put("value", validation.value(metric));
        fields.put("best_epoch", stopping.bestEpoch());
        fields.put("best", stopping.best());
        fields.put("epochs_without_improvement", stopping.epochsWithoutImprovement());
        fields.put("patience", stopping.settings().patience());
        events.note(VALIDATION_EVENT, fields);
        console.printf("%sepoch %d validation: %s %.4f; best %.4f at epoch %d; epochs without improvement: %d of %d%n", label,
                epoch, metric, validation.value(metric), stopping.best(), stopping.bestEpoch(),
                stopping.epochsWithoutImprovement(), stopping.settings().patience());
    }

    private void noteStop(EarlyStopping stopping, int epoch, EventLog events, String label) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("epoch", epoch);
        fields.put("metric", stopping.settings().metric());
        fields.put("best_epoch", stopping.bestEpoch());
        fields.put("best", stopping.best());
        fields.put("patience", stopping.settings().patience());
        fields.put("min_delta", stopping.settings().minDelta());
        events.note(EARLY_STOP_EVENT, fields);
        console.printf("%searly stopping: validation %s did not improve by more than %s for %d epoch(s); "
                + "stopped after epoch %d%n", label, stopping.settings().metric(), stopping.settings().minDelta(), stopping.settings().patience(), epoch);
    }

    private ParameterAveraging averaging(NetworkSpec spec, TrainingData data) {
        // The workers cache networks per spec, so a spec with another learning rate gets networks built with it.
        return new ParameterAveraging(sc, spec, train.batchSize(), train.averagingFrequency(), seed, steps)
                .forRun(data.maxShardSize(), train.epochs()).withSync(train.roundSync());
    }

    private void warnAboutInitialLoss(InitialLoss expected, double loss, EventLog events, String label) {
        expected.warning(loss).ifPresent(warning -> {
            console.printf("%s%s%n", label, warning);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("epoch", 1);
            fields.put("round", 1);
            fields.put("loss", finiteOrNull(loss));
            fields.put("expected", expected.expected());
            fields.put("factor", expected.factor());
            fields.put("message", warning);
            events.note("initial_loss_warning", fields);
        });
    }

    /**
     * Goes back to the state before the diverged epoch (the last checkpoint, or the start) at a lower
     * learning rate, or gives the run up when the roll-backs are spent.
     *
     * @return the network to go on with
     */
    private NetworkSpec rollBack(Diverged d, DivergenceGuard guard, NetworkSpec current, int epochsDone, EventLog events,
                                 String label) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("epoch", d.epoch);
        fields.put("round", d.round);
        fields.put("loss", finiteOrNull(d.loss));
        fields.put("limit", finiteOrNull(d.limit));
        if (!guard.mayRollBack()) {
            String reason = "training diverged: " + d.describe() + " after " + guard.rollbacks() + " roll-back(s) (train.divergence"
                    + ".max_retries " + guard.maxRetries() + "), learning rate " + current.learningRate()
                    + "; try a lower model.learning_rate, and see README's Sanity checks for other causes";
            fields.put("retries", guard.rollbacks());
            fields.put("message", reason);
            events.note("diverged", fields);
            // The command prints the reason as its one error line.
            throw new TrainingFailedException((label.isBlank() ? "" : label.strip() + ": ") + reason);
        }
        double lowered = guard.rollBack(current.learningRate());
        fields.put(EventLog.ROLLED_BACK_TO_EPOCH, epochsDone);
        fields.put("previous_learning_rate", current.learningRate());
        fields.put(EventLog.LEARNING_RATE, lowered);
        fields.put("retry", guard.rollbacks());
        events.note(EventLog.ROLLBACK, fields);
        console.printf("%sdivergence: %s; rolled back to %s, learning rate %s -> %s (roll-back %d of %d)%n", label,
                d.describe(), epochsDone == 0 ? "the initial state" : "the checkpoint of epoch " + epochsDone,
                current.learningRate(), lowered, guard.rollbacks(), guard.maxRetries());
        return current.withLearningRate(lowered);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
