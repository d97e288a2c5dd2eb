package dev.trainspark.driver.train;

import dev.trainspark.driver.config.RoundSync;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.workers.fit.RoundResult;
import dev.trainspark.workers.fit.RoundTimes;
import dev.trainspark.workers.fit.Sample;
import dev.trainspark.workers.select.SelectionSpec;
import org.apache.spark.JobExecutionStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Epochs averaged among the tasks of a barrier stage against the same epochs as a Spark job per
 * round: with two workers the ring's float sum halved is the driver's double sum halved, so both
 * must end on the same state, bit for bit, round by round.
 */
@WithLocalSpark
class AllreduceEpochsTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1);
    private static final int BATCH = 8;
    private static final int FREQUENCY = 2;
    private static JavaSparkContext sc;
    /** Partition 0 holds 20 rows (3 minibatches, 2 rounds), partition 1 only 5: it sits out the second round. */
    private static JavaRDD<Sample> uneven;
    private static ModelState start;

    @BeforeAll
    static void data(SparkSession spark) {
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        uneven = sc.parallelize(ParameterAveragingTest.samples(40), 2).filter(s -> Integer.parseInt(s.id().substring(3)) < 25)
                .persist(StorageLevel.MEMORY_ONLY());
        start = ModelState.of(Networks.build(SPEC));
    }

    private record Epochs(ModelState state, List<RoundResult> rounds) {
    }

    private static Epochs run(RoundSync sync, MinibatchSteps steps, int epochs) {
        return run(sync, steps, epochs, FREQUENCY, uneven, 20, 2);
    }

    private static Epochs run(RoundSync sync, MinibatchSteps steps, int epochs, int frequency, JavaRDD<Sample> shards,
                              long maxShardSize, int roundsPerEpoch) {
        ParameterAveraging averaging = new ParameterAveraging(sc, SPEC, BATCH, frequency, 42, steps).withSync(sync);
        List<RoundResult> rounds = new ArrayList<>();
        ModelState state = start;
        for (int e = 0; e < epochs; e++) {
            state = averaging.fitEpoch(shards, maxShardSize, state, e, (epoch, round, perEpoch, result, seconds) -> {
                assertEquals(roundsPerEpoch, perEpoch);
                if (sync == RoundSync.ALLREDUCE) {
                    assertEquals(result.times().total(), seconds, 1e-12, "a round's time is its split's total");
                }
                rounds.add(result);
            });
        }
        return new Epochs(state, rounds);
    }

    private static void assertSameTraining(Epochs jobs, Epochs ring) {
        assertArrayEquals(jobs.state().params(), ring.state().params(), "parameters, bit for bit");
        assertArrayEquals(jobs.state().updaterState(), ring.state().updaterState(), "Adam's state, bit for bit");
        assertEquals(jobs.rounds().size(), ring.rounds().size());
        for (int r = 0; r < jobs.rounds().size(); r++) {
            RoundResult a = jobs.rounds().get(r);
            RoundResult b = ring.rounds().get(r);
            assertEquals(a.examples(), b.examples(), "round " + r);
            assertEquals(a.batches(), b.batches(), "round " + r);
            assertEquals(a.meanLoss(), b.meanLoss(), 1e-12, "round " + r);
            assertEquals(a.candidates(), b.candidates(), "round " + r);
            assertArrayEquals(a.selectedPerClass(), b.selectedPerClass(), "round " + r);
        }
    }

    @Test
    void epochsAveragedAmongTheTasksEndWhereTheDriversRoundsEndBitForBit() {
        Epochs jobs = run(RoundSync.DRIVER, MinibatchSteps.PLAIN, 2);
        Epochs ring = run(RoundSync.ALLREDUCE, MinibatchSteps.PLAIN, 2);
        assertSameTraining(jobs, ring);
        // Partition 1 fits one minibatch of 5 and sits out the second round of each epoch.
        assertEquals(8 + 8 + 5, ring.rounds().get(0).examples());
        assertEquals(4, ring.rounds().get(1).examples());
        assertFalse(java.util.Arrays.equals(start.params(), ring.state().params()), "training moved the parameters");
    }

    @Test
    void hardExampleSelectionUnderAGlobalThresholdTakesTheSameThresholdFromTheRing() {
        MinibatchSteps ohem = MinibatchSteps.selecting(new SelectionSpec(SelectionSpec.Method.OHEM, 2, true, List.of(1.0), 1));
        // Pools of 16 candidates, 8 selected, one step per round over 64 rows per partition: every round after
        // the first selects by the threshold of all candidates of the round before.
        JavaRDD<Sample> even = sc.parallelize(ParameterAveragingTest.samples(128), 2).persist(StorageLevel.MEMORY_ONLY());
        Epochs jobs = run(RoundSync.DRIVER, ohem, 1, 1, even, 64, 4);
        Epochs ring = run(RoundSync.ALLREDUCE, ohem, 1, 1, even, 64, 4);
        even.unpersist(false);
        assertSameTraining(jobs, ring);
        double keptShare = ohem.selection().keptShare();
        for (int r = 0; r < 4; r++) {
            assertEquals(jobs.rounds().get(r).lossThreshold(keptShare), ring.rounds().get(r).lossThreshold(keptShare), 0);
            assertTrue(Double.isFinite(ring.rounds().get(r).lossThreshold(keptShare)));
        }
    }

    @Test
    void eachRoundSaysWhereItsTimeWentAndTheFirstCarriesTheStagesLaunch() {
        Epochs ring = run(RoundSync.ALLREDUCE, MinibatchSteps.PLAIN, 1);
        for (RoundResult r : ring.rounds()) {
            RoundTimes t = r.times();
            for (double part : new double[]{t.broadcast(), t.launch(), t.readState(), t.fit(), t.writeState(), t.aggregation(), t.update()}) {
                assertTrue(part >= 0, t.toString());
            }
            assertTrue(t.fit() > 0, t.toString());
            // The split is the slowest fitter's, whose exchange waited least; the total the longest task's.
            assertTrue(t.total() >= t.fit() + t.aggregation() - 1e-9, t.toString());
        }
        assertTrue(ring.rounds().get(0).times().broadcast() > 0, "the epoch's one broadcast is the first round's");
        assertEquals(0, ring.rounds().get(1).times().broadcast());
        assertEquals(0, ring.rounds().get(1).times().launch());
    }

    @Test
    void roundsAreReportedWhileTheStageRunsAndAFailingReportCancelsIt() throws InterruptedException {
        // 16 rounds of one minibatch per task: after the first round the stage has 15 to go.
        JavaRDD<Sample> even = sc.parallelize(ParameterAveragingTest.samples(256), 2).persist(StorageLevel.MEMORY_ONLY());
        ParameterAveraging averaging = new ParameterAveraging(sc, SPEC, BATCH, 1, 42).withSync(RoundSync.ALLREDUCE);
        List<Integer> activeJobsAtRound = new ArrayList<>();
        List<Integer> epochJob = new ArrayList<>();
        IllegalStateException stop = new IllegalStateException("the listener gives up at round 2");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> averaging.fitEpoch(even, 128, start, 0, (epoch, round, perEpoch, result, seconds) -> {
                    int[] active = sc.statusTracker().getActiveJobIds();
                    activeJobsAtRound.add(active.length);
                    if (round == 0 && active.length == 1) {
                        epochJob.add(active[0]);
                    }
                    assertEquals(16, perEpoch);
                    assertEquals(8 + 8, result.examples(), "both tasks' minibatch");
                    if (round == 1) {
                        throw stop;
                    }
                }));
        even.unpersist(false);
        assertSame(stop, thrown, "the listener's failure, as it threw it");
        assertEquals(List.of(1, 1), activeJobsAtRound, "both rounds were reported while the epoch's stage ran");
        // Spark's status store learns of the job's end from its listener bus, a moment after the job ended.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sc.statusTracker().getJobInfo(epochJob.get(0)).status() != JobExecutionStatus.FAILED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(JobExecutionStatus.FAILED, sc.statusTracker().getJobInfo(epochJob.get(0)).status(),
                "the epoch's stage was cancelled: its job failed rather than ran to its end");
        assertEquals(0, sc.statusTracker().getActiveJobIds().length, "nothing of the epoch is left running");
    }

    @Test
    void moreWorkersThanTaskSlotsIsABadParameterNamingTheSlotsAndTheWayOut() {
        JavaRDD<Sample> three = sc.parallelize(ParameterAveragingTest.samples(12), 3);
        ParameterAveraging averaging = new ParameterAveraging(sc, SPEC, BATCH, FREQUENCY, 42).withSync(RoundSync.ALLREDUCE);
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> averaging.fitEpoch(three, 4, start, 0, (epoch, round, perEpoch, result, seconds) -> { }));
        assertTrue(e.getMessage().startsWith("train.sync is allreduce, which runs all 3 workers' tasks at once, but the "
                + "cluster offers 2 task slot(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted: train.workers at most 2"), e.getMessage());
        assertTrue(e.getMessage().contains("train.sync driver"), e.getMessage());
    }
}
