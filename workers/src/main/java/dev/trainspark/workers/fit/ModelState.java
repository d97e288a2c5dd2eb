package dev.trainspark.workers.fit;

import java.io.Serializable;

/** Flat parameter and updater-state vectors: what the driver broadcasts each round. */
public record ModelState(float[] params, float[] updaterState) implements Serializable {
    public ModelState {
        if (params == null || updaterState == null) {
            throw new IllegalArgumentException("model state needs both parameters and updater state");
        }
    }
}
