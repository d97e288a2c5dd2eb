package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.NativeThreads;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.trainspark.pipeline.rebalance.NearestNeighbours.SCHEMA;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;

/**
 * The exact search of a set against itself, in tiles: each group's rows are hashed into m
 * super-blocks, and each pair of super-blocks {@code (a, b), a <= b} is one task, which receives the
 * rows of both through a single shuffle (a row goes to the m tasks of its super-block) and searches
 * every pair of {@link BlockwiseKnn#blockRowsFor blocks} among them once, in both directions
 * ({@link BlockPairKnn#searchBoth}). A row's lists from its m tasks merge in a {@code reduceByKey}
 * ({@link NeighbourList}). m is the least that gives every core of the session a task (about
 * {@code m(m+1)/2 >= cores}, shared among groups by their work, n squared) and keeps a super-block's
 * vectors under {@link #SUPER_BLOCK_BYTES}; so each row is shuffled m times, where a join of block
 * pairs ships it about (blocks + 1) / 2 times, and the search is one Spark job.
 */
final class TiledSelfKnn {
    /** Most vector bytes of one super-block: a task holds two, each about twice (the shuffled bytes while they are read, the vectors). */
    static final long SUPER_BLOCK_BYTES = 16L << 20;

    private TiledSelfKnn() {
    }

    /**
     * Every row's k nearest other rows of its group (its label with {@code sameLabel}, else all rows), in
     * {@link NearestNeighbours#SCHEMA}, computed before this returns (the lists are kept by Spark).
     *
     * @param sizes rows per group when the caller has counted them (every group of {@code rows}), or null
     * @param tasks tasks to spread the search over (the session's cores)
     */
    static Dataset<Row> neighbours(Dataset<Row> rows, int k, boolean sameLabel, Map<String, Long> sizes, int blockRows,
                                   long seed, int tasks) {
        Map<String, Long> groups = sizes != null ? new TreeMap<>(sizes)
                : sameLabel ? SyntheticDraws.classSizes(rows) : new TreeMap<>(Map.of("", rows.count()));
        groups.values().removeIf(n -> n == null || n <= 0);
        if (groups.isEmpty()) {
            return rows.sparkSession().createDataFrame(List.of(), SCHEMA);
        }
        Row first = rows.select(size(col(NearestNeighbours.THUMB))).limit(1).collectAsList().stream().findFirst().orElse(null);
        int dims = first == null ? 1 : Math.max(1, first.getInt(0));
        Tiling tiling = Tiling.of(groups, dims, blockRows, tasks, seed);

        // Read as Spark's own rows, whose float arrays copy out in bulk (the cast is a no-op for ingest's float thumbnails).
        JavaRDD<InternalRow> internal = rows.select(col(RebalanceColumns.ID), col(RebalanceColumns.LABEL),
                        col(NearestNeighbours.THUMB).cast(DataTypes.createArrayType(DataTypes.FloatType)))
                .queryExecution().toRdd().toJavaRDD();
        JavaPairRDD<Integer, TileRow> sent = internal.flatMapToPair(new SendToTiles(tiling, sameLabel))
                .partitionBy(new TilePartitioner(tiling.tasks()));
        JavaRDD<Row> merged = sent.mapPartitionsToPair(new SearchTile(tiling, k, blockRows))
                .reduceByKey((a, b) -> NeighbourList.merge(a, b, k))
                .map(q -> q._2().toRow(q._1()._1(), q._1()._2()));
        return rows.sparkSession().createDataFrame(merged, SCHEMA).localCheckpoint(true);
    }

    /** Each group's super-blocks and the search's tasks, numbered with the largest work first. */
    static final class Tiling implements Serializable {
        private static final long serialVersionUID = 1L;

        private final Map<String, Integer> superBlocks = new LinkedHashMap<>();
        /** Per group, the task of super-block pair (a, b) at {@code a * m + b} (and {@code b * m + a}). */
        private final Map<String, int[]> taskOf = new LinkedHashMap<>();
        private final int[] taskA;
        private final int[] taskB;
        private final long seed;

        private Tiling(Map<String, Integer> superBlocks, long seed) {
            this.seed = seed;
            this.superBlocks.putAll(superBlocks);
            record Tile(String group, int a, int b, double work) {
            }
            List<Tile> tiles = new ArrayList<>();
            superBlocks.forEach((group, m) -> {
                for (int a = 0; a < m; a++) {
                    for (int b = a; b < m; b++) {
                        // A diagonal tile searches half the pairs of an off-diagonal one.
                        tiles.add(new Tile(group, a, b, a == b ? 0.5 : 1.0));
                    }
                }
            });
            // Spark starts tasks in partition order: the longest first keeps the cores evenly busy.
            tiles.sort(Comparator.comparingDouble(Tile::work).reversed());
            taskA = new int[tiles.size()];
            taskB = new int[tiles.size()];
            superBlocks.forEach((group, m) -> taskOf.put(group, new int[m * m]));
            for (int t = 0; t < tiles.size(); t++) {
                Tile tile = tiles.get(t);
                int m = superBlocks.get(tile.group());
                taskA[t] = tile.a();
                taskB[t] = tile.b();
                taskOf.get(tile.group())[tile.a() * m + tile.b()] = t;
                taskOf.get(tile.group())[tile.b() * m + tile.a()] = t;
            }
        }

