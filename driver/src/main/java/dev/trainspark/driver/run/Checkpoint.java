package dev.trainspark.driver.run;

import dev.trainspark.models.ModelState;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The state at the end of an epoch: parameters, updater state, and the counters from which every
 * random stream of the next epoch is derived (the seed and the epoch number are the RNG state).
 *
 * @param epochsDone  epochs completed
 * @param iteration   network iteration count (minibatches per replica so far)
 * @param seed        the run's seed
 * @param state       parameters and updater state
 */
public record Checkpoint(int epochsDone, int iteration, long seed, ModelState state) {
    private static final int MAGIC = 0x54534350; // "TSCP"

    public byte[] toBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(epochsDone);
            out.writeInt(iteration);
            out.writeLong(seed);
            writeFloats(out, state.params());
            writeFloats(out, state.updaterState());
        }
        return bytes.toByteArray();
    }

    public static Checkpoint fromBytes(byte[] data, String source) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(source + " is not a trainspark checkpoint");
            }
            int epochs = in.readInt();
            int iteration = in.readInt();
            long seed = in.readLong();
            return new Checkpoint(epochs, iteration, seed, new ModelState(readFloats(in), readFloats(in)));
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
