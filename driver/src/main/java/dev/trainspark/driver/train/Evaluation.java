package dev.trainspark.driver.train;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.pipeline.metrics.ConfusionState;
import dev.trainspark.workers.evaluate.PartitionEvaluator;
import dev.trainspark.workers.fit.ModelState;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.Collections;

/** Distributed evaluation: per-partition confusion states merged on the cluster; no prediction reaches the driver. */
public final class Evaluation {
    private Evaluation() {
    }

    public static ConfusionState confusion(JavaSparkContext sc, JavaRDD<Sample> rows, NetworkSpec spec,
                                           ModelState state, int batchSize) {
        Broadcast<ModelState> shared = sc.broadcast(state);
        PartitionEvaluator evaluator = new PartitionEvaluator(spec, batchSize);
        int classes = spec.numClasses();
        try {
            return rows.mapPartitions(part -> Collections.singletonList(evaluator.evaluate(part, shared.value())).iterator())
                    .treeAggregate(new ConfusionState(classes), ConfusionState::merge, ConfusionState::merge);
        } finally {
            shared.destroy();
        }
    }
}
