package dev.trainspark.pipeline.rebalance;

import java.util.List;
import java.util.stream.Collectors;

/** Every value {@code rebalance.method} accepts. A new sampler is one file and one line here. */
public final class RebalanceMethods {
    public static final List<RebalanceMethod> ALL = List.of(
            RebalanceMethod.NONE,
            RandomOverSampler.METHOD,
            RandomUnderSampler.METHOD,
            Smote.METHOD,
            BorderlineSmote.METHOD,
            Adasyn.METHOD,
            ClusterCentroids.METHOD,
            TomekLinks.METHOD,
            EasyEnsemble.METHOD);

    private RebalanceMethods() {
    }

    /** The method of that name; an error naming the accepted values otherwise. */
    public static RebalanceMethod named(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("rebalance.method is '" + name + "'; accepted: " + names()));
    }

    public static String names() {
        return ALL.stream().map(RebalanceMethod::name).collect(Collectors.joining(", "));
    }
}
