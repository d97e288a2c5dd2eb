package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.NativeThreads;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.trainspark.pipeline.rebalance.NearestNeighbours.SCHEMA;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Exact k nearest neighbours without a quadratic number of rows: query and reference rows are
 * hashed into blocks of about {@code blockRows} rows (per group; fewer for long vectors, see
 * {@link #blockRowsFor}), every (query block, reference block) pair of a group meets in one task
 * that keeps each query's k best candidates of that reference block ({@link BlockPairKnn}: a float
 * matrix product on ND4J's BLAS screens, the double distance decides), and a {@code reduceByKey}
 * merges the per-block lists of a query, two at a time ({@link NeighbourList}). Candidates are
 * ordered by (distance, id), so the result does not depend on the blocks or on partitioning. The search runs when called and returns lists kept by
 * Spark, releasing the packed rows it cached. A set searched against itself goes through
 * {@link TiledSelfKnn}, which meets each pair of blocks once, in one Spark job.
 */
final class BlockwiseKnn {
    private static final String GROUP = "_group";
    private static final String BLOCK = "_block";
    private static final String REF_BLOCK = "_ref_block";
    private static final String QUERY_ROWS = "_query_rows";
    private static final String REF_ROWS = "_ref_rows";
    private static final String PACKED = "_packed";
    private static final String DIMS = "_dims";

    /** What a task may spend on one block pair; well inside the task memory of a 1 GiB executor. */
    static final long BLOCK_PAIR_BYTES = 96L << 20;
    private static final int MIN_BLOCK_ROWS = 16;

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
        return neighbours(queries, reference, k, sameLabel, null);
    }

    /**
     * {@link #neighbours(Dataset, Dataset, int, boolean)}; a set searched against itself goes through
     * {@link TiledSelfKnn}, given {@code groupSizes} (rows per group: per label with {@code sameLabel},
     * else under "") when the caller has them.
     */
    Dataset<Row> neighbours(Dataset<Row> queries, Dataset<Row> reference, int k, boolean sameLabel,
                            Map<String, Long> groupSizes) {
        if (queries == reference) {
            return TiledSelfKnn.neighbours(queries, k, sameLabel, groupSizes, blockRows, seed,
                    Math.max(1, queries.sparkSession().sparkContext().defaultParallelism()));
        }
        Column group = sameLabel ? col(RebalanceColumns.LABEL) : lit("");
        Dataset<Row> ref = packed(reference, group);
        Dataset<Row> qry = packed(queries, group);
        try {
            Column refBlocks = lookup(blocksPerGroup(ref));
            Column queryBlocks = lookup(blocksPerGroup(qry));
            Column rowStruct = struct(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL), col(PACKED));

            Dataset<Row> refSide = ref.withColumn(BLOCK, pmod(xxhash64(lit(seed), col(RebalanceColumns.ID)), refBlocks))
                    .groupBy(col(GROUP), col(BLOCK))
                    .agg(collect_list(rowStruct).as(REF_ROWS));
            Dataset<Row> querySide = qry.withColumn(BLOCK, pmod(xxhash64(lit(seed), col(RebalanceColumns.ID)), queryBlocks))
                    .groupBy(col(GROUP), col(BLOCK))
                    .agg(collect_list(rowStruct).as(QUERY_ROWS))
                    .withColumn(REF_BLOCK, explode(sequence(lit(0L), refBlocks.minus(1))));
            // A shuffle join keyed by (group, reference block) spreads the block pairs over tasks. A
            // broadcast of the reference rows would be built on the driver, which keeps the value and
            // its serialised pieces: twice the set in driver heap, over the 10%-of-the-data budget
            // as soon as the set is 5% of the data (SMOTE's minority of a 90/10 split is 10%).
            Dataset<Row> pairs = querySide.join(refSide.hint(SyntheticDraws.SHUFFLE_JOIN),
                            querySide.col(GROUP).equalTo(refSide.col(GROUP))
                                    .and(querySide.col(REF_BLOCK).equalTo(refSide.col(BLOCK))))
                    .select(col(QUERY_ROWS), col(REF_ROWS));
            // A query's lists of the blocks it met are merged two at a time as they come, also within
            // each task before the shuffle: gathering them per query and sorting them (a collect_list
            // over one key per row, past the hash aggregate's key limit) cost more than the search.
            JavaRDD<Row> merged = pairs.toJavaRDD().flatMapToPair(new TopKPerBlockPair(k))
                    .reduceByKey((a, b) -> NeighbourList.merge(a, b, k))
                    .map(q -> q._2().toRow(q._1()._1(), q._1()._2()));
            Dataset<Row> lists = queries.sparkSession().createDataFrame(merged, SCHEMA);
            // Computed now, so that the packed rows are released when the search returns; the
            // lists (k per query) are kept instead, and freed with the returned Dataset.
            return lists.localCheckpoint(true);
        } finally {
            ref.unpersist(false);
            qry.unpersist(false);
        }
    }

    /**
     * The rows the search reads: vectors packed once per row (a block's vectors reach its tasks as
     * bytes, not as boxed floats), kept because the counts and both sides of the pairs read them.
     */
    private static Dataset<Row> packed(Dataset<Row> rows, Column group) {
        return rows.select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL),
                        PackedFloats.pack(col(NearestNeighbours.THUMB)).as(PACKED),
                        size(col(NearestNeighbours.THUMB)).as(DIMS), group.as(GROUP))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    private Map<String, Long> blocksPerGroup(Dataset<Row> rows) {
        return rows.groupBy(col(GROUP)).agg(count(lit(1)).as("n"), max(col(DIMS)).as("dims"))
                .collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> {
                    long perBlock = blockRowsFor(blockRows, Math.max(1, r.getInt(2)));
                    return Math.max(1L, (r.getLong(1) + perBlock - 1) / perBlock);
                }));
    }

    /**
     * Rows per block: {@code blockRows}, or fewer where a block pair of {@code dims}-long vectors
     * would not fit {@link #BLOCK_PAIR_BYTES}. A task holds a pair's two blocks about five times
     * over (shuffled rows, their objects, the vectors, the packed copy and its native twin) and the
     * {@code rows x rows} float product twice.
     */
    static int blockRowsFor(int blockRows, int dims) {
        long rows = blockRows;
        while (rows > MIN_BLOCK_ROWS && 2L * 5 * Float.BYTES * dims * rows + 2L * Float.BYTES * rows * rows > BLOCK_PAIR_BYTES) {
            rows = Math.max(MIN_BLOCK_ROWS, rows * 3 / 4);
        }
        return (int) rows;
    }

    private static Column lookup(Map<String, Long> perGroup) {
        List<Column> kv = new ArrayList<>();
        perGroup.forEach((g, n) -> {
            kv.add(lit(g));
            kv.add(lit(n));
        });
        return element_at(map(kv.toArray(Column[]::new)), col(GROUP));
    }

    /** One (query block, reference block) pair: each query's k best candidates of the reference block, keyed by the query row's (id, label). */
    private static final class TopKPerBlockPair implements PairFlatMapFunction<Row, Tuple2<String, String>, NeighbourList> {
        private final int k;

        TopKPerBlockPair(int k) {
            this.k = k;
        }

        @Override
        public Iterator<Tuple2<Tuple2<String, String>, NeighbourList>> call(Row pair) {
            NativeThreads.fitCurrentTask();
            List<Row> queries = pair.getList(0);
            List<Row> refs = pair.getList(1);
            Block queryBlock = new Block(queries);
            Block refBlock = new Block(refs);
            List<Tuple2<Tuple2<String, String>, NeighbourList>> out = new ArrayList<>(queries.size() + refs.size());
            emit(queryBlock, refBlock, BlockPairKnn.search(queryBlock.vectors, refBlock.vectors, k), out);
            return out.iterator();
        }

        private static void emit(Block queries, Block refs, CandidateList[] best,
                                 List<Tuple2<Tuple2<String, String>, NeighbourList>> out) {
            for (int q = 0; q < best.length; q++) {
                out.add(new Tuple2<>(new Tuple2<>(queries.vectors.ids[q], queries.labels[q]),
                        NeighbourList.of(best[q], refs.vectors.ids, refs.labels)));
            }
        }
    }

    /** A block's rows as the search takes them: ids and vectors, and the labels beside. */
    private static final class Block {
        final VectorBlock vectors;
        final String[] labels;

        Block(List<Row> rows) {
            int n = rows.size();
            String[] ids = new String[n];
            labels = new String[n];
            float[][] v = new float[n][];
            for (int j = 0; j < n; j++) {
                Row r = rows.get(j);
                ids[j] = r.getString(0);
                labels[j] = r.getString(1);
                v[j] = PackedFloats.unpack(r.getAs(2));
            }
            vectors = new VectorBlock(ids, v);
        }
    }
}
