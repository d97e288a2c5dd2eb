package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.split.ClassRank;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/**
 * imbalanced-learn's ClusterCentroids with {@code voting='hard'}: each under-sampled class is
 * clustered with MLlib k-means on its {@code thumb} vectors, k being the class's target, and the
 * class keeps the real row nearest each centroid. Classes the strategy does not target are kept
 * whole.
 *
 * <p>Where imbalanced-learn would keep one row twice because it is the nearest row of two
 * centroids, this keeps k distinct rows: (centroid, row) pairs are taken in order of distance
 * (ties by row id), each centroid and each row at most once, so a centroid whose nearest row is
 * already taken gets its nearest free one. The class ends with exactly k rows, all originals.
 *
 * <p>k-means starts from the class's first k rows by seeded rank (a seeded random choice of
 * distinct points, k-means' "random" initialisation) rather than k-means||, whose sampling depends
 * on the partitioning; the result then depends only on the seed and the rows, up to floating-point
 * summation order.
 */
public final class ClusterCentroids implements Resampler {
    /** {@code cluster_centroids}. */
    public static final RebalanceMethod METHOD = RebalanceMethod.of("cluster_centroids", SamplerType.UNDER_SAMPLING, true,
            c -> new ClusterCentroids(c.perClass(), c.targets(), c.seed()));

    private static final int FIRST_CANDIDATES = 8;

    private final Map<String, Long> classCounts;
    private final Map<String, Long> toKeep;
    private final long seed;
    private final int maxIterations;

    /**
     * @param toKeep rows to keep per targeted class ({@link SamplingStrategy#resolve} for
     *               {@link SamplerType#UNDER_SAMPLING})
     */
    public ClusterCentroids(Map<String, Long> classCounts, Map<String, Long> toKeep, long seed) {
        this(classCounts, toKeep, seed, 20);
    }

