package dev.trainspark.workers.select;

import dev.trainspark.models.ExampleLoss;
import dev.trainspark.models.TrainableNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Each candidate's training loss under the network's current parameters, from one forward pass in inference mode. */
public final class CandidateLosses {
    private CandidateLosses() {
    }

    public static double[] of(TrainableNetwork net, INDArray features, int[] labels, ExampleLoss loss) {
        return net.exampleLosses(features, labels, loss);
    }
}
