package dev.trainspark.workers.fit;

import dev.trainspark.models.ModelState;
import dev.trainspark.workers.select.LossHistogram;

import dev.trainspark.models.FloatArrays;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The mergeable outcome of one round across any number of partitions: element-wise sums of the
 * replicas' parameters and updater states, and the counts needed to average them and to report.
 *
 * <p>A single replica travels as its own float vectors (half the bytes of a double sum, and this is
 * what every task sends to the driver each round); the first merge of two replicas switches to
 * double sums, so the average does not depend on the order partitions are merged in.
 */
public final class RoundResult implements Serializable {
    // The state travels as raw bytes in bulk (writeObject), not element by element.
    private transient float[] replicaParams;
    private transient float[] replicaUpdater;
    private transient double[] paramSum;
    private transient double[] updaterSum;
    private int replicas;
    private long examples;
    private int batches;
    private double lossSum;
    /** Selection statistics; zero and null when no selector ran. */
    private long candidates;
    private long[] selectedPerClass;
    private LossHistogram candidateLosses;
    /** The tasks' timing, and once the driver has the sum, the whole round's; null until a task fitted. */
    private RoundTimes.TaskSide taskTimes;
    private RoundTimes times;
    private transient ModelState average;

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        FloatArrays.write(out, replicaParams);
        FloatArrays.write(out, replicaUpdater);
        FloatArrays.write(out, paramSum);
        FloatArrays.write(out, updaterSum);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        replicaParams = FloatArrays.readFloats(in);
        replicaUpdater = FloatArrays.readFloats(in);
        paramSum = FloatArrays.readDoubles(in);
        updaterSum = FloatArrays.readDoubles(in);
    }

    /** The neutral element: merging it changes nothing. */
    public static RoundResult empty() {
        return new RoundResult();
    }

    /** One replica's contribution; the arrays are kept, not copied, and never modified. */
    public static RoundResult of(float[] params, float[] updaterState, long examples, int batches, double lossSum) {
        RoundResult r = new RoundResult();
        r.replicaParams = params;
        r.replicaUpdater = updaterState;
        r.replicas = 1;
        r.examples = examples;
        r.batches = batches;
        r.lossSum = lossSum;
        return r;
    }

    /**
     * Adds what hard-example selection did in this replica and returns this.
     *
     * @param candidates       rows forwarded as candidates
     * @param selectedPerClass rows fitted, per class
     * @param candidateLosses  the candidates' losses, for the global threshold; null when not kept
     */
    public RoundResult withSelection(long candidates, long[] selectedPerClass, LossHistogram candidateLosses) {
        this.candidates = candidates;
        this.selectedPerClass = selectedPerClass;
        this.candidateLosses = candidateLosses;
        return this;
    }

    /** Records how long this replica's task took over each phase and returns this. */
    public RoundResult withTaskTimes(RoundTimes.TaskSide side) {
        this.taskTimes = side;
        return this;
    }

    /** The tasks' side of the round's timing, merged over replicas; null when no task fitted. */
    public RoundTimes.TaskSide taskTimes() {
        return taskTimes;
    }

    /** Records the whole round's timing (the driver does, once the round is over) and returns this. */
    public RoundResult withTimes(RoundTimes roundTimes) {
        this.times = roundTimes;
        return this;
    }

    /** Where the round's time went; null for a result the driver has not timed. */
    public RoundTimes times() {
        return times;
    }

    /** Adds {@code other} into this result and returns this. */
    public RoundResult merge(RoundResult other) {
        if (average != null) {
            throw new IllegalStateException("a round's result is merged before it is averaged");
        }
        if (other.replicas == 0) {
            return this;
        }
        if (replicas == 0) {
            replicaParams = other.replicaParams;
            replicaUpdater = other.replicaUpdater;
            paramSum = other.paramSum == null ? null : other.paramSum.clone();
            updaterSum = other.updaterSum == null ? null : other.updaterSum.clone();
        } else {
            if (length(this, true) != length(other, true) || length(this, false) != length(other, false)) {
                throw new IllegalArgumentException("cannot merge replicas of different networks: "
                        + length(this, true) + " vs " + length(other, true) + " parameters");
            }
            if (paramSum == null && other.paramSum == null) {
                // Two single replicas, the common case at the driver: their sum in one pass.
                paramSum = sum(replicaParams, other.replicaParams);
                updaterSum = sum(replicaUpdater, other.replicaUpdater);
                replicaParams = null;
                replicaUpdater = null;
            } else {
                if (paramSum == null) {
                    paramSum = new double[replicaParams.length];
                    updaterSum = new double[replicaUpdater.length];
                    addInto(paramSum, replicaParams);
                    addInto(updaterSum, replicaUpdater);
                    replicaParams = null;
                    replicaUpdater = null;
                }
                if (other.paramSum != null) {
                    addInto(paramSum, other.paramSum);
                    addInto(updaterSum, other.updaterSum);
                } else {
                    addInto(paramSum, other.replicaParams);
                    addInto(updaterSum, other.replicaUpdater);
                }
            }
        }
        replicas += other.replicas;
        examples += other.examples;
        batches += other.batches;
        lossSum += other.lossSum;
        mergeSelection(other);
        taskTimes = taskTimes == null ? other.taskTimes : taskTimes.merge(other.taskTimes);
        return this;
    }

    private void mergeSelection(RoundResult other) {
        candidates += other.candidates;
        if (other.selectedPerClass != null) {
            if (selectedPerClass == null) {
                selectedPerClass = other.selectedPerClass.clone();
            } else {
                for (int c = 0; c < selectedPerClass.length; c++) {
                    selectedPerClass[c] += other.selectedPerClass[c];
                }
            }
        }
        if (other.candidateLosses != null) {
            candidateLosses = candidateLosses == null ? new LossHistogram().merge(other.candidateLosses)
                    : candidateLosses.merge(other.candidateLosses);
        }
    }

    /** The candidates' losses under a global threshold; null when not kept. */
    LossHistogram candidateLosses() {
        return candidateLosses;
    }

    /** Rows forwarded as candidates by a selector; 0 when none ran. */
    public long candidates() {
        return candidates;
    }

    /** Rows fitted per class after selection; null when no selector ran. */
    public long[] selectedPerClass() {
        return selectedPerClass == null ? null : selectedPerClass.clone();
    }

    /**
     * The loss at or above which a share {@code keptShare} of all replicas' candidates lie; NaN
     * when the candidates' losses were not kept.
     */
    public double lossThreshold(double keptShare) {
        return candidateLosses == null ? Double.NaN : candidateLosses.quantile(1 - keptShare);
    }

    /**
     * The element-wise mean over replicas of parameters and updater state: computed once, when first
     * asked, from the sums as they are then (a result is merged first and averaged after).
     */
    public ModelState average() {
        if (replicas == 0) {
            throw new IllegalStateException("no partition fitted any minibatch this round");
        }
        if (average == null) {
            average = paramSum == null ? new ModelState(replicaParams.clone(), replicaUpdater.clone())
                    : new ModelState(mean(paramSum, replicas), mean(updaterSum, replicas));
        }
        return average;
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

    private static int length(RoundResult r, boolean params) {
        if (r.paramSum != null) {
            return params ? r.paramSum.length : r.updaterSum.length;
        }
        return params ? r.replicaParams.length : r.replicaUpdater.length;
    }

    private static double[] sum(float[] a, float[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (double) a[i] + b[i];
        }
        return out;
    }

    private static void addInto(double[] target, float[] values) {
        for (int i = 0; i < target.length; i++) {
            target[i] += values[i];
        }
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
