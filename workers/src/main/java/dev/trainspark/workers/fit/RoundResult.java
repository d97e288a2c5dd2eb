package dev.trainspark.workers.fit;

import java.io.Serializable;

/**
 * The mergeable outcome of one round across any number of partitions: element-wise sums of the
 * replicas' parameters and updater states, and the counts needed to average them and to report.
 * Sums are kept in double so the average does not depend on the order partitions are merged in.
 */
public final class RoundResult implements Serializable {
    private double[] paramSum;
    private double[] updaterSum;
    private int replicas;
    private long examples;
    private int batches;
    private double lossSum;

    /** The neutral element: merging it changes nothing. */
    public static RoundResult empty() {
        return new RoundResult();
    }

    /** One replica's contribution. */
    public static RoundResult of(float[] params, float[] updaterState, long examples, int batches, double lossSum) {
        RoundResult r = new RoundResult();
        r.paramSum = toDouble(params);
        r.updaterSum = toDouble(updaterState);
        r.replicas = 1;
        r.examples = examples;
        r.batches = batches;
        r.lossSum = lossSum;
        return r;
    }

    /** Adds {@code other} into this result and returns this. */
    public RoundResult merge(RoundResult other) {
        if (other.replicas == 0) {
            return this;
        }
        if (replicas == 0) {
            paramSum = other.paramSum.clone();
            updaterSum = other.updaterSum.clone();
        } else {
            if (paramSum.length != other.paramSum.length || updaterSum.length != other.updaterSum.length) {
                throw new IllegalArgumentException("cannot merge replicas of different networks: "
                        + paramSum.length + " vs " + other.paramSum.length + " parameters");
            }
            addInto(paramSum, other.paramSum);
            addInto(updaterSum, other.updaterSum);
        }
        replicas += other.replicas;
        examples += other.examples;
        batches += other.batches;
        lossSum += other.lossSum;
        return this;
    }

    /** The element-wise mean over replicas of parameters and updater state. */
    public ModelState average() {
        if (replicas == 0) {
            throw new IllegalStateException("no partition fitted any minibatch this round");
        }
        return new ModelState(mean(paramSum, replicas), mean(updaterSum, replicas));
    }

    public int replicas() {
        return replicas;
    }

    public long examples() {
        return examples;
    }

    public int batches() {
        return batches;
    }

    /** Mean minibatch loss over all replicas' minibatches this round. */
    public double meanLoss() {
        return batches == 0 ? Double.NaN : lossSum / batches;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static void addInto(double[] target, double[] values) {
        for (int i = 0; i < target.length; i++) {
            target[i] += values[i];
        }
    }

    private static float[] mean(double[] sum, int n) {
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (float) (sum[i] / n);
        }
        return out;
    }
}
