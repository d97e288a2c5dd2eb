package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
import dev.trainspark.pipeline.BadParameterException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * ADASYN (imbalanced-learn's {@code ADASYN}). For an oversampled class c with n = toGenerate(c):
 * each row i of c has {@code r_i} = share of rows of other classes among its {@code n_neighbors}
 * nearest neighbours in the whole training set (one class against the rest); it gets
 * {@code g_i = rint(r_i / sum_j r_j * n)} synthetic rows, rint rounding half to even, so the class
 * total may differ from n (as in imbalanced-learn; see {@link #generatedPerClass()}). The rounding is
 * done exactly in integers ({@code other_i * n / sum_j other_j}), where imbalanced-learn rounds a
 * floating-point quotient; they can differ only when that quotient lies within rounding error of a
 * half. Each synthetic row pairs row i with one of its {@code n_neighbors} nearest neighbours within
 * c, uniformly, and a lambda uniform in [0, 1), both drawn from (seed, c, i, t) for its t-th row
 * ({@code adasyn#<class>#<id>#<t>}).
 *
 * <p>A class none of whose rows has a neighbour of another class cannot be weighted (imbalanced-learn
 * raises there too): {@link BadParameterException} suggesting SMOTE. So does a class whose rounded
 * counts are all 0.
 */
public final class Adasyn implements Resampler {
    /** {@code adasyn}. */
    public static final RebalanceMethod METHOD = RebalanceMethod.of("adasyn", SamplerType.OVER_SAMPLING, true,
                    c -> new Adasyn(c.targets(), c.spec().nNeighbors(), c.seed(), c.knn()))
            .needing(spec -> new RebalanceMethod.NeighbourNeed(Adasyn.N_NEIGHBORS, spec.nNeighbors()));

    public static final int DEFAULT_N_NEIGHBORS = 5;
    static final String N_NEIGHBORS = "rebalance.n_neighbors";

    private final Map<String, Long> toGenerate;
    private final int nNeighbors;
    private final long seed;
    private final KnnSettings knn;
    private final Map<String, Long> generated = new TreeMap<>();
    private long knnFallbackRows;

    public Adasyn(Map<String, Long> toGenerate, int nNeighbors, long seed, KnnSettings knn) {
        ParameterChecks.CONFIG.positive(N_NEIGHBORS, nNeighbors);
        this.toGenerate = new TreeMap<>(toGenerate);
        this.nNeighbors = nNeighbors;
        this.seed = seed;
        this.knn = knn;
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train) {
        Map<String, Long> sizes = SyntheticDraws.classSizes(train);
        Map<String, Long> targets = SyntheticDraws.positiveTargets(toGenerate, sizes);
        Dataset<Row> originals = RebalanceColumns.originals(train);
        generated.clear();
        knnFallbackRows = 0;
        if (targets.isEmpty()) {
            return originals;
        }
        long trainSize = sizes.values().stream().mapToLong(Long::longValue).sum();
        SyntheticDraws.checkNeighboursOverall(N_NEIGHBORS, nNeighbors, trainSize);
        targets.keySet().forEach(label -> SyntheticDraws.checkNeighboursWithinClass(N_NEIGHBORS, nNeighbors, label, sizes.get(label)));

        Dataset<Row> pool = train.filter(col(RebalanceColumns.LABEL).isin(targets.keySet().toArray()));
        NearestNeighbours nn = new NearestNeighbours(knn, seed);
        NeighbourLists overall = nn.overAll(pool, train, nNeighbors);
        Dataset<Row> counts = rowCounts(overall.rows(), targets).persist();
        Map<String, Long> perClass = new HashMap<>();
        for (Row r : counts.groupBy(col(RebalanceColumns.LABEL)).agg(sum(col("_other")), sum(col("_g"))).collectAsList()) {
            String label = r.getString(0);
            if (r.getLong(1) == 0) {
                throw new BadParameterException("rebalance.method = adasyn cannot be used for class '" + label
                        + "': none of its rows has a row of another class among its " + nNeighbors
                        + " nearest neighbours, so ADASYN's weights are 0/0; use smote instead");
            }
            if (r.getLong(2) == 0) {
                throw new BadParameterException("rebalance.method = adasyn makes no synthetic row for class '" + label
                        + "': every per-row count rounds to 0 for " + targets.get(label)
                        + " rows to add; ask for more rows or use smote");
            }
            perClass.put(label, r.getLong(2));
        }
        generated.putAll(perClass);
        NeighbourLists within = nn.withinClass(pool, nNeighbors);
        knnFallbackRows = overall.lshFallbackRows() + within.lshFallbackRows();

        Column label = col(RebalanceColumns.LABEL);
        Column base = col(RebalanceColumns.ID);
        Column t = col("_t");
        Dataset<Row> draws = counts.filter(col("_g").gt(0))
                .select(base, label, explode(sequence(lit(0L), col("_g").minus(1))).as("_t"))
                .join(within.rows().select(col(RebalanceColumns.ID).as("_list_id"), col(NearestNeighbours.NEIGHBOURS)).hint(SyntheticDraws.SHUFFLE_JOIN),
                        base.equalTo(col("_list_id")));
        Column position = SyntheticDraws.index(SyntheticDraws.hash(seed, SyntheticDraws.NEIGHBOUR_SALT, label, base, t), lit(nNeighbors)).plus(1);
        Dataset<Row> synthetic = SyntheticDraws.recipes(draws.select(
                concat_ws("#", lit("adasyn"), label, base, t.cast("string")).as(RebalanceColumns.ID),
                label,
                base.as(RebalanceColumns.PARENT_A),
                element_at(col(NearestNeighbours.NEIGHBOURS), position.cast("int")).getField(RebalanceColumns.ID).as(RebalanceColumns.PARENT_B),
                SyntheticDraws.unit(SyntheticDraws.hash(seed, SyntheticDraws.LAMBDA_SALT, label, base, t)).as(RebalanceColumns.LAMBDA)));
        return originals.unionByName(synthetic);
    }

    /**
     * Per query row: {@code _other}, its neighbours of other classes, and {@code _g}, its number of
     * synthetic rows {@code rint(_other * n / sum of _other over the class)}, half to even.
     */
    static Dataset<Row> rowCounts(Dataset<Row> neighbourLists, Map<String, Long> targets) {
        Dataset<Row> other = neighbourLists.select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL),
                expr("size(filter(" + NearestNeighbours.NEIGHBOURS + ", n -> n.label != " + RebalanceColumns.LABEL + "))")
                        .cast("long").as("_other"));
        Dataset<Row> classTotals = other.groupBy(col(RebalanceColumns.LABEL).as("_class"))
                .agg(sum(col("_other")).as("_total"));
        Column total = col("_total");
        Column quotient = col("_quotient");
        Column twiceRemainder = col("_numerator").minus(quotient.multiply(total)).multiply(2);
        Column roundUp = twiceRemainder.gt(total).or(twiceRemainder.equalTo(total).and(quotient.mod(2).equalTo(1)));
        return other.join(classTotals.hint(SyntheticDraws.SHUFFLE_JOIN), col(RebalanceColumns.LABEL).equalTo(col("_class")))
                .withColumn("_numerator", col("_other").multiply(element_at(perClass(targets), col(RebalanceColumns.LABEL))))
                .withColumn("_quotient", when(total.equalTo(0), lit(0L)).otherwise(expr("_numerator div _total")))
                .withColumn("_g", when(total.equalTo(0), lit(0L))
                        .otherwise(quotient.plus(when(roundUp, lit(1L)).otherwise(lit(0L)))))
                .select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL), col("_other"), col("_g"));
    }

    private static Column perClass(Map<String, Long> counts) {
        Column[] kv = counts.entrySet().stream()
                .flatMap(e -> List.of(lit(e.getKey()), lit(e.getValue())).stream())
                .toArray(Column[]::new);
        return org.apache.spark.sql.functions.map(kv);
    }

    /** Synthetic rows per class made by the last {@link #resample}, after imbalanced-learn's rounding. */
    public Map<String, Long> generatedPerClass() {
        return Collections.unmodifiableMap(new TreeMap<>(generated));
    }

    /** Rows whose neighbours the last {@link #resample} had to search exactly after the LSH fell short. */
    public long knnFallbackRows() {
        return knnFallbackRows;
    }
}
