package dev.trainspark.pipeline.rebalance;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.trainspark.pipeline.rebalance.NearestNeighbours.NEIGHBOURS;
import static dev.trainspark.pipeline.rebalance.NearestNeighbours.SCHEMA;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Exact k nearest neighbours without a quadratic number of rows: query and reference rows are
 * hashed into blocks of about {@code blockRows} rows (per group), every (query block, reference
 * block) pair of a group meets in one task that keeps each query's k best candidates of that
 * reference block, and an aggregation merges the per-block lists of a query. Candidates are ordered
 * by (distance, id), so the result does not depend on the blocks or on partitioning.
 */
final class BlockwiseKnn {
    private static final String GROUP = "_group";
    private static final String BLOCK = "_block";
    private static final String REF_BLOCK = "_ref_block";
    private static final String QUERY_ROWS = "_query_rows";
    private static final String REF_ROWS = "_ref_rows";

    private final int blockRows;
    private final long seed;

    BlockwiseKnn(int blockRows, long seed) {
        this.blockRows = blockRows;
        this.seed = seed;
    }

    /**
     * For every query row, its k nearest reference rows other than itself (same id), in
     * {@link NearestNeighbours#SCHEMA}. With {@code sameLabel}, only reference rows of the query's
     * label are candidates. A query with fewer than k candidates gets all of them; a query whose
     * label has no reference rows is absent.
     */
    Dataset<Row> neighbours(Dataset<Row> queries, Dataset<Row> reference, int k, boolean sameLabel) {
        Column group = sameLabel ? col(RebalanceColumns.LABEL) : lit("");
        Dataset<Row> ref = reference.select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL),
                col(NearestNeighbours.THUMB), group.as(GROUP));
        Dataset<Row> qry = queries.select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL),
                col(NearestNeighbours.THUMB), group.as(GROUP));
        Column refBlocks = lookup(blocksPerGroup(ref));
        Column queryBlocks = lookup(blocksPerGroup(qry));
        Column rowStruct = struct(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL), col(NearestNeighbours.THUMB));

        Dataset<Row> refSide = ref.withColumn(BLOCK, pmod(xxhash64(lit(seed), col(RebalanceColumns.ID)), refBlocks))
                .groupBy(col(GROUP), col(BLOCK))
                .agg(collect_list(rowStruct).as(REF_ROWS));
        Dataset<Row> querySide = qry.withColumn(BLOCK, pmod(xxhash64(lit(seed), col(RebalanceColumns.ID)), queryBlocks))
                .groupBy(col(GROUP), col(BLOCK))
                .agg(collect_list(rowStruct).as(QUERY_ROWS))
                .withColumn(REF_BLOCK, explode(sequence(lit(0L), refBlocks.minus(1))));
        // A shuffle join keyed by (group, reference block) spreads the block pairs over tasks; a
        // broadcast would route the reference rows through the driver.
        Dataset<Row> pairs = querySide.join(refSide.hint(SyntheticDraws.SHUFFLE_JOIN),
                        querySide.col(GROUP).equalTo(refSide.col(GROUP))
                                .and(querySide.col(REF_BLOCK).equalTo(refSide.col(BLOCK))))
                .select(col(QUERY_ROWS), col(REF_ROWS));
        Dataset<Row> perBlock = pairs.flatMap(new TopKPerBlockPair(k), Encoders.row(SCHEMA));
        return perBlock.groupBy(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL))
                .agg(slice(array_sort(flatten(collect_list(col(NEIGHBOURS)))), 1, k).as(NEIGHBOURS));
    }

    private Map<String, Long> blocksPerGroup(Dataset<Row> rows) {
        return rows.groupBy(col(GROUP)).agg(count(lit(1)).as("n")).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> Math.max(1L, (r.getLong(1) + blockRows - 1) / blockRows)));
    }

    private static Column lookup(Map<String, Long> perGroup) {
        List<Column> kv = new ArrayList<>();
        perGroup.forEach((g, n) -> {
            kv.add(lit(g));
            kv.add(lit(n));
        });
        return element_at(map(kv.toArray(Column[]::new)), col(GROUP));
    }

    /** One (query block, reference block) pair: each query's k best candidates of the reference block. */
    private static final class TopKPerBlockPair implements FlatMapFunction<Row, Row> {
        private final int k;

        TopKPerBlockPair(int k) {
            this.k = k;
        }

        @Override
        public Iterator<Row> call(Row pair) {
            List<Row> queries = pair.getList(0);
            List<Row> refs = pair.getList(1);
            int n = refs.size();
            String[] refIds = new String[n];
            String[] refLabels = new String[n];
            float[][] refVectors = new float[n][];
            for (int j = 0; j < n; j++) {
                Row r = refs.get(j);
                refIds[j] = r.getString(0);
                refLabels[j] = r.getString(1);
                refVectors[j] = floats(r.getList(2));
            }
            List<Row> out = new ArrayList<>(queries.size());
            for (Row q : queries) {
                String qid = q.getString(0);
                float[] qv = floats(q.getList(2));
                CandidateList best = new CandidateList(k);
                for (int j = 0; j < n; j++) {
                    if (!refIds[j].equals(qid)) {
                        double d = NearestNeighbours.distanceBelow(qv, refVectors[j], best.abandonAbove());
                        if (d != Double.POSITIVE_INFINITY) {
                            best.offer(d, refIds[j], j);
                        }
                    }
                }
                Row[] list = new Row[best.size()];
                for (int i = 0; i < list.length; i++) {
                    int j = best.index(i);
                    list[i] = RowFactory.create(best.distance(i), refIds[j], refLabels[j]);
                }
                out.add(RowFactory.create(qid, q.getString(1), list));
            }
            return out.iterator();
        }

        private static float[] floats(List<Float> values) {
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = values.get(i);
            }
            return v;
        }
    }

    /** The k smallest (distance, id) candidates seen so far, kept sorted by insertion. */
    private static final class CandidateList {
        private final double[] distances;
        private final String[] ids;
        private final int[] indices;
        private int size;

        CandidateList(int k) {
            distances = new double[k];
            ids = new String[k];
            indices = new int[k];
        }

        void offer(double distance, String id, int index) {
            int k = distances.length;
            if (size == k && NearestNeighbours.compare(distance, id, distances[k - 1], ids[k - 1]) >= 0) {
                return;
            }
            int pos = size < k ? size++ : k - 1;
            while (pos > 0 && NearestNeighbours.compare(distance, id, distances[pos - 1], ids[pos - 1]) < 0) {
                distances[pos] = distances[pos - 1];
                ids[pos] = ids[pos - 1];
                indices[pos] = indices[pos - 1];
                pos--;
            }
            distances[pos] = distance;
            ids[pos] = id;
            indices[pos] = index;
        }

        int size() {
            return size;
        }

        /** Squared distance beyond which a candidate cannot enter the list, with a margin for rounding. */
        double abandonAbove() {
            if (size < distances.length) {
                return Double.POSITIVE_INFINITY;
            }
            double worst = distances[distances.length - 1];
            return worst * worst * (1 + 1e-9) + Double.MIN_NORMAL;
        }

        double distance(int i) {
            return distances[i];
        }

        int index(int i) {
            return indices[i];
        }
    }
}
