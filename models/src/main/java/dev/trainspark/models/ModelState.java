package dev.trainspark.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/** Flat parameter and updater-state vectors: what the driver broadcasts each round. */
public record ModelState(float[] params, float[] updaterState) implements Serializable {
    public ModelState {
        if (params == null || updaterState == null) {
            throw new IllegalArgumentException("model state needs both parameters and updater state");
        }
    }

    /** A copy of a network's current parameters and updater state. */
    public static ModelState of(MultiLayerNetwork net) {
        INDArray updaterState = net.getUpdater().getStateViewArray();
        // Plain SGD keeps no state: DL4J then has no state array at all, which is an empty state here.
        return new ModelState(net.params().toFloatVector(), updaterState == null ? new float[0] : updaterState.toFloatVector());
    }
}
