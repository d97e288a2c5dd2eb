package dev.trainspark.driver.train;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.pipeline.metrics.ClassificationMetrics;
import dev.trainspark.pipeline.metrics.ConfusionState;
import dev.trainspark.pipeline.metrics.MetricsOptions;
import dev.trainspark.pipeline.metrics.MetricsState;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.workers.evaluate.PartitionPredictor;
import dev.trainspark.workers.evaluate.TestTimeAugmentation;
import dev.trainspark.models.ModelState;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

import java.util.List;

/**
 * Distributed scoring: every partition predicts its rows with the broadcast model; the predictions
 * stay on the executors (cached while metrics are computed from them), and only merged states
 * reach the driver.
 */
public final class Evaluation implements AutoCloseable {
    private final Broadcast<List<ModelState>> shared;
    private final JavaRDD<Prediction> predictions;

    private Evaluation(Broadcast<List<ModelState>> shared, JavaRDD<Prediction> predictions) {
        this.shared = shared;
        this.predictions = predictions;
    }

    /**
     * Scores {@code rows} with the members' mean probabilities.
     *
     * @param offsets per-class decision offsets, or null for a plain argmax
     */
    public static Evaluation score(JavaSparkContext sc, JavaRDD<Sample> rows, NetworkSpec spec, List<ModelState> members,
                                   double[] offsets, int batchSize) {
        return score(sc, rows, spec, members, offsets, batchSize, TestTimeAugmentation.NONE);
    }

    /**
     * Scores {@code rows} with the mean probabilities over the members and the views {@code tta} makes.
     *
     * @param offsets per-class decision offsets, or null for a plain argmax
     */
    public static Evaluation score(JavaSparkContext sc, JavaRDD<Sample> rows, NetworkSpec spec, List<ModelState> members,
                                   double[] offsets, int batchSize, TestTimeAugmentation tta) {
        Broadcast<List<ModelState>> shared = sc.broadcast(List.copyOf(members));
        PartitionPredictor predictor = new PartitionPredictor(spec, batchSize, offsets, tta);
        JavaRDD<Prediction> predictions = rows.mapPartitions(part -> predictor.predict(part, shared.value()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        return new Evaluation(shared, predictions);
    }

    public JavaRDD<Prediction> predictions() {
        return predictions;
    }

    /** Label-only counts, merged on the cluster. */
    public ConfusionState confusion(int numClasses) {
        return predictions.aggregate(new ConfusionState(numClasses),
                (state, p) -> state.add(p.label(), p.predicted()), ConfusionState::merge);
    }

    /** {accuracy, balanced accuracy} of one state, the figures printed after every epoch. */
    public static double[] quickScores(JavaSparkContext sc, JavaRDD<Sample> rows, NetworkSpec spec, ModelState state,
                                       int batchSize, List<String> classes) {
        try (Evaluation e = score(sc, rows, spec, List.of(state), null, batchSize)) {
            ClassificationMetrics m = ClassificationMetrics.of(e.confusion(spec.numClasses()), classes);
            return new double[]{m.accuracy(), m.balancedAccuracy()};
        }
    }

    /** The figures early stopping watches, of one state on the validation rows: one aggregation, merged on the cluster. */
    static ValidationScores validationScores(JavaSparkContext sc, JavaRDD<Sample> rows, NetworkSpec spec, ModelState state,
                                             int batchSize, List<String> classes) {
        try (Evaluation e = score(sc, rows, spec, List.of(state), null, batchSize)) {
            // Exact curve mode keeps no score histograms; no curve is computed from this state.
            MetricsState merged = e.predictions().treeAggregate(new MetricsState(spec.numClasses(), MetricsOptions.defaults()),
                    MetricsState::add, MetricsState::merge);
            ClassificationMetrics m = ClassificationMetrics.of(merged.confusion(), classes);
            return new ValidationScores(m.accuracy(), m.balancedAccuracy(), m.macroF1(), merged.logLossSum() / merged.total());
        }
    }

    @Override
    public void close() {
        predictions.unpersist(false);
        shared.destroy();
    }
}
