package dev.trainspark.workers.lrrange;

import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.random.DerivedSeed;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.fit.BatchAugmenter;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.RoundPlan;
import dev.trainspark.workers.fit.Sample;
import dev.trainspark.models.TrainableNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * A stretch of a learning-rate range test on one shard: the network is set to the state the
 * previous stretch ended with and fits one minibatch per iteration, its rate given by {@code ramp}
 * at that iteration (the rate schedule of the configured optimiser is replaced; every other setting
 * stays), and each minibatch's loss (computed in the forward pass before its update) is recorded.
 * It stops after the first iteration whose smoothed loss diverges.
 *
 * <p>Minibatches are the shard's rows in a seeded order, one pass after another (a new order and
 * new augmentation draws each pass), assembled by the same {@link BatchAugmenter} as training: the
 * same augmentation and mixing. No hard-example selection: every row of the pass is fitted.
 */
public final class RangeTestSteps implements Serializable {
    private static final long ORDER_SALT = 0x1A7E0DEL;
    private static final long ND4J_SALT = 0x1A7E4D4L;

    /**
     * What a stretch did.
     *
     * @param losses  one per iteration fitted, in order; fewer than asked when the sweep diverged
     * @param state   the network after the last of them
     */
    public record Stretch(double[] losses, ModelState state) implements Serializable {
    }

    private final NetworkSpec spec;
    private final ISchedule ramp;
    private final int batchSize;
    private final long seed;
    private final BatchAugmenter augmenter;

    public RangeTestSteps(NetworkSpec spec, ISchedule ramp, int batchSize, long seed, BatchAugmenter augmenter) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.spec = spec;
        this.ramp = ramp;
        this.batchSize = batchSize;
        this.seed = seed;
        this.augmenter = augmenter;
    }

    /**
     * @param partition       the shard's partition index (seeds the orders and the mixing)
     * @param first           the iteration the stretch starts at (0 for the first)
     * @param count           iterations to fit at most
     * @param smoothedBefore  the smoothed loss as the previous stretch left it
     */
    public Stretch fit(int partition, Iterator<Sample> shard, ModelState state, int first, int count,
                       SmoothedLoss smoothedBefore) {
        TaskBinding.bindCurrentTask();
        List<Sample> rows = new ArrayList<>();
        shard.forEachRemaining(rows::add);
        if (rows.isEmpty()) {
            throw new IllegalStateException("the range test's shard " + partition + " has no rows");
        }
        // Arrival order is not stable across task attempts; ids are.
        rows.sort(Comparator.comparing(Sample::id));
        int perPass = (rows.size() + batchSize - 1) / batchSize;

        TrainableNetwork net = Networks.build(spec);
        net.setLearningRate(ramp);
        net.setParams(state.params());
        net.setUpdaterState(state.updaterState());
        net.setProgress(first, first / perPass);
        Nd4j.getRandom().setSeed(DerivedSeed.of(seed, ND4J_SALT + first));

        double[] losses = new double[count];
        int fitted = 0;
        SmoothedLoss smoothed = smoothedBefore;
        List<Sample> order = null;
        int orderPass = -1;
        for (int i = first; i < first + count; i++) {
            int pass = i / perPass;
            int b = i % perPass;
            if (pass != orderPass) {
                order = new ArrayList<>(rows);
                Collections.shuffle(order, new Random(DerivedSeed.ofRound(seed, pass, partition, ORDER_SALT)));
                orderPass = pass;
            }
            List<Sample> batch = order.subList(b * batchSize, Math.min(order.size(), (b + 1) * batchSize));
            RoundPlan plan = new RoundPlan(pass, 0, batchSize, count, i, seed);
            Minibatch mb = augmenter.minibatch(batch, spec, plan, partition, b);
            net.setProgress(i, pass);
            net.fit(mb.features(), mb.labels());
            losses[fitted++] = net.score();
            smoothed = smoothed.next(losses[fitted - 1]);
            if (smoothed.diverged()) {
                break;
            }
        }
        return new Stretch(Arrays.copyOf(losses, fitted), ModelState.of(net));
    }
}
