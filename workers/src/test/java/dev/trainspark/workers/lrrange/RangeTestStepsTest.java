package dev.trainspark.workers.lrrange;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.StackDefinition;
import dev.trainspark.models.optim.ExponentialRampSchedule;
import dev.trainspark.workers.fit.BatchAugmenter;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.Sample;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stretch fits each iteration at the ramp's rate for that iteration, and stops where the smoothed loss diverges. */
class RangeTestStepsTest {
    private static final int BATCH = 12;
    /** Plain SGD without a weight penalty: a step moves the parameters by exactly rate x gradient. */
    private static final NetworkSpec SGD = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "sgd", 0.5, 0, 1);
    private static final ExponentialRampSchedule RAMP = new ExponentialRampSchedule(1e-4, 1, 9);

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

    private static RangeTestSteps steps() {
        return new RangeTestSteps(SGD, RAMP, BATCH, 42, BatchAugmenter.none());
    }

    @Test
    void anIterationStepsAtTheRampsRateForItsIndexNotTheConfiguredRate() {
        List<Sample> shard = samples(BATCH);
        // DL4J's own network, to read its gradient; plain SGD keeps no updater state.
        MultiLayerNetwork net = new MultiLayerNetwork(((StackDefinition) SGD.architecture().definition()).configure(SGD));
        net.init();
        ModelState start = new ModelState(net.params().toFloatVector(), new float[0]);
        // One minibatch is the whole shard, so its gradient does not depend on the seeded order.
        Minibatch all = Minibatch.of(shard, 1, 28, 28, 3);
        net.setInput(all.features());
        net.setLabels(all.labels());
        net.computeGradientAndScore();
        float[] gradient = net.gradient().gradient().toFloatVector();

        int iteration = 7;
        RangeTestSteps.Stretch stretch = steps().fit(0, shard.iterator(), start, iteration, 1, SmoothedLoss.start());
        assertEquals(1, stretch.losses().length);
        double rate = RAMP.valueAt(iteration, 0);
        float[] after = stretch.state().params();
        double worst = 0;
        for (int i = 0; i < after.length; i++) {
            // DL4J's gradient is summed over the minibatch; its updater divides by the minibatch size.
            double expected = start.params()[i] - rate * gradient[i] / BATCH;
            worst = Math.max(worst, Math.abs(after[i] - expected));
        }
        assertTrue(worst < 1e-5, "largest difference from a step at rate " + rate + ": " + worst);
        assertEquals(net.score(), stretch.losses()[0], 1e-6, "the loss recorded is the minibatch's before its step");
    }

    @Test
    void stopsAfterTheFirstIterationWhoseSmoothedLossDiverges() {
        List<Sample> shard = samples(3 * BATCH);
        ModelState start = ModelState.of(Networks.build(SGD));
        RangeTestSteps.Stretch full = steps().fit(0, shard.iterator(), start, 0, 5, SmoothedLoss.start());
        assertEquals(5, full.losses().length, "three classes start near ln 3, nowhere near diverging");
        // A sweep whose lowest smoothed loss so far was tiny diverges at its next loss.
        SmoothedLoss low = SmoothedLoss.start().next(0.01);
        RangeTestSteps.Stretch stopped = steps().fit(0, shard.iterator(), start, 0, 5, low);
        assertEquals(1, stopped.losses().length);
        assertEquals(full.losses()[0], stopped.losses()[0], 1e-9);
    }

    @Test
    void aStretchContinuesWhereThePreviousEndedAsOneLongStretchWould() {
        List<Sample> shard = samples(2 * BATCH + 5);
        ModelState start = ModelState.of(Networks.build(SGD));
        RangeTestSteps.Stretch whole = steps().fit(0, shard.iterator(), start, 0, 8, SmoothedLoss.start());
        RangeTestSteps.Stretch first = steps().fit(0, shard.iterator(), start, 0, 5, SmoothedLoss.start());
        RangeTestSteps.Stretch second = steps().fit(0, shard.iterator(), first.state(), 5, 3, SmoothedLoss.start());
        double[] joined = new double[8];
        System.arraycopy(first.losses(), 0, joined, 0, 5);
        System.arraycopy(second.losses(), 0, joined, 5, 3);
        assertArrayEquals(whole.losses(), joined, 1e-6);
        assertArrayEquals(whole.state().params(), second.state().params(), 1e-6f);
    }
}
