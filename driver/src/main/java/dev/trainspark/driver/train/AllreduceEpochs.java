package dev.trainspark.driver.train;

import dev.trainspark.models.ModelState;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.workers.allreduce.RingRendezvous;
import dev.trainspark.workers.allreduce.RingSecret;
import dev.trainspark.workers.fit.AllreduceEpochTask;
import dev.trainspark.workers.fit.EpochReport;
import dev.trainspark.workers.fit.RoundFeed;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.fit.RoundResult;
import dev.trainspark.workers.fit.RoundTimes;
import dev.trainspark.workers.fit.Sample;
import dev.trainspark.workers.fit.ShardTrainer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Comparator;
import java.util.List;

/**
 * {@code train.sync: allreduce}: an epoch as one Spark barrier stage. The driver broadcasts the
 * epoch's start state once; the tasks fit every round and average among themselves after each
 * ({@link AllreduceEpochTask}); partition 0 returns the final state, every task its figures per
 * round. Each task also sends its figures of every round to the driver's {@link RoundFeed} as the
 * round ends, so the driver reports the rounds while the stage runs (events, progress lines, the
 * divergence guard, which cancels the stage), as it does the driver-synchronised rounds.
 */
final class AllreduceEpochs {
    /** How long the driver waits for executors to register until every worker has a slot. */
    private static final long SLOT_WAIT_MILLIS = 60_000;
    /** How often the driver looks for a completed round while the epoch's stage runs. */
    private static final long POLL_MILLIS = 50;
    /** How long a cancelled epoch's stage is given to stop before its failure is reported anyway. */
    private static final long STOP_WAIT_MILLIS = 60_000;

    private AllreduceEpochs() {
    }

    static ModelState fit(JavaSparkContext sc, ShardTrainer trainer, JavaRDD<Sample> shards, ModelState start,
                          RoundPlan firstRound, int rounds, ParameterAveraging.RoundListener listener) {
        int tasks = shards.getNumPartitions();
        requireSlots(sc.sc(), tasks);
        long t0 = System.nanoTime();
        Broadcast<ModelState> shared = sc.broadcast(start);
        double broadcast = (System.nanoTime() - t0) / 1e9;
        String shardSet = sc.sc().applicationId() + "/" + shards.id();
        String host = driverHost(sc.sc());
        List<EpochReport> reports;
        long submitMillis = System.currentTimeMillis();
        Rounds emitted = new Rounds(firstRound.epoch(), rounds, listener, broadcast, submitMillis);
        // A secret of the epoch's own, inside the tasks: whoever else reaches these ports is hung up on.
        String secret = RingSecret.newSecret();
        try (RingRendezvous rendezvous = RingRendezvous.open(host, tasks, secret);
             RoundFeed feed = RoundFeed.open(host, tasks, rounds, secret)) {
            AllreduceEpochTask task = new AllreduceEpochTask(trainer, shardSet, shared, firstRound, rounds,
                    rendezvous.address(), feed.address(), secret);
            reports = runStage(sc, shards, task, feed, emitted, firstRound.epoch());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ring's rendezvous or the round feed on the driver: " + e.getMessage(), e);
        } finally {
            shared.destroy();
        }
        long returnMillis = System.currentTimeMillis();
        reports.sort(Comparator.comparingInt(EpochReport::partition));
        long lastEnd = reports.stream().mapToLong(EpochReport::endMillis).max().orElse(returnMillis);
        emitted.rest(reports, Math.max(0, returnMillis - lastEnd) / 1e3);
        return reports.get(0).state();
    }

