package dev.trainspark.driver.train;

import dev.trainspark.models.ModelState;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.workers.allreduce.RingRendezvous;
import dev.trainspark.workers.fit.AllreduceEpochTask;
import dev.trainspark.workers.fit.EpochReport;
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
import java.util.Comparator;
import java.util.List;

/**
 * {@code train.sync: allreduce}: an epoch as one Spark barrier stage. The driver broadcasts the
 * epoch's start state once; the tasks fit every round and average among themselves after each
 * ({@link AllreduceEpochTask}); partition 0 returns the final state, every task its figures per
 * round, which the driver then reports round by round as the driver-synchronised rounds are
 * (events, progress lines, the divergence guard), once the epoch is over.
 */
final class AllreduceEpochs {
    /** How long the driver waits for executors to register until every worker has a slot. */
    private static final long SLOT_WAIT_MILLIS = 60_000;

    private AllreduceEpochs() {
    }

    static ModelState fit(JavaSparkContext sc, ShardTrainer trainer, JavaRDD<Sample> shards, ModelState start,
                          RoundPlan firstRound, int rounds, ParameterAveraging.RoundListener listener) {
        requireSlots(sc.sc(), shards.getNumPartitions());
        long t0 = System.nanoTime();
        Broadcast<ModelState> shared = sc.broadcast(start);
        double broadcast = (System.nanoTime() - t0) / 1e9;
        String shardSet = sc.sc().applicationId() + "/" + shards.id();
        ClassTag<EpochReport> tag = ClassTag$.MODULE$.apply(EpochReport.class);
        List<EpochReport> reports;
        long submitMillis = System.currentTimeMillis();
        try (RingRendezvous rendezvous = RingRendezvous.open(driverHost(sc.sc()), shards.getNumPartitions())) {
            reports = new ArrayList<>(shards.rdd().barrier()
                    .mapPartitions(new AllreduceEpochTask(trainer, shardSet, shared, firstRound, rounds, rendezvous.address()),
                            false, tag)
                    .toJavaRDD().collect());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the ring's rendezvous on the driver: " + e.getMessage(), e);
        } finally {
            shared.destroy();
        }
        long returnMillis = System.currentTimeMillis();
        reports.sort(Comparator.comparingInt(EpochReport::partition));
        long firstStart = reports.stream().mapToLong(EpochReport::startMillis).min().orElse(submitMillis);
        long lastEnd = reports.stream().mapToLong(EpochReport::endMillis).max().orElse(returnMillis);
        for (int r = 0; r < rounds; r++) {
            RoundResult round = RoundResult.empty();
            RoundTimes times = null;
            double total = 0;
            for (EpochReport report : reports) {
                round.merge(report.rounds().get(r));
                RoundTimes t = report.times().get(r);
                // The round's split is the slowest fitter's (the others' exchange includes waiting for it).
                times = times == null || t.fit() > times.fit() ? t : times;
                total = Math.max(total, t.total());
            }
            times = times.withTotal(total);
            if (r == 0) {
                // Wall clocks of different hosts can disagree by a little: no phase is reported below zero.
                times = times.withDriverSide(broadcast, Math.max(0, firstStart - submitMillis) / 1e3, 0);
            }
            if (r == rounds - 1) {
                times = times.withDriverSide(0, 0, Math.max(0, returnMillis - lastEnd) / 1e3);
            }
            listener.onRound(firstRound.epoch(), r, rounds, round.withTimes(times), times.total());
        }
        return reports.get(0).state();
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