        /**
         * m per group: enough tiles for the group's share of {@code tasks} (by n squared), at most one
         * super-block per {@code blockRows} rows, and at least enough that a super-block's vectors fit
         * {@link #SUPER_BLOCK_BYTES}.
         */
        static Tiling of(Map<String, Long> sizes, int dims, int blockRows, int tasks, long seed) {
            double work = 0;
            for (long n : sizes.values()) {
                work += (double) n * n;
            }
            Map<String, Integer> superBlocks = new TreeMap<>();
            for (Map.Entry<String, Long> e : sizes.entrySet()) {
                long n = e.getValue();
                double wanted = Math.max(1, Math.ceil(tasks * (double) n * n / work));
                int m = 1;
                while (m * (m + 1) / 2.0 < wanted && (long) (m + 1) * blockRows <= n) {
                    m++;
                }
                long bytes = n * dims * (long) Float.BYTES;
                m = (int) Math.max(m, Math.min(n, (bytes + SUPER_BLOCK_BYTES - 1) / SUPER_BLOCK_BYTES));
                superBlocks.put(e.getKey(), m);
            }
            return new Tiling(superBlocks, seed);
        }

        int tasks() {
            return taskA.length;
        }

        int superBlocks(String group) {
            Integer m = superBlocks.get(group);
            if (m == null) {
                throw new IllegalStateException("a row of group '" + group + "' outside the counted groups " + superBlocks.keySet());
            }
            return m;
        }

        /** The super-block of a row: a seeded hash of its id (where a row goes changes the work's spread, never the result). */
        int superBlockOf(String group, String id) {
            long h = seed * 0x9E3779B97F4A7C15L + id.hashCode();
            h ^= h >>> 33;
            h *= 0xFF51AFD7ED558CCDL;
            h ^= h >>> 33;
            return (int) Math.floorMod(h, (long) superBlocks(group));
        }

        int task(String group, int a, int b) {
            return taskOf.get(group)[a * superBlocks(group) + b];
        }

        int a(int task) {
            return taskA[task];
        }

        int b(int task) {
            return taskB[task];
        }
    }

    /** A row as shipped to its tiles: id, label, its super-block, the vector as little-endian float bytes. */
    static final class TileRow implements Serializable {
        private static final long serialVersionUID = 1L;
        final String id;
        final String label;
        final int superBlock;
        final byte[] vector;

        TileRow(String id, String label, int superBlock, byte[] vector) {
            this.id = id;
            this.label = label;
            this.superBlock = superBlock;
            this.vector = vector;
        }
    }

    /** Sends each row to the m tiles of its super-block. */
    private static final class SendToTiles implements PairFlatMapFunction<InternalRow, Integer, TileRow> {
        private final Tiling tiling;
        private final boolean sameLabel;

        SendToTiles(Tiling tiling, boolean sameLabel) {
            this.tiling = tiling;
            this.sameLabel = sameLabel;
        }

        @Override
        public Iterator<Tuple2<Integer, TileRow>> call(InternalRow row) {
            String id = row.getUTF8String(0).toString();
            String label = row.getUTF8String(1).toString();
            float[] vector = row.isNullAt(2) ? new float[0] : row.getArray(2).toFloatArray();
            String group = sameLabel ? label : "";
            int m = tiling.superBlocks(group);
            int s = tiling.superBlockOf(group, id);
            TileRow shipped = new TileRow(id, label, s, PackedFloats.pack(vector));
            List<Tuple2<Integer, TileRow>> out = new ArrayList<>(m);
            for (int x = 0; x < m; x++) {
                out.add(new Tuple2<>(tiling.task(group, s, x), shipped));
            }
            return out.iterator();
        }
    }

    /** Partition t holds tile t. */
    static final class TilePartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int tiles;

        TilePartitioner(int tiles) {
            this.tiles = tiles;
        }

        @Override
        public int numPartitions() {
            return tiles;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TilePartitioner p && p.tiles == tiles;
        }