    /**
     * Runs the epoch's barrier stage on a thread of its own while this thread reports each round the
     * feed completes. When reporting a round fails (the divergence guard, a full disk), the stage is
     * cancelled and the failure is thrown once the stage has stopped.
     */
    private static List<EpochReport> runStage(JavaSparkContext sc, JavaRDD<Sample> shards, AllreduceEpochTask task,
                                              RoundFeed feed, Rounds emitted, int epoch) {
        ClassTag<EpochReport> tag = ClassTag$.MODULE$.apply(EpochReport.class);
        String group = "trainspark-allreduce-epoch-" + (epoch + 1) + "-" + UUID.randomUUID();
        CompletableFuture<List<EpochReport>> stage = new CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                sc.setJobGroup(group, "allreduce epoch " + (epoch + 1), true);
                stage.complete(new ArrayList<>(shards.rdd().barrier().mapPartitions(task, false, tag).toJavaRDD().collect()));
            } catch (Throwable t) {
                stage.completeExceptionally(t);
            } finally {
                sc.clearJobGroup();
            }
        }, "trainspark-allreduce-epoch-" + (epoch + 1));
        runner.setDaemon(true);
        runner.start();
        try {
            while (!stage.isDone()) {
                RoundFeed.Round round = feed.poll(POLL_MILLIS);
                if (round != null) {
                    emitted.live(round);
                }
            }
        } catch (InterruptedException e) {
            stop(sc, group, runner);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while allreduce epoch " + (epoch + 1) + " ran", e);
        } catch (RuntimeException | Error e) {
            stop(sc, group, runner);
            throw e;
        }
        try {
            return stage.join();
        } catch (CompletionException e) {
            throw AllreduceEpochs.<RuntimeException>rethrow(e.getCause());
        }
    }

    private static void stop(JavaSparkContext sc, String group, Thread runner) {
        sc.cancelJobGroup(group);
        try {
            runner.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Throws {@code t} as it is, checked or not (the stage's failure, as {@code collect} would have thrown it). */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }

    /**
     * The epoch's rounds as reported to the listener, in order, each once: from the feed while the
     * stage runs, all but the last (which also holds the results' return to the driver), and from the
     * tasks' results whatever the feed did not deliver. The round's split is the slowest fitter's (the
     * others' exchange includes waiting for it), its total the longest task's.
     */
    private static final class Rounds {
        private final int epoch;
        private final int rounds;
        private final ParameterAveraging.RoundListener listener;
        private final double broadcast;
        private final long submitMillis;
        private int next;

        Rounds(int epoch, int rounds, ParameterAveraging.RoundListener listener, double broadcast, long submitMillis) {
            this.epoch = epoch;
            this.rounds = rounds;
            this.listener = listener;
            this.broadcast = broadcast;
            this.submitMillis = submitMillis;
        }

        void live(RoundFeed.Round round) {
            if (round.round() == next && round.round() < rounds - 1) {
                report(round.round(), round.parts(), 0);
            }
        }

        void rest(List<EpochReport> reports, double returnSeconds) {
            while (next < rounds) {
                int r = next;
                List<RoundFeed.Part> parts = new ArrayList<>(reports.size());
                for (EpochReport report : reports) {
                    parts.add(new RoundFeed.Part(report.startMillis(), report.rounds().get(r), report.times().get(r)));
                }
                report(r, parts, r == rounds - 1 ? returnSeconds : 0);
            }
        }

        private void report(int r, List<RoundFeed.Part> parts, double returnSeconds) {
            RoundResult round = RoundResult.empty();
            RoundTimes times = null;
            double total = 0;
            long firstStart = Long.MAX_VALUE;
            for (RoundFeed.Part part : parts) {
                round.merge(part.result());
                RoundTimes t = part.times();
                times = times == null || t.fit() > times.fit() ? t : times;
                total = Math.max(total, t.total());
                firstStart = Math.min(firstStart, part.taskStartMillis());
            }
            times = times.withTotal(total);
            if (r == 0) {
                // Wall clocks of different hosts can disagree by a little: no phase is reported below zero.
                times = times.withDriverSide(broadcast, Math.max(0, firstStart - submitMillis) / 1e3, 0);
            }
            if (r == rounds - 1) {
                times = times.withDriverSide(0, 0, returnSeconds);
            }
            next++;
            listener.onRound(epoch, r, rounds, round.withTimes(times), times.total());
        }
    }

    /** The address the executors reach the driver at, as Spark's own RPC uses it. */
    private static String driverHost(SparkContext sc) {
        return sc.conf().get("spark.driver.host");
    }

    /**
     * A barrier stage starts only when every task has a slot; Spark would otherwise retry for
     * minutes before failing with a message about barrier stages. This fails at once with the
     * setting to change, after giving a cluster's executors time to register.
     */
    static void requireSlots(SparkContext sc, int workers) {
        if (!sc.isLocal() && sc.conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new BadParameterException("train.sync is allreduce, which runs each epoch as a Spark barrier stage, and "
                    + "barrier stages do not run under dynamic allocation (spark.dynamicAllocation.enabled=true); accepted: "
                    + "train.sync driver, or spark.dynamicAllocation.enabled=false with executors for " + workers
                    + " tasks at once");
        }
        long deadline = System.currentTimeMillis() + (sc.isLocal() ? 0 : SLOT_WAIT_MILLIS);
        int slots = slots(sc);
        while (slots < workers && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            slots = slots(sc);
        }
        if (slots < workers) {
            throw new BadParameterException(String.format("train.sync is allreduce, which runs all %d workers' tasks at "
                            + "once, but the cluster offers %d task slot(s) (spark.master %s); accepted: train.workers at most %d, "
                            + "more executor cores, or train.sync driver", workers, slots, sc.master(), Math.max(1, slots)));
        }
    }

    private static int slots(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }
}
