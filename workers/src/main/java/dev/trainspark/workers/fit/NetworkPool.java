package dev.trainspark.workers.fit;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.TrainableNetwork;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Networks kept per executor JVM between rounds, so a round only resets parameters instead of
 * rebuilding the network. Several tasks may run at once in one executor; each borrows its own.
 */
public final class NetworkPool {
    private static final Map<NetworkSpec, ConcurrentLinkedDeque<TrainableNetwork>> IDLE = new ConcurrentHashMap<>();

    private NetworkPool() {
    }

    public static TrainableNetwork borrow(NetworkSpec spec) {
        TrainableNetwork net = IDLE.computeIfAbsent(spec, s -> new ConcurrentLinkedDeque<>()).pollFirst();
        return net != null ? net : Networks.build(spec);
    }

    public static void release(NetworkSpec spec, TrainableNetwork net) {
        IDLE.computeIfAbsent(spec, s -> new ConcurrentLinkedDeque<>()).addFirst(net);
    }
}
