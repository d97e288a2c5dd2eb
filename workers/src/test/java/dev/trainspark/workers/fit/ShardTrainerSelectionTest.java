package dev.trainspark.workers.fit;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ExampleLoss;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.OptimizerSpec;
import dev.trainspark.models.StackDefinition;
import dev.trainspark.models.TrainableNetwork;
import dev.trainspark.models.Networks;
import dev.trainspark.workers.select.BatchSelectors;
import dev.trainspark.workers.select.CandidateLosses;
import dev.trainspark.workers.select.Candidates;
import dev.trainspark.workers.select.SelectionSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardTrainerSelectionTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 2, "adam", 1e-3, 0, 1);
    /** A computation graph with batch norm, narrow enough to fit quickly. */
    private static final NetworkSpec RESNET = new NetworkSpec(Architecture.RESNET18, 28, 28, 1, 2,
            new OptimizerSpec("adam", 1e-3, 0), 1, List.of(), null, 0.125);
    private static final SelectionSpec OHEM_2 = new SelectionSpec(SelectionSpec.Method.OHEM, 2, false, List.of(1.0), 1);

    /**
     * Two classes: class 0 bright on the left half, class 1 on the right. Every tenth row is hard:
     * its pixels are the other class's pattern (a mislabeled-looking row).
     */
    private static List<Sample> twoClasses(int n) {
        Random random = new Random(11);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            boolean hard = i % 10 == 3 || i % 10 == 8;
            int looksLike = hard ? 1 - label : label;
            float[] pixels = new float[28 * 28];
            for (int p = 0; p < pixels.length; p++) {
                boolean left = p % 28 < 14;
                pixels[p] = (left == (looksLike == 0) ? 0.8f : 0f) + 0.2f * random.nextFloat();
            }
            out.add(new Sample((hard ? "hard-" : "easy-") + String.format("%04d", i), label, pixels));
        }
        return out;
    }

    /** The minibatch loop as it was before selection existed: every minibatch of the epoch order, fitted. */
    private static float[] unselectedLoop(List<Sample> shard, ModelState start, RoundPlan plan) {
        List<Sample> order = ShardTrainer.epochOrder(0, shard.iterator(), plan);
        MultiLayerNetwork net = new MultiLayerNetwork(((StackDefinition) SPEC.architecture().definition()).configure(SPEC));
        net.init();
        net.setParams(Nd4j.create(start.params()));
        net.getUpdater().setStateViewArray(net, Nd4j.create(start.updaterState()), false);
        net.getLayerWiseConfigurations().setIterationCount(plan.iteration());
        net.getLayerWiseConfigurations().setEpochCount(plan.epoch());
        Nd4j.getRandom().setSeed(plan.streamSeed(0, ShardTrainer.ND4J_SALT + plan.round()));
        int first = plan.round() * plan.batchesPerRound();
        for (int b = first; b < first + plan.batchesPerRound() && b * plan.batchSize() < order.size(); b++) {
            List<Sample> batch = order.subList(b * plan.batchSize(), Math.min(order.size(), (b + 1) * plan.batchSize()));
            Minibatch mb = Minibatch.of(batch, 1, 28, 28, 2);
            net.fit(mb.features(), mb.labels());
        }
        return net.params().toFloatVector();
    }

    @Test
    void selectionNoneIsTheUnselectedLoopBitForBit() {
        List<Sample> shard = twoClasses(50);
        ModelState start = ModelState.of(Networks.build(SPEC));
        RoundPlan plan = new RoundPlan(1, 1, 8, 3, 9, 42);
        float[] expected = unselectedLoop(shard, start, plan);
        assertArrayEquals(expected, new ShardTrainer(SPEC).fitRound(0, shard.iterator(), start, plan).average().params());
        // The pool factor means nothing without a selector.
        SelectionSpec noneWithPool = new SelectionSpec(SelectionSpec.Method.NONE, 4, false, List.of(1.0), 1);
        RoundResult none = new ShardTrainer(SPEC, MinibatchSteps.selecting(noneWithPool)).fitRound(0, shard.iterator(), start, plan);
        assertArrayEquals(expected, none.average().params());
        assertEquals(0, none.candidates());
        assertEquals(null, none.selectedPerClass());
    }

    /** A network of each kind: a stack of layers and a graph. */
    static Stream<Named<NetworkSpec>> bothKinds() {
        return Stream.of(Named.of("lenet", SPEC), Named.of("resnet18/8", RESNET));
    }

    @ParameterizedTest
    @MethodSource("bothKinds")
    void ohemForwardsPoolFactorMinibatchesOfCandidatesPerFittedMinibatchAndReplays(NetworkSpec spec) {
        List<Sample> shard = twoClasses(60);
        ModelState start = ModelState.of(Networks.build(spec));
        RoundPlan plan = new RoundPlan(0, 0, 8, 2, 0, 42);
        RoundResult a = new ShardTrainer(spec, MinibatchSteps.selecting(OHEM_2)).fitRound(0, shard.iterator(), start, plan);
        RoundResult b = new ShardTrainer(spec, MinibatchSteps.selecting(OHEM_2)).fitRound(0, shard.iterator(), start, plan);
        assertEquals(2, a.batches());
        assertEquals(16, a.examples());
        assertEquals(32, a.candidates());
        assertEquals(16, a.selectedPerClass()[0] + a.selectedPerClass()[1]);
        assertArrayEquals(a.average().params(), b.average().params());
        // 60 rows in pools of 16: 4 pools, the last one of 12 rows keeps 6.
        RoundResult last = new ShardTrainer(spec, MinibatchSteps.selecting(OHEM_2)).fitRound(0, shard.iterator(), start, new RoundPlan(0, 1, 8, 2, 2, 42));
        assertEquals(28, last.candidates());
        assertEquals(14, last.examples());
        // Merged over replicas, the figures add up.
        RoundResult merged = RoundResult.empty().merge(a).merge(last);
        assertEquals(60, merged.candidates());
        assertEquals(30, merged.selectedPerClass()[0] + merged.selectedPerClass()[1]);
    }

    @Test
    void aGlobalThresholdAboveEveryLossLeavesOnlyTheHardestOfEachPool() {
        List<Sample> shard = twoClasses(60);
        ModelState start = ModelState.of(Networks.build(SPEC));
        SelectionSpec global = new SelectionSpec(SelectionSpec.Method.OHEM, 2, true, List.of(1.0), 1);
        RoundResult first = new ShardTrainer(SPEC, MinibatchSteps.selecting(global)).fitRound(0, shard.iterator(), start, new RoundPlan(0, 0, 8, 2, 0, 42));
        assertEquals(16, first.examples(), "without a threshold yet: each worker's own top-k");
        double threshold = first.lossThreshold(global.keptShare());
        assertTrue(threshold > 0 && Double.isFinite(threshold), "threshold " + threshold);
        RoundResult high = new ShardTrainer(SPEC, MinibatchSteps.selecting(global)).fitRound(0, shard.iterator(), start,
                new RoundPlan(0, 0, 8, 2, 0, 42, 1e6));
        assertEquals(2, high.examples());
    }

    @Test
    void stratifiedOhemAndSelectiveBackpropFitTheirChoices() {
        List<Sample> shard = twoClasses(60);
        ModelState start = ModelState.of(Networks.build(SPEC));
        RoundPlan plan = new RoundPlan(0, 0, 8, 2, 0, 42);
        SelectionSpec sOhem = new SelectionSpec(SelectionSpec.Method.S_OHEM, 2, false, SelectionSpec.decreasingWeights(4), 1);
        assertEquals(16, new ShardTrainer(SPEC, MinibatchSteps.selecting(sOhem)).fitRound(0, shard.iterator(), start, plan).examples());
        SelectionSpec sb = new SelectionSpec(SelectionSpec.Method.SELECTIVE_BACKPROP, 2, false, List.of(1.0), 1);
        RoundResult r = new ShardTrainer(SPEC, MinibatchSteps.selecting(sb)).fitRound(0, shard.iterator(), start, plan);
        assertEquals(32, r.candidates());
        assertTrue(r.examples() >= 2 && r.examples() <= 32, "kept " + r.examples());
    }

    @Test
    void ohemSelectsTheKnownHardExamplesAboveTheirShare() {
        List<Sample> shard = twoClasses(200);
        // Train a little without selection, so the network has learned the easy majority.
        ShardTrainer plain = new ShardTrainer(SPEC);
        ModelState state = ModelState.of(Networks.build(SPEC));
        for (int round = 0; round < 3; round++) {
            state = plain.fitRound(0, shard.iterator(), state, new RoundPlan(0, round, 16, 4, round * 4, 42)).average();
        }
        TrainableNetwork net = Networks.build(SPEC);
        net.setParams(Nd4j.create(state.params()));
        List<Sample> pool = ShardTrainer.epochOrder(0, shard.iterator(), new RoundPlan(1, 0, 16, 4, 12, 42)).subList(0, 128);
        String[] ids = pool.stream().map(Sample::id).toArray(String[]::new);
        int[] labels = pool.stream().mapToInt(Sample::label).toArray();
        double[] losses = CandidateLosses.of(net, Minibatch.featuresOf(pool, 1, 28, 28), labels, ExampleLoss.of(SPEC));
        int[] chosen = BatchSelectors.of(OHEM_2).select(new Candidates(ids, labels, losses), 64, Double.NaN, new SplittableRandom(1));
        long hardInPool = pool.stream().filter(s -> s.id().startsWith("hard")).count();
        long hardChosen = java.util.Arrays.stream(chosen).filter(i -> ids[i].startsWith("hard")).count();
        double share = (double) hardInPool / pool.size();
        double rate = (double) hardChosen / chosen.length;
        assertTrue(hardInPool > 10, "the pool holds hard rows: " + hardInPool);
        assertEquals(hardInPool, hardChosen, "every hard row is among the half with the highest loss");
        assertTrue(rate >= 2 * share, "hard rows are " + share + " of the pool and " + rate + " of the selection");
    }
}
