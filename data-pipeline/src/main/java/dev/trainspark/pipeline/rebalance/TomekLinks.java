package dev.trainspark.pipeline.rebalance;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;

/**
 * Tomek links cleaning (imbalanced-learn's {@code TomekLinks}): rows a and b of different classes
 * form a link when each is the other's nearest neighbour in the whole training set (ties broken by
 * id). A row in a link is removed when its class is among the cleaned classes (imbalanced-learn's
 * sampling strategy; its default {@code 'auto'} cleans every class but the minority); its partner
 * stays unless its class is cleaned too. The result is the remaining rows as originals.
 */
public final class TomekLinks implements Resampler {
    /** {@code tomek_links}. */
    public static final RebalanceMethod METHOD = RebalanceMethod.of("tomek_links", SamplerType.CLEAN_SAMPLING, true,
            c -> new TomekLinks(c.targets().keySet(), c.seed(), c.knn()));

    private final Set<String> cleanedClasses;
    private final long seed;
    private final KnnSettings knn;
    private long knnFallbackRows;

    public TomekLinks(Set<String> cleanedClasses, long seed, KnnSettings knn) {
        this.cleanedClasses = new TreeSet<>(cleanedClasses);
        this.seed = seed;
        this.knn = knn;
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train) {
        knnFallbackRows = 0;
        if (cleanedClasses.isEmpty()) {
            return RebalanceColumns.originals(train);
        }
        NeighbourLists nearest = new NearestNeighbours(knn, seed).overAll(train, train, 1);
        knnFallbackRows = nearest.lshFallbackRows();
        Dataset<Row> removed = linkedRows(nearest.rows())
                .filter(col(RebalanceColumns.LABEL).isin(cleanedClasses.toArray()))
                .select(col(RebalanceColumns.ID).as("_removed"));
        Dataset<Row> kept = train.join(removed.hint(SyntheticDraws.SHUFFLE_JOIN), train.col(RebalanceColumns.ID).equalTo(removed.col("_removed")), "left_anti");
        return RebalanceColumns.originals(kept);
    }

    /** Rows ({@code id, label}) that are in a Tomek link, from 1-nearest-neighbour lists. */
    static Dataset<Row> linkedRows(Dataset<Row> nearestLists) {
        Dataset<Row> a = nearestLists.select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL),
                element_at(col(NearestNeighbours.NEIGHBOURS), 1).getField(RebalanceColumns.ID).as("_nn"),
                element_at(col(NearestNeighbours.NEIGHBOURS), 1).getField(RebalanceColumns.LABEL).as("_nn_label"));
        Dataset<Row> b = nearestLists.select(col(RebalanceColumns.ID).as("_b_id"),
                element_at(col(NearestNeighbours.NEIGHBOURS), 1).getField(RebalanceColumns.ID).as("_b_nn"));
        return a.join(b.hint(SyntheticDraws.SHUFFLE_JOIN), col("_nn").equalTo(col("_b_id")).and(col("_b_nn").equalTo(col(RebalanceColumns.ID))))
                .filter(col("_nn_label").notEqual(col(RebalanceColumns.LABEL)))
                .select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL));
    }

    /** Rows whose neighbour the last {@link #resample} had to search exactly after the LSH fell short. */
    public long knnFallbackRows() {
        return knnFallbackRows;
    }
}
