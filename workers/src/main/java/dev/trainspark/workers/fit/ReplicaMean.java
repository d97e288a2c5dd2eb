package dev.trainspark.workers.fit;

import dev.trainspark.models.NativeFloats;
import dev.trainspark.models.TrainableNetwork;
import dev.trainspark.workers.allreduce.ReplicaSum;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.Arrays;

/**
 * A round's averaging among the epoch's tasks: each puts its replica's parameters and updater
 * state, with a 1 when it fitted this round (0 and zeros when its shard had run out), into one
 * vector; the vectors are summed (over the ring, or in memory); each divides by the count and
 * loads the mean into its network.
 * Every task thus holds the same state, the mean over the replicas that fitted, as the driver's
 * average would be.
 */
final class ReplicaMean {
    private final ReplicaSum sum;
    private final int params;
    private final int updater;
    /** Parameters, then updater state, then the count of replicas that fitted. */
    private final float[] exchange;

    ReplicaMean(ReplicaSum sum, int params, int updater) {
        this.sum = sum;
        this.params = params;
        this.updater = updater;
        this.exchange = new float[params + updater + 1];
    }

    void put(TrainableNetwork net, boolean fitted) {
        if (!fitted) {
            Arrays.fill(exchange, 0f);
            return;
        }
        NativeFloats.copyInto(net.params(), exchange, 0);
        if (updater > 0) {
            INDArray state = net.updaterStateView();
            if (state == null || state.length() != updater) {
                throw new IllegalStateException("updater state has " + (state == null ? 0 : state.length())
                        + " values, the round started with " + updater);
            }
            NativeFloats.copyInto(state, exchange, params);
        }
        exchange[params + updater] = 1f;
    }

    void exchange() throws IOException {
        sum.sumInPlace(exchange);
    }

    void takeInto(TrainableNetwork net) {
        float replicas = exchange[params + updater];
        if (replicas < 1) {
            throw new IllegalStateException("no task fitted a minibatch in this round");
        }
        if (replicas != 1f) {
            for (int i = 0; i < params + updater; i++) {
                exchange[i] /= replicas;
            }
        }
        NativeFloats.copyInto(exchange, 0, net.params());
        if (updater > 0) {
            NativeFloats.copyInto(exchange, params, net.updaterStateView());
        }
    }
}
