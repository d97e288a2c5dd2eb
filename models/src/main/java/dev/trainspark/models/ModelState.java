package dev.trainspark.models;

import java.io.Serializable;

/** Flat parameter and updater-state vectors: what the driver broadcasts each round. */
public record ModelState(float[] params, float[] updaterState) implements Serializable {
    public ModelState {
        if (params == null || updaterState == null) {
            throw new IllegalArgumentException("model state needs both parameters and updater state");
        }
    }

    /** A copy of a network's current parameters and updater state. */
    public static ModelState of(TrainableNetwork net) {
        return new ModelState(net.params().toFloatVector(), net.updaterState());
    }
}
