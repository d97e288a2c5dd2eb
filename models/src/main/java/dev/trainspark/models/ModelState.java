package dev.trainspark.models;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
        return new ModelState(NativeFloats.copyOf(net.params()), net.updaterState());
    }

    /** Serialized as raw float bytes in bulk (a record's own serialization cannot be customised). */
    private Object writeReplace() {
        return new Wire(params, updaterState);
    }

    /** The serialized form of a model state. */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient float[] params;
        private transient float[] updaterState;

        Wire(float[] params, float[] updaterState) {
            this.params = params;
            this.updaterState = updaterState;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            FloatArrays.write(out, params);
            FloatArrays.write(out, updaterState);
        }

        private void readObject(ObjectInputStream in) throws IOException {
            params = FloatArrays.readFloats(in);
            updaterState = FloatArrays.readFloats(in);
        }

        private Object readResolve() {
            return new ModelState(params, updaterState);
        }
    }
}
