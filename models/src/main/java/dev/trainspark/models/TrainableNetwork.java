package dev.trainspark.models;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * A built network of either kind, a stack of layers or a graph of them, seen through what training,
 * checkpoints, hard-example selection, embedding and scoring need of it. Callers never ask which
 * kind they hold; {@link Networks#build} and {@link ModelFiles#read} choose it from the spec.
 */
public sealed interface TrainableNetwork permits StackNetwork, GraphNetwork {
    long numParams();

    /** The flat parameter vector, as DL4J holds it (a view: it changes as the network trains). */
    INDArray params();

    /** Copies {@code params} (same length as {@link #params()}) into the network. */
    void setParams(INDArray params);

    /** Copies {@code params} (same length as {@link #params()}) into the network, in one bulk copy. */
    default void setParams(float[] params) {
        NativeFloats.copyInto(params, params());
    }

    /** A copy of the optimiser's flat state; empty for an optimiser that keeps none (plain SGD). */
    float[] updaterState();

    /**
     * The optimiser's flat state as DL4J holds it (a view: it changes as the network trains), or
     * null for an optimiser that keeps none.
     */
    INDArray updaterStateView();

    /** Restores what {@link #updaterState()} returned; an empty state (plain SGD) restores nothing. */
    void setUpdaterState(float[] state);

    /**
     * Sets the counters the optimiser's bias corrections and schedules read, so a round started
     * from broadcast state continues exactly where the previous one stopped.
     */
    void setProgress(int iteration, int epoch);

    /** One optimiser step on a minibatch: NCHW features, one-hot labels. */
    void fit(INDArray features, INDArray labels);

    /** The loss of the last {@link #fit} minibatch, weight penalty included (DL4J's score). */
    double score();

    /** Class probabilities, (examples, classes), in inference mode (batch norm uses its running statistics). */
    INDArray output(INDArray features);

    /** What the output layer takes as input, one flat row per example, in inference mode. */
    INDArray embedding(INDArray features);

    /** Replaces the configured learning rate of every layer by {@code schedule} (e.g. a range test's ramp). */
    void setLearningRate(ISchedule schedule);

    /** Layers with or without parameters (a graph's merge and add vertices are not layers). */
    int layerCount();

    /** Parameters of this network with every foldable batch normalization folded into the layer before it. */
    INDArray foldedParams();

    /**
     * Each example's training loss under the current parameters, from one forward pass in
     * inference mode. Without the weight penalty: it is the same for every example, so it would
     * not change which examples rank as hard.
     *
     * @param labels the true class of each example
     */
    default double[] exampleLosses(INDArray features, int[] labels, ExampleLoss loss) {
        INDArray probabilities = output(features);
        double[] trueClass = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            trueClass[i] = probabilities.getDouble(i, labels[i]);
        }
        return loss.of(trueClass, labels);
    }
}
