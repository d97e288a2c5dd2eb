package dev.trainspark.workers.select;

import dev.trainspark.models.ExampleLoss;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Each candidate's training loss under the network's current parameters, from one forward pass in inference mode. */
public final class CandidateLosses {
    private CandidateLosses() {
    }

    public static double[] of(MultiLayerNetwork net, INDArray features, int[] labels, ExampleLoss loss) {
        INDArray probabilities = net.output(features, false);
        double[] trueClass = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            trueClass[i] = probabilities.getDouble(i, labels[i]);
        }
        return loss.of(trueClass, labels);
    }
}
