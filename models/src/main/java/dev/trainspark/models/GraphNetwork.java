package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** A {@link GraphDefinition}'s network: DL4J's {@code ComputationGraph} with one input and one output. */
final class GraphNetwork implements TrainableNetwork {
    private final ComputationGraph graph;
    /** The vertex whose activations feed the output layer. */
    private final String embeddingVertex;

    GraphNetwork(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new IllegalArgumentException("a graph network needs one input and one output; this one has "
                    + conf.getNetworkInputs() + " and " + conf.getNetworkOutputs());
        }
        this.graph = graph;
        this.embeddingVertex = conf.getVertexInputs().get(conf.getNetworkOutputs().get(0)).get(0);
    }

    ComputationGraph graph() {
        return graph;
    }

    @Override
    public long numParams() {
        return graph.numParams();
    }

    @Override
    public INDArray params() {
        return graph.params();
    }

    @Override
    public void setParams(INDArray params) {
        graph.setParams(params);
    }

    @Override
    public float[] updaterState() {
        INDArray state = graph.getUpdater().getStateViewArray();
        return state == null ? new float[0] : NativeFloats.copyOf(state);
    }

    @Override
    public INDArray updaterStateView() {
        return graph.getUpdater().getStateViewArray();
    }

    @Override
    public void setUpdaterState(float[] state) {
        if (state.length > 0) {
            INDArray view = graph.getUpdater().getStateViewArray();
            if (view == null) {
                graph.getUpdater().setStateViewArray(Nd4j.create(state));
            } else {
                NativeFloats.copyInto(state, view);
            }
        }
    }

    @Override
    public void setProgress(int iteration, int epoch) {
        graph.getConfiguration().setIterationCount(iteration);
        graph.getConfiguration().setEpochCount(epoch);
    }

    @Override
    public void fit(INDArray features, INDArray labels) {
        graph.fit(new INDArray[]{features}, new INDArray[]{labels});
    }

    @Override
    public double score() {
        return graph.score();
    }

    @Override
    public INDArray output(INDArray features) {
        return graph.outputSingle(false, features);
    }

    @Override
    public void setLearningRate(ISchedule schedule) {
        graph.setLearningRate(schedule);
    }

    @Override
    public int layerCount() {
        return graph.getLayers().length;
    }

    @Override
    public INDArray foldedParams() {
        return BatchNormFolding.fold(graph).params();
    }

    @Override
    public INDArray embedding(INDArray features) {
        INDArray activations = graph.output(List.of(embeddingVertex), false, new INDArray[]{features}, null)[0];
        return activations.reshape(features.size(0), -1);
    }
}