        @Override
        public int hashCode() {
            return tiles;
        }
    }

    /**
     * One tile: every row's k best candidates among the tile's rows, from each pair of its blocks
     * searched once both ways, keyed by the row's (id, label).
     */
    private static final class SearchTile implements PairFlatMapFunction<
            Iterator<Tuple2<Integer, TileRow>>, Tuple2<String, String>, NeighbourList> {
        private final Tiling tiling;
        private final int k;
        private final int blockRows;

        SearchTile(Tiling tiling, int k, int blockRows) {
            this.tiling = tiling;
            this.k = k;
            this.blockRows = blockRows;
        }

        @Override
        public Iterator<Tuple2<Tuple2<String, String>, NeighbourList>> call(Iterator<Tuple2<Integer, TileRow>> shipped) {
            List<TileRow> sideA = new ArrayList<>();
            List<TileRow> sideB = new ArrayList<>();
            int task = -1;
            while (shipped.hasNext()) {
                Tuple2<Integer, TileRow> next = shipped.next();
                task = next._1();
                (next._2().superBlock == tiling.a(task) ? sideA : sideB).add(next._2());
            }
            if (task < 0) {
                return Collections.emptyIterator();
            }
            NativeThreads.fitCurrentTask();
            int n = sideA.size() + sideB.size();
            String[] ids = new String[n];
            String[] labels = new String[n];
            float[][] vectors = new float[n][];
            int i = 0;
            for (List<TileRow> side : List.of(sideA, sideB)) {
                for (int j = 0; j < side.size(); j++, i++) {
                    TileRow r = side.get(j);
                    ids[i] = r.id;
                    labels[i] = r.label;
                    vectors[i] = PackedFloats.unpack(r.vector);
                    side.set(j, null);
                }
            }
            int perBlock = BlockwiseKnn.blockRowsFor(blockRows, Math.max(1, vectors[0].length));
            List<int[]> blocksA = ranges(0, sideA.size(), perBlock);
            List<int[]> blocksB = ranges(sideA.size(), n, perBlock);
            List<VectorBlock> a = blocks(blocksA, ids, vectors);
            List<VectorBlock> b = blocks(blocksB, ids, vectors);
            CandidateList[] best = new CandidateList[n];
            for (int r = 0; r < n; r++) {
                best[r] = new CandidateList(k);
            }
            if (tiling.a(task) == tiling.b(task)) {
                // A diagonal tile: its blocks against themselves and each other.
                for (int x = 0; x < a.size(); x++) {
                    offer(best, blocksA.get(x)[0], blocksA.get(x)[0], BlockPairKnn.search(a.get(x), a.get(x), k));
                    for (int y = x + 1; y < a.size(); y++) {
                        both(best, blocksA.get(x)[0], blocksA.get(y)[0], BlockPairKnn.searchBoth(a.get(x), a.get(y), k));
                    }
                }
            } else {
                for (int x = 0; x < a.size(); x++) {
                    for (int y = 0; y < b.size(); y++) {
                        both(best, blocksA.get(x)[0], blocksB.get(y)[0], BlockPairKnn.searchBoth(a.get(x), b.get(y), k));
                    }
                }
            }
            List<Tuple2<Tuple2<String, String>, NeighbourList>> out = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                out.add(new Tuple2<>(new Tuple2<>(ids[r], labels[r]), NeighbourList.of(best[r], ids, labels)));
            }
            return out.iterator();
        }

        private static List<int[]> ranges(int from, int to, int perBlock) {
            List<int[]> ranges = new ArrayList<>();
            for (int start = from; start < to; start += perBlock) {
                ranges.add(new int[]{start, Math.min(to, start + perBlock)});
            }
            return ranges;
        }

        private static List<VectorBlock> blocks(List<int[]> ranges, String[] ids, float[][] vectors) {
            List<VectorBlock> blocks = new ArrayList<>(ranges.size());
            for (int[] r : ranges) {
                blocks.add(new VectorBlock(Arrays.copyOfRange(ids, r[0], r[1]),
                        Arrays.copyOfRange(vectors, r[0], r[1])));
            }
            return blocks;
        }

        private static void both(CandidateList[] best, int offsetX, int offsetY, CandidateList[][] lists) {
            offer(best, offsetX, offsetY, lists[0]);
            offer(best, offsetY, offsetX, lists[1]);
        }

        /** A block's lists into the tile's: query q of the block at {@code queryOffset}, candidates of the block at {@code refOffset}. */
        private static void offer(CandidateList[] best, int queryOffset, int refOffset, CandidateList[] lists) {
            for (int q = 0; q < lists.length; q++) {
                CandidateList list = lists[q];
                for (int c = 0; c < list.size(); c++) {
                    best[queryOffset + q].offer(list.distance(c), list.id(c), refOffset + list.index(c));
                }
            }
        }
    }
}
