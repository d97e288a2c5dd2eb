package dev.trainspark.workers.fit;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.StackDefinition;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.augment.AugmentOps;
import dev.trainspark.pipeline.augment.AugmentPipeline;
import dev.trainspark.pipeline.augment.CutMix;
import dev.trainspark.pipeline.augment.Mixup;
import dev.trainspark.workers.select.SelectionSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The minibatch loop gives the same replica with its steps assembled ahead as without. */
class ShardTrainerPrefetchTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1);
    private static final AugmentPipeline OPS = new AugmentPipeline(AugmentOps.parse("augment.ops", List.of(
            Map.of("op", "affine", "degrees", 15, "shift", 0.1), Map.of("op", "random_erasing"))), null, null);
    private static final SelectionSpec OHEM_2 = new SelectionSpec(SelectionSpec.Method.OHEM, 2, false, List.of(1.0), 1);

    private static List<Sample> rows(int n) {
        Random random = new Random(7);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[28 * 28];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (p % 3 == i % 3 ? 0.7f : 0f) + 0.3f * random.nextFloat();
            }
            out.add(new Sample(String.format("row-%04d", i), i % 3, pixels));
        }
        return out;
    }

    private static RoundResult fit(MinibatchSteps steps, List<Sample> shard, ModelState start, RoundPlan plan) {
        return new ShardTrainer(SPEC, steps).fitRound(1, shard.iterator(), start, plan);
    }

    private static void assertSameReplica(RoundResult expected, RoundResult actual, String what) {
        assertEquals(expected.batches(), actual.batches(), what + ": minibatches");
        if (expected.batches() == 0) {
            return;
        }
        assertArrayEquals(expected.average().params(), actual.average().params(), what + ": parameters");
        assertArrayEquals(expected.average().updaterState(), actual.average().updaterState(), what + ": updater state");
        assertEquals(expected.examples(), actual.examples(), what + ": examples");
        assertEquals(expected.meanLoss(), actual.meanLoss(), 0.0, what + ": loss");
    }

    @Test
    void prefetchChangesNothingBitForBitWithAugmentationMixingAndSelection() {
        List<Sample> shard = rows(45);
        ModelState start = ModelState.of(Networks.build(SPEC));
        BatchAugmenter ops = new BatchAugmenter(OPS, 42);
        Map<String, MinibatchSteps> settings = Map.of(
                "plain", MinibatchSteps.PLAIN,
                "ops + cutmix", MinibatchSteps.augmenting(new BatchAugmenter(
                        new AugmentPipeline(OPS.ops(), null, new CutMix(1.0)), 42)),
                "ohem + ops + mixup", new MinibatchSteps(OHEM_2, new BatchAugmenter(
                        new AugmentPipeline(OPS.ops(), null, new Mixup(0.4)), 42)),
                "ohem, nothing augmented", MinibatchSteps.selecting(OHEM_2),
                "ops", MinibatchSteps.augmenting(ops));
        // Batches of 4, four per round: 12 minibatches (or 6 pools of 8 candidates) an epoch. Round 1
        // ends the selecting loops' epoch with a shorter pool; round 2 ends the others' with a
        // shorter minibatch.
        for (RoundPlan plan : List.of(new RoundPlan(2, 1, 4, 4, 7, 42), new RoundPlan(2, 2, 4, 4, 12, 42))) {
            settings.forEach((name, steps) -> {
                RoundResult sequential = fit(steps.withPrefetch(0), shard, start, plan);
                boolean selects = steps.selection().selects();
                assertEquals(plan.round() == 1 ? (selects ? 2 : 4) : (selects ? 0 : 4), sequential.batches(), name);
                for (int depth : new int[]{1, 3}) {
                    assertSameReplica(sequential, fit(steps.withPrefetch(depth), shard, start, plan),
                            name + ", prefetch " + depth + ", round " + plan.round());
                }
            });
        }
    }

    /** The sequential loop spelled out: each minibatch assembled and fitted in turn on one thread. */
    @Test
    void withPrefetchTheFitSeesTheMinibatchesTheSequentialLoopAssembles() {
        List<Sample> shard = rows(30);
        ModelState start = ModelState.of(Networks.build(SPEC));
        BatchAugmenter augmenter = new BatchAugmenter(new AugmentPipeline(OPS.ops(), null, new CutMix(1.0)), 42);
        RoundPlan plan = new RoundPlan(0, 0, 4, 6, 0, 42);
        int partition = 1;

        List<Sample> order = ShardTrainer.epochOrder(partition, shard.iterator(), plan);
        MultiLayerNetwork net = new MultiLayerNetwork(((StackDefinition) SPEC.architecture().definition()).configure(SPEC));
        net.init();
        net.setParams(Nd4j.create(start.params()));
        net.getUpdater().setStateViewArray(net, Nd4j.create(start.updaterState()), false);
        net.getLayerWiseConfigurations().setIterationCount(plan.iteration());
        net.getLayerWiseConfigurations().setEpochCount(plan.epoch());
        Nd4j.getRandom().setSeed(plan.streamSeed(partition, ShardTrainer.ND4J_SALT + plan.round()));
        for (int b = 0; b < 6; b++) {
            Minibatch mb = augmenter.minibatch(order.subList(b * 4, (b + 1) * 4), SPEC, plan, partition, b);
            net.fit(mb.features(), mb.labels());
        }
        float[] expected = net.params().toFloatVector();

        RoundResult prefetched = new ShardTrainer(SPEC, MinibatchSteps.augmenting(augmenter).withPrefetch(2))
                .fitRound(partition, shard.iterator(), start, plan);
        assertArrayEquals(expected, prefetched.average().params());
    }

    @Test
    void aRowThatCannotBeAugmentedFailsTheRoundWithItsOwnError() {
        List<Sample> shard = new ArrayList<>(rows(20));
        shard.set(13, new Sample("row-bad", 0, new float[10]));
        ModelState start = ModelState.of(Networks.build(SPEC));
        ShardTrainer trainer = new ShardTrainer(SPEC, MinibatchSteps.augmenting(new BatchAugmenter(OPS, 42)).withPrefetch(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fitRound(0, shard.iterator(), start, new RoundPlan(0, 0, 4, 5, 0, 42)));
        assertTrue(e.getMessage().contains("got 10 pixels"), e.getMessage());
    }
}
