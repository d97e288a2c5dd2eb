package dev.trainspark.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** A {@link StackDefinition}'s network: DL4J's {@code MultiLayerNetwork}. */
final class StackNetwork implements TrainableNetwork {
    private final MultiLayerNetwork net;

    StackNetwork(MultiLayerNetwork net) {
        this.net = net;
    }

    MultiLayerNetwork network() {
        return net;
    }

    @Override
    public long numParams() {
        return net.numParams();
    }

    @Override
    public INDArray params() {
        return net.params();
    }

    @Override
    public void setParams(INDArray params) {
        net.setParams(params);
    }

    @Override
    public float[] updaterState() {
        INDArray state = net.getUpdater().getStateViewArray();
        // Plain SGD keeps no state: DL4J then has no state array at all.
        return state == null ? new float[0] : NativeFloats.copyOf(state);
    }

    @Override
    public INDArray updaterStateView() {
        return net.getUpdater().getStateViewArray();
    }

    @Override
    public void setUpdaterState(float[] state) {
        if (state.length > 0) {
            // DL4J refuses an empty array where an updater has no state.
            INDArray view = net.getUpdater().getStateViewArray();
            if (view == null) {
                net.getUpdater().setStateViewArray(net, Nd4j.create(state), false);
            } else {
                NativeFloats.copyInto(state, view);
            }
        }
    }

    @Override
    public void setProgress(int iteration, int epoch) {
        net.getLayerWiseConfigurations().setIterationCount(iteration);
        net.getLayerWiseConfigurations().setEpochCount(epoch);
    }

    @Override
    public void fit(INDArray features, INDArray labels) {
        net.fit(features, labels);
    }

    @Override
    public double score() {
        return net.score();
    }

    @Override
    public INDArray output(INDArray features) {
        return net.output(features, false);
    }

    @Override
    public void setLearningRate(ISchedule schedule) {
        net.setLearningRate(schedule);
    }

    @Override
    public int layerCount() {
        return net.getLayers().length;
    }

    @Override
    public INDArray foldedParams() {
        return BatchNormFolding.fold(net).params();
    }

    @Override
    public INDArray embedding(INDArray features) {
        List<INDArray> activations = net.feedForwardToLayer(net.getnLayers() - 2, features, false);
        return activations.get(activations.size() - 1).reshape(features.size(0), -1);
    }
}