    /** @param maxIterations k-means iterations at most (default 20, MLlib's) */
    public ClusterCentroids(Map<String, Long> classCounts, Map<String, Long> toKeep, long seed, int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("k-means iterations are " + maxIterations + "; accepted: an integer >= 1");
        }
        this.classCounts = new TreeMap<>(classCounts);
        this.toKeep = new TreeMap<>(toKeep);
        this.seed = seed;
        this.maxIterations = maxIterations;
        this.toKeep.forEach((label, n) -> {
            Long size = this.classCounts.get(label);
            if (size == null || n < 0 || n > size) {
                throw new IllegalArgumentException("class '" + label + "' cannot keep " + n + " rows: it has "
                        + size + "; accepted: 0 to the class size");
            }
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("class '" + label + "' would need " + n + " k-means clusters");
            }
        });
    }

    @Override
    public Dataset<Row> resample(Dataset<Row> train) {
        List<String> kept = new ArrayList<>();
        toKeep.forEach((label, k) -> {
            if (k > 0 && k < classCounts.get(label)) {
                kept.addAll(keptRows(train.filter(col(DatasetColumns.LABEL).equalTo(label)), k.intValue()));
            }
        });
        Set<String> whole = new HashSet<>(classCounts.keySet());
        toKeep.forEach((label, k) -> {
            if (k < classCounts.get(label)) {
                whole.remove(label);
            }
        });
        Dataset<Row> untouched = train.filter(col(DatasetColumns.LABEL).isin(whole.toArray()));
        Dataset<Row> ids = train.sparkSession().createDataset(kept, Encoders.STRING()).toDF(DatasetColumns.ID);
        Dataset<Row> clustered = train.filter(not(col(DatasetColumns.LABEL).isin(whole.toArray())))
                .join(ids, scala.collection.JavaConverters.asScalaBuffer(List.of(DatasetColumns.ID)).toSeq(), "left_semi");
        return RebalanceColumns.originals(untouched).unionByName(RebalanceColumns.originals(clustered));
    }

    /** The ids of the k rows of one class that stand for its k centroids. */
    private List<String> keptRows(Dataset<Row> classRows, int k) {
        String label = classRows.select(DatasetColumns.LABEL).first().getString(0);
        List<Row> start = ClassRank.firstPerClass(classRows, Map.of(label, (long) k), seed)
                .withColumn("_rank", ClassRank.rank(seed))
                .orderBy("_rank").select(DatasetColumns.THUMB).collectAsList();
        Vector[] initial = start.stream().map(r -> Vectors.dense(doubles(r.getList(0)))).toArray(Vector[]::new);

        JavaRDD<Row> rows = classRows.select(DatasetColumns.ID, DatasetColumns.THUMB).javaRDD()
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            JavaRDD<Vector> vectors = rows.map(r -> Vectors.dense(doubles(r.getList(1))));
            KMeansModel model = new KMeans().setK(k).setMaxIterations(maxIterations).setSeed(seed)
                    .setInitialModel(new KMeansModel(initial)).run(vectors.rdd());
            double[][] centers = new double[k][];
            for (int c = 0; c < k; c++) {
                centers[c] = model.clusterCenters()[c].toArray();
            }
            return nearestDistinct(rows, centers, classCounts.get(label));
        } finally {
            rows.unpersist(false);
        }
    }

    private static List<String> nearestDistinct(JavaRDD<Row> rows, double[][] centers, long classSize) {
        int k = centers.length;
        Map<Integer, String> assigned = new TreeMap<>();
        Set<String> taken = new HashSet<>();
        int depth = (int) Math.min(classSize, FIRST_CANDIDATES);
        while (assigned.size() < k) {
            List<Integer> open = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                if (!assigned.containsKey(c)) {
                    open.add(c);
                }
            }
            List<Candidate> candidates = nearestFree(rows, centers, open, taken, depth);
            assignGreedily(candidates, assigned, taken);
            depth = (int) Math.min(classSize, 2L * depth);
        }
        return new ArrayList<>(assigned.values());
    }

    /** For each open centroid, its {@code depth} nearest rows not yet taken. */
    private static List<Candidate> nearestFree(JavaRDD<Row> rows, double[][] centers, List<Integer> open,
                                               Set<String> taken, int depth) {
        Set<String> excluded = new HashSet<>(taken);
        return rows.mapPartitions(it -> {
            List<PriorityQueue<Candidate>> heaps = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                heaps.add(new PriorityQueue<>(Candidate.ORDER.reversed()));
            }
            while (it.hasNext()) {
                Row r = it.next();
                String id = r.getString(0);
                if (excluded.contains(id)) {
                    continue;
                }
                double[] x = doubles(r.getList(1));
                for (int i = 0; i < open.size(); i++) {
                    Candidate cand = new Candidate(open.get(i), squaredDistance(x, centers[open.get(i)]), id);
                    PriorityQueue<Candidate> heap = heaps.get(i);
                    heap.add(cand);
                    if (heap.size() > depth) {
                        heap.poll();
                    }
                }
            }
            List<Candidate> out = new ArrayList<>();
            heaps.forEach(out::addAll);
            return List.of(out).iterator();
        }).reduce((a, b) -> keepNearest(a, b, depth));
    }

    private static List<Candidate> keepNearest(List<Candidate> a, List<Candidate> b, int depth) {
        List<Candidate> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(Comparator.comparingInt(Candidate::centroid).thenComparing(Candidate.ORDER));
        List<Candidate> out = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < all.size(); i++) {
            run = i > 0 && all.get(i - 1).centroid() == all.get(i).centroid() ? run + 1 : 0;
            if (run < depth) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    /**
     * Takes (centroid, row) pairs nearest first, each centroid and each row at most once; adds to
     * {@code assigned} and {@code taken}.
     */
    static void assignGreedily(List<Candidate> candidates, Map<Integer, String> assigned, Set<String> taken) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Candidate.ORDER);
        for (Candidate c : sorted) {
            if (!assigned.containsKey(c.centroid()) && !taken.contains(c.id())) {
                assigned.put(c.centroid(), c.id());
                taken.add(c.id());
            }
        }
    }

    private static double squaredDistance(double[] x, double[] center) {
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            double t = x[i] - center[i];
            d += t * t;
        }
        return d;
    }

    private static double[] doubles(List<Object> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).doubleValue();
        }
        return out;
    }

    /** A row's squared distance to a centroid. */
    record Candidate(int centroid, double distance, String id) implements Serializable {
        static final Comparator<Candidate> ORDER = Comparator.comparingDouble(Candidate::distance)
                .thenComparing(Candidate::id).thenComparingInt(Candidate::centroid);
    }
}
