package dev.trainspark.workers.fit;

import dev.trainspark.models.ModelState;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.OptimizerSpec;
import dev.trainspark.models.ScheduleSpec;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardTrainerTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1);
    /** A computation graph with batch norm, narrow enough to fit quickly. */
    private static final NetworkSpec RESNET = new NetworkSpec(Architecture.RESNET18, 28, 28, 1, 3,
            new OptimizerSpec("adam", 1e-3, 0), 1, List.of(), null, 0.125);

    /** A network of each kind: a stack of layers and a graph. */
    static Stream<Named<NetworkSpec>> bothKinds() {
        return Stream.of(Named.of("lenet", SPEC), Named.of("resnet18/8", RESNET));
    }

    private static List<Sample> samples(int n) {
        Random random = new Random(3);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[28 * 28];
            int label = i % 3;
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (p % 3 == label ? 0.8f : 0f) + 0.1f * random.nextFloat();
            }
            out.add(new Sample(String.format("id-%04d", i), label, pixels));
        }
        return out;
    }

    @Test
    void epochOrderDependsOnSeedEpochAndPartitionButNotOnArrivalOrder() {
        List<Sample> data = samples(50);
        List<Sample> shuffled = new ArrayList<>(data);
        Collections.shuffle(shuffled, new Random(99));
        RoundPlan plan = new RoundPlan(2, 0, 8, 2, 0, 42);
        List<Sample> a = ShardTrainer.epochOrder(0, data.iterator(), plan);
        List<Sample> b = ShardTrainer.epochOrder(0, shuffled.iterator(), plan);
        assertEquals(a, b);
        assertNotEquals(a, ShardTrainer.epochOrder(1, data.iterator(), plan));
        assertNotEquals(a, ShardTrainer.epochOrder(0, data.iterator(), new RoundPlan(3, 0, 8, 2, 0, 42)));
    }

    @ParameterizedTest
    @MethodSource("bothKinds")
    void aRoundFitsItsMinibatchesAndIsReproducible(NetworkSpec spec) {
        ModelState start = ModelState.of(Networks.build(spec));
        ShardTrainer trainer = new ShardTrainer(spec);
        RoundPlan plan = new RoundPlan(0, 1, 8, 3, 3, 42);
        RoundResult first = trainer.fitRound(0, samples(60).iterator(), start, plan);
        RoundResult again = trainer.fitRound(0, samples(60).iterator(), start, plan);
        assertEquals(3, first.batches());
        assertEquals(24, first.examples());
        assertTrue(Double.isFinite(first.meanLoss()));
        // The second round reuses the network the first one left in the pool: only the parameters,
        // updater state and counters it is given may decide the result.
        assertArrayEquals(first.average().params(), again.average().params());
        assertArrayEquals(first.average().updaterState(), again.average().updaterState());
        assertFalse(java.util.Arrays.equals(start.params(), first.average().params()), "fitting must move the parameters");
        // Round 3 starts past the shard's 8 minibatches (60 / 8 rounded up): nothing to fit.
        assertEquals(0, trainer.fitRound(0, samples(60).iterator(), start, new RoundPlan(0, 3, 8, 3, 9, 42)).replicas());
    }

    @Test
    void aShardIsOrderedOncePerEpochAndTheLaterRoundsOfTheEpochReuseIt() {
        List<Sample> data = samples(40);
        RoundPlan round0 = new RoundPlan(4, 0, 8, 2, 0, 42);
        RoundPlan round1 = new RoundPlan(4, 1, 8, 2, 2, 42);
        List<Sample> first = EpochOrders.of("test/7001", 0, round0, data.iterator());
        // A later round of the same epoch does not order the shard again: the same list comes back.
        assertSame(first, EpochOrders.of("test/7001", 0, round1, data.iterator()));
        assertEquals(ShardTrainer.epochOrder(0, data.iterator(), round0), first);
        List<Sample> nextEpoch = EpochOrders.of("test/7001", 0, new RoundPlan(5, 0, 8, 2, 4, 42), data.iterator());
        assertEquals(ShardTrainer.epochOrder(0, data.iterator(), new RoundPlan(5, 0, 8, 2, 4, 42)), nextEpoch);
        assertNotEquals(first, nextEpoch);
        // Another shard set with the same partition index and epoch gets its own order, and so does
        // one that only looks the same: another application's RDD of the same id is a new string.
        List<Sample> other = samples(12);
        assertEquals(12, EpochOrders.of("test/7002", 0, round0, other.iterator()).size());
        List<Sample> sameSizeOtherRows = new ArrayList<>();
        for (Sample s : data) {
            sameSizeOtherRows.add(new Sample("other-" + s.id(), s.label(), s.pixels()));
        }
        List<Sample> again = EpochOrders.of("other-app/7001", 0, round0, sameSizeOtherRows.iterator());
        assertTrue(again.stream().allMatch(s -> s.id().startsWith("other-")), "no sample of the earlier shard set");
    }

    /**
     * Plain SGD steps by exactly rate x gradient, so a round fitted under a schedule equals the same
     * round at a constant rate only when that rate is the schedule's at the round's global iteration.
     */
    @Test
    void aRoundStepsAtTheScheduledRateOfTheGlobalIterationOnEveryWorker() {
        // Warmup over 2 iterations from 0.2 x lr, then halving every 4: iterations 6 and 7 run at lr / 2.
        OptimizerSpec scheduled = new OptimizerSpec("sgd", 0.1, 0, 0, 0.9, 0, new ScheduleSpec("step", 2, 0.2, 4, 0.5, 0, 0, 0),
                null, 0, 0);
        NetworkSpec spec = SPEC.withOptimizer(scheduled);
        NetworkSpec atHalf = SPEC.withOptimizer(new OptimizerSpec("sgd", 0.1 * Math.pow(0.5, 1), 0));
        NetworkSpec atFull = SPEC.withOptimizer(new OptimizerSpec("sgd", 0.1, 0));
        ModelState start = ModelState.of(Networks.build(spec));
        RoundPlan atIteration6 = new RoundPlan(1, 1, 8, 2, 6, 42);
        for (int worker = 0; worker < 2; worker++) {
            float[] fitted = new ShardTrainer(spec).fitRound(worker, samples(48).iterator(), start, atIteration6).average().params();
            assertArrayEquals(new ShardTrainer(atHalf).fitRound(worker, samples(48).iterator(), start, atIteration6)
                    .average().params(), fitted, "worker " + worker + " at iterations 6 and 7");
            assertFalse(java.util.Arrays.equals(fitted, new ShardTrainer(atFull).fitRound(worker, samples(48).iterator(), start,
                    atIteration6).average().params()), "the full rate is another step");
        }
        // The same minibatches as the round's first two iterations of the run would see the full rate (2 and 3).
        RoundPlan atIteration2 = new RoundPlan(1, 1, 8, 2, 2, 42);
        assertArrayEquals(new ShardTrainer(atFull).fitRound(0, samples(48).iterator(), start, atIteration2).average().params(),
                new ShardTrainer(spec).fitRound(0, samples(48).iterator(), start, atIteration2).average().params());
    }

    @ParameterizedTest
    @MethodSource("bothKinds")
    void cachedAndUncachedRoundsFitTheSameParameters(NetworkSpec spec) {
        ModelState start = ModelState.of(Networks.build(spec));
        ShardTrainer trainer = new ShardTrainer(spec);
        RoundPlan plan = new RoundPlan(1, 1, 8, 2, 2, 42);
        trainer.fitRound("test/7003", 1, samples(48).iterator(), start, new RoundPlan(1, 0, 8, 2, 0, 42));
        RoundResult cached = trainer.fitRound("test/7003", 1, samples(48).iterator(), start, plan);
        RoundResult direct = trainer.fitRound(1, samples(48).iterator(), start, plan);
        assertArrayEquals(direct.average().params(), cached.average().params());
    }
}
