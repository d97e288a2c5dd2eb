package dev.trainspark.workers.fit;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.augment.AugmentOps;
import dev.trainspark.pipeline.augment.AugmentPipeline;
import dev.trainspark.pipeline.augment.CutMix;
import dev.trainspark.pipeline.augment.Mixup;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchAugmenterTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1);
    private static final AugmentPipeline OPS = new AugmentPipeline(AugmentOps.parse("augment.ops", List.of(
            Map.of("op", "affine", "degrees", 15, "shift", 0.1), Map.of("op", "random_erasing"),
            Map.of("op", "gaussian_noise", "std", 0.02))), null, null);

    private static List<Sample> samples(int n) {
        Random random = new Random(5);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[28 * 28];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (p % 3 == i % 3 ? 0.8f : 0f) + 0.1f * random.nextFloat();
            }
            out.add(new Sample(String.format("id-%04d", i), i % 3, pixels));
        }
        return out;
    }

    /** Every row's pixels as they reach the network in one epoch, with the rows dealt to {@code partitions}. */
    private static Map<String, float[]> pixelsAsFitted(BatchAugmenter augmenter, List<Sample> rows, int partitions, int epoch) {
        Map<String, float[]> seen = new HashMap<>();
        int per = 28 * 28;
        for (int p = 0; p < partitions; p++) {
            List<Sample> shard = new ArrayList<>();
            for (int i = p; i < rows.size(); i += partitions) {
                shard.add(rows.get(i));
            }
            RoundPlan plan = new RoundPlan(epoch, 0, 4, 100, 0, 42);
            List<Sample> order = ShardTrainer.epochOrder(p, shard.iterator(), plan);
            for (int b = 0; b * 4 < order.size(); b++) {
                List<Sample> batch = order.subList(b * 4, Math.min(order.size(), (b + 1) * 4));
                float[] features = augmenter.minibatch(batch, SPEC, plan, p, b).features().data().asFloat();
                for (int i = 0; i < batch.size(); i++) {
                    seen.put(batch.get(i).id(), Arrays.copyOfRange(features, i * per, (i + 1) * per));
                }
            }
        }
        return seen;
    }

    @Test
    void aRowsAugmentedPixelsAreTheSameWithOneAndThreePartitionsAndChangeWithTheEpoch() {
        List<Sample> rows = samples(30);
        BatchAugmenter augmenter = new BatchAugmenter(OPS, 42);
        Map<String, float[]> one = pixelsAsFitted(augmenter, rows, 1, 0);
        Map<String, float[]> three = pixelsAsFitted(augmenter, rows, 3, 0);
        Map<String, float[]> nextEpoch = pixelsAsFitted(augmenter, rows, 3, 1);
        assertEquals(30, one.size());
        for (Sample s : rows) {
            assertArrayEquals(one.get(s.id()), three.get(s.id()), s.id());
            assertFalse(Arrays.equals(s.pixels(), one.get(s.id())), "augmented: " + s.id());
            assertFalse(Arrays.equals(one.get(s.id()), nextEpoch.get(s.id())), "another epoch, another draw: " + s.id());
        }
        assertArrayEquals(samples(30).get(7).pixels(), rows.get(7).pixels(), "the cached pixels are left as decoded");
    }

    @Test
    void withNothingToDoTheMinibatchIsTheDecodedOne() {
        List<Sample> batch = samples(5);
        Minibatch plain = Minibatch.of(batch, 1, 28, 28, 3);
        Minibatch none = BatchAugmenter.none().minibatch(batch, SPEC, new RoundPlan(0, 0, 5, 1, 0, 42), 0, 0);
        assertEquals(plain.features(), none.features());
        assertEquals(plain.labels(), none.labels());
    }

    @Test
    void mixedMinibatchesCarrySoftLabelsThatTheFitTakes() {
        List<Sample> rows = samples(24);
        for (AugmentPipeline pipeline : List.of(new AugmentPipeline(OPS.ops(), null, new Mixup(0.4)),
                new AugmentPipeline(List.of(), null, new CutMix(1.0)))) {
            BatchAugmenter augmenter = new BatchAugmenter(pipeline, 42);
            INDArray labels = augmenter.minibatch(rows.subList(0, 8), SPEC, new RoundPlan(0, 0, 8, 1, 0, 42), 0, 0).labels();
            INDArray sums = labels.sum(1);
            for (int i = 0; i < 8; i++) {
                assertEquals(1.0, sums.getDouble(i), 1e-5);
            }
            assertTrue(labels.maxNumber().doubleValue() < 1.0, "soft, not one-hot: " + labels);

            ModelState start = ModelState.of(Networks.build(SPEC));
            RoundPlan plan = new RoundPlan(0, 0, 8, 3, 0, 42);
            RoundResult mixed = new ShardTrainer(SPEC, MinibatchSteps.augmenting(augmenter)).fitRound(0, rows.iterator(), start, plan);
            RoundResult plain = new ShardTrainer(SPEC).fitRound(0, rows.iterator(), start, plan);
            assertEquals(3, mixed.batches());
            assertTrue(Double.isFinite(mixed.meanLoss()));
            assertFalse(Arrays.equals(plain.average().params(), mixed.average().params()));
        }
    }
}
