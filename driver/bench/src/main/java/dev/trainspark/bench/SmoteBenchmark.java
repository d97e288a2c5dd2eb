package dev.trainspark.bench;

import dev.trainspark.pipeline.NativeThreads;
import dev.trainspark.pipeline.rebalance.InMemoryKnn;
import dev.trainspark.pipeline.rebalance.KnnSettings;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.pipeline.rebalance.Smote;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;

/**
 * {@code bench smote}: exact SMOTE on Spark against its honest peer, the same blockwise BLAS search
 * and SMOTE draw in one process without Spark ({@link InMemoryKnn}, on as many threads as the
 * session has cores), on the same generated data in one run. The data ({@code rows x dims} floats in {@code thumb}, two classes, the
 * minority a {@code minorityShare} of the rows, each class a mixture of Gaussian blobs) is generated
 * on the executors and written to Parquet in a temporary folder, so the driver never holds it.
 *
 * <p>Driver heap: while the distributed SMOTE runs a first time (untimed: the sampling stalls the
 * driver), {@link DriverHeapSampler} forces a full collection every 200 ms and records the heap in use right after it, as the JVM reports it; the
 * figure reported is the peak minus the same measure as the run starts (what the run costs the
 * driver). The same measure around a trivial read-and-write job is printed as a control. This is the
 * driver's heap only when executors run in other JVMs ({@link #startLocalCluster}, or a real
 * cluster); on {@code local[n]} the executors' task memory is in the same heap and the figure is an
 * upper bound, which the printout says. The second, timed run reports the executors' work from
 * Spark's task metrics ({@link SparkWorkMeter}): jobs, task CPU seconds, shuffle bytes.
 */
public final class SmoteBenchmark {
    static final String MINORITY = "minority";
    static final String MAJORITY = "majority";
    private static final int BLOBS_PER_CLASS = 8;

    /**
     * Figures of one run. Heap figures in bytes; {@code executorsInDriverJvm} qualifies them.
     * {@code partnersOutsideLists} counts distributed recipes whose partner is not among the
     * single-process search's k nearest neighbours of their base row (0 when both are exact).
     */
    public record Result(long rows, int dims, long datasetBytes, long syntheticRows,
                         double distributedSeconds, double singleProcessSeconds, int singleProcessThreads,
                         double sparkFloorSeconds,
                         long partnersChecked, long partnersOutsideLists,
                         long driverHeapBefore, long driverHeapPeak, boolean executorsInDriverJvm) {
        public long driverHeapIncrease() {
            return Math.max(0, driverHeapPeak - driverHeapBefore);
        }

        /** Distributed time over single-process time: what the distribution costs. */
        public double ratio() {
            return distributedSeconds / singleProcessSeconds;
        }

        /** Spark's floor over the single-process time: what the session costs before any search. */
        public double floorRatio() {
            return sparkFloorSeconds / singleProcessSeconds;
        }
    }

    private SmoteBenchmark() {
    }

    public static Result run(SparkSession spark, int rows, int dims, double minorityShare, int k, long seed,
                             PrintStream out) {
        if (rows < 2 || dims < 1 || !(minorityShare > 0 && minorityShare < 0.5) || k < 1) {
            throw new IllegalArgumentException("bench smote: rows = " + rows + ", dims = " + dims
                    + ", minority_share = " + minorityShare + ", k = " + k
                    + ": expected rows >= 2, dims >= 1, 0 < minority_share < 0.5, k >= 1");
        }
        long minorityRows = Math.round(rows * minorityShare);
        long toGenerate = (rows - minorityRows) - minorityRows;
        long datasetBytes = (long) rows * dims * Float.BYTES;
        Path dir = tempDir();
        try {
            String data = dir.resolve("data").toString();
            String result = dir.resolve("smote").toString();
            generate(spark, rows, dims, minorityRows, seed).write().parquet(data);
            out.printf("data: %,d rows x %d floats (%,d bytes), %,d minority rows, %d Gaussian blobs per class, in %s%n",
                    rows, dims, datasetBytes, minorityRows, BLOBS_PER_CLASS, data);

            // Exact search for the whole minority class, in blocks.
            KnnSettings knn = new KnnSettings((int) Math.max(minorityRows, KnnSettings.DEFAULT_EXACT_MAX_CLASS_SIZE),
                    KnnSettings.DEFAULT_LSH_NUM_TABLES, null, KnnSettings.DEFAULT_BLOCK_ROWS);
            Smote smote = new Smote(Map.of(MINORITY, toGenerate), k, seed, knn);
            long jobs;
            double cpuSeconds;
            long shuffleBytes;
            // Control: the same sampling around a trivial job shows what any job costs the driver.
            long controlIncrease;
            try (DriverHeapSampler heap = new DriverHeapSampler(200)) {
                spark.read().parquet(data).select(col("id")).write().parquet(dir.resolve("control").toString());
                heap.close();
                controlIncrease = Math.max(0, heap.peak() - heap.before());
            }
            long before;
            long peak;
            int samples;
            double sampledSeconds;
            // The heap is measured on a run of its own: the sampler's full collection every 200 ms
            // stops the driver, and with it task scheduling, for a large share of the run. This run
            // also warms the distributed path up, as the peer gets a warm-up.
            try (DriverHeapSampler heap = new DriverHeapSampler(200)) {
                long sampledStart = System.nanoTime();
                smote.resample(spark.read().parquet(data)).write().parquet(dir.resolve("smote-heap").toString());
                sampledSeconds = (System.nanoTime() - sampledStart) / 1e9;
                heap.close();
                before = heap.before();
                peak = heap.peak();
                samples = heap.samples();
            }
            long start;
            long end;
            try (SparkWorkMeter work = new SparkWorkMeter(spark.sparkContext())) {
                start = System.nanoTime();
                smote.resample(spark.read().parquet(data)).write().parquet(result);
                end = System.nanoTime();
                work.close();
                jobs = work.jobs();
                cpuSeconds = work.executorCpuSeconds();
                shuffleBytes = work.shuffleBytesWritten();
            }
            long synthetic = spark.read().parquet(result).filter(col("kind").equalTo("synthetic")).count();
            double distributed = (end - start) / 1e9;

            double floor = floorSeconds(spark, data, dir, synthetic);

            String[] ids = new String[(int) minorityRows];
            float[][] minority = loadMinority(spark, data, dims, ids);
            // The peer gets the cores the session's executors have, one ND4J thread per search
            // thread as each task has.
            int threads = Math.max(1, spark.sparkContext().defaultParallelism());
            NativeThreads.set(1);
            // Untimed warm-up on a slice: ND4J's native libraries load and the search is compiled code.
            int warm = Math.min(minority.length, 1500);
            InMemoryKnn.neighbours(Arrays.copyOf(minority, warm), Arrays.copyOf(ids, warm), k, knn.blockRows(), threads);
            long peerStart = System.nanoTime();
            int[][] neighbours = InMemoryKnn.neighbours(minority, ids, k, knn.blockRows(), threads);
            long made = drawRecipes(neighbours, k, toGenerate, seed);
            double peer = (System.nanoTime() - peerStart) / 1e9;
            long[] check = checkPartners(spark, result, ids, neighbours);

            String master = spark.sparkContext().master();
            boolean shared = master.equals("local") || master.startsWith("local[");
            Result r = new Result(rows, dims, datasetBytes, synthetic, distributed, peer, threads, floor, check[0], check[1],
                    before, peak, shared);
            print(r, made, toGenerate, k, master, out);
            out.printf("driver heap samples during the heap run (a separate run, %.2f s with the sampler): %d;"
                    + " control (a trivial read-and-write job): +%,d bytes%n", sampledSeconds, samples, controlIncrease);
            out.printf("timed distributed run on the executors: %d Spark jobs, %.2f s task CPU, %,d shuffle bytes written%n",
                    jobs, cpuSeconds, shuffleBytes);
            return r;
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * A session whose two roles are in separate JVMs: Spark's {@code local-cluster} master runs a
     * standalone master and workers in this JVM and starts each executor as a child JVM. The workers
     * build the executor command from a Spark home; with no Spark distribution around, Spark's own
     * test switches ({@code spark.testing}, {@code spark.test.home}) point it at an empty stand-in
     * (only while the session is built; a set {@code SPARK_HOME} is used instead), and the executors
     * get this JVM's class path. The caller stops the session.
     */
    public static SparkSession startLocalCluster(int executors, int executorMemoryMb) {
        Path home = tempDir();
        try {
            Files.createDirectories(home.resolve("jars"));
            Files.createDirectories(home.resolve("launcher/target/scala-2.12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        home.resolve("launcher/target/scala-2.12").toFile().deleteOnExit();
        home.resolve("launcher/target").toFile().deleteOnExit();
        home.resolve("launcher").toFile().deleteOnExit();
        home.resolve("jars").toFile().deleteOnExit();
        home.toFile().deleteOnExit();
        boolean standIn = System.getenv("SPARK_HOME") == null;
        String testing = System.getProperty("spark.testing");
        String testHome = System.getProperty("spark.test.home");
        if (standIn) {
            System.setProperty("spark.testing", "true");
            System.setProperty("spark.test.home", home.toString());
        }
        try {
            return SparkSession.builder()
                    .master("local-cluster[" + executors + ",1," + executorMemoryMb + "]")
                    .appName("trainspark-bench-smote")
                    .config("spark.ui.enabled", "false")
                    .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, executors * 4)))
                    .getOrCreate();
        } finally {
            // The workers read the home when they start, with the session; nothing else should
            // see Spark's test switch.
            if (standIn) {
                restore("spark.testing", testing);
                restore("spark.test.home", testHome);
            }
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static void print(Result r, long peerMade, long toGenerate, int k, String master, PrintStream out) {
        out.printf("distributed exact SMOTE (k=%d, %,d synthetic rows, written to Parquet): %.2f s on %s%n",
                k, r.syntheticRows(), r.distributedSeconds(), master);
        out.printf("single-process BLAS blockwise SMOTE (k=%d, %,d recipes, %d threads, no Spark): %.2f s%n",
                k, peerMade, r.singleProcessThreads(), r.singleProcessSeconds());
        out.printf("ratio distributed/single-process BLAS = %.2f (target <= 1.5)%n", r.ratio());
        out.printf("Spark's floor on %s (class counts, the minority's vectors read and shuffled once, the same recipe rows"
                        + " written; no search, faster of 2 runs): %.2f s = %.2f x the single-process search; distributed less"
                        + " the floor: %.2f s%n", master, r.sparkFloorSeconds(), r.floorRatio(),
                r.distributedSeconds() - r.sparkFloorSeconds());
        out.printf("distributed partners checked against the single-process lists: %,d of %,d are among their base row's"
                + " %d nearest%n", r.partnersChecked() - r.partnersOutsideLists(), r.partnersChecked(), k);
        out.printf("dataset size: %,d bytes (rows x dims x 4)%n", r.datasetBytes());
        out.printf("driver heap, live after full GC, sampled every 200 ms: %,d bytes before, %,d peak, +%,d during the run"
                        + " = %.1f%% of the dataset (limit 10%%)%n",
                r.driverHeapBefore(), r.driverHeapPeak(), r.driverHeapIncrease(),
                100.0 * r.driverHeapIncrease() / r.datasetBytes());
        if (r.executorsInDriverJvm()) {
            out.println("note: on " + master + " the executors run inside the driver JVM, so the heap figure includes"
                    + " their task memory and is only an upper bound for the driver; use local-cluster or a cluster"
                    + " for the driver alone");
        } else {
            out.println("executors ran in separate JVMs: the heap figure is the driver's own");
        }
        if (r.syntheticRows() != toGenerate) {
            out.printf("warning: %,d synthetic rows written, %,d expected%n", r.syntheticRows(), toGenerate);
        }
    }

    /**
     * What the session takes for the distributed SMOTE's input and output alone, no search: the class
     * counts, the minority's vectors read and moved once between executors (a shuffle, which any
     * distributed search of a set against itself needs), and the originals' and {@code synthetic}
     * synthetic recipes written to Parquet. The faster of two runs.
     */
    static double floorSeconds(SparkSession spark, String data, Path dir, long synthetic) {
        double best = Double.POSITIVE_INFINITY;
        for (int run = 0; run < 2; run++) {
            long start = System.nanoTime();
            Dataset<Row> rows = spark.read().parquet(data);
            rows.groupBy(col("label")).count().collectAsList();
            rows.filter(col("label").equalTo(MINORITY)).select(col("id"), col("label"), col("thumb"))
                    .repartition(Math.max(1, spark.sparkContext().defaultParallelism()), col("id"))
                    .write().format("noop").mode("overwrite").save();
            Dataset<Row> recipes = spark.range(synthetic).select(
                    concat(lit("smote#" + MINORITY + "#"), col("id").cast("string")).as(RebalanceColumns.ID),
                    lit(MINORITY).as(RebalanceColumns.LABEL),
                    lit(RebalanceColumns.SYNTHETIC).as(RebalanceColumns.KIND),
                    format_string("r%09d", col("id")).as(RebalanceColumns.PARENT_A),
                    format_string("r%09d", col("id").plus(1)).as(RebalanceColumns.PARENT_B),
                    rand(run).as(RebalanceColumns.LAMBDA),
                    lit(null).cast("long").as(RebalanceColumns.NOISE_SEED),
                    lit(null).cast("double").as(RebalanceColumns.NOISE_SCALE));
            RebalanceColumns.originals(rows).unionByName(recipes).write().parquet(dir.resolve("floor-" + run).toString());
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    /** Rows generated on the executors from (seed, row number): no row passes through the driver. */
    static Dataset<Row> generate(SparkSession spark, long rows, int dims, long minorityRows, long seed) {
        StructType schema = new StructType()
                .add("id", DataTypes.StringType, false)
                .add("label", DataTypes.StringType, false)
                .add("thumb", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        MapFunction<Long, Row> row = i -> {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            boolean minority = i < minorityRows;
            int blob = random.nextInt(BLOBS_PER_CLASS);
            Random centre = new Random(seed * 1_000_003L + (minority ? BLOBS_PER_CLASS : 0) + blob);
            float[] v = new float[dims];
            for (int d = 0; d < dims; d++) {
                v[d] = (float) (4 * centre.nextDouble() + 0.5 * random.nextGaussian());
            }
            return RowFactory.create(String.format("r%09d", i), minority ? MINORITY : MAJORITY, v);
        };
        return spark.range(rows).map(row, Encoders.row(schema));
    }

    /** The minority rows as arrays, and their ids into {@code ids}, for the peer only (after the measured distributed run). */
    private static float[][] loadMinority(SparkSession spark, String data, int dims, String[] ids) {
        float[][] rows = new float[ids.length][];
        Iterator<Row> it = spark.read().parquet(data).filter(col("label").equalTo(MINORITY))
                .orderBy(col("id")).select(col("id"), col("thumb")).toLocalIterator();
        int i = 0;
        while (it.hasNext()) {
            Row row = it.next();
            java.util.List<Float> values = row.getList(1);
            float[] v = new float[dims];
            for (int d = 0; d < dims; d++) {
                v[d] = values.get(d);
            }
            ids[i] = row.getString(0);
            rows[i++] = v;
        }
        return rows;
    }

    /**
     * The distributed run's synthetic recipes against the peer's lists: {checked, partner not among
     * the base row's neighbours}.
     */
    private static long[] checkPartners(SparkSession spark, String result, String[] ids, int[][] neighbours) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            index.put(ids[i], i);
        }
        long checked = 0;
        long outside = 0;
        Iterator<Row> it = spark.read().parquet(result).filter(col("kind").equalTo("synthetic"))
                .select(col("parent_a"), col("parent_b")).toLocalIterator();
        while (it.hasNext()) {
            Row r = it.next();
            Integer a = index.get(r.getString(0));
            Integer b = index.get(r.getString(1));
            checked++;
            if (a == null || b == null || Arrays.stream(neighbours[a]).noneMatch(n -> n == b)) {
                outside++;
            }
        }
        return new long[]{checked, outside};
    }

    /**
     * SMOTE's draws over given neighbour lists: {@code toGenerate} times a uniform base row, one of
     * its k neighbours and lambda in [0, 1) — the recipes the distributed run writes. Returns their number.
     */
    static long drawRecipes(int[][] neighbours, int k, long toGenerate, long seed) {
        int n = neighbours.length;
        SplittableRandom random = new SplittableRandom(seed);
        int[] base = new int[(int) toGenerate];
        int[] partner = new int[(int) toGenerate];
        double[] lambda = new double[(int) toGenerate];
        for (int j = 0; j < toGenerate; j++) {
            base[j] = random.nextInt(n);
            int[] list = neighbours[base[j]];
            partner[j] = list[random.nextInt(Math.min(k, list.length))];
            lambda[j] = random.nextDouble();
        }
        return base.length;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("trainspark-bench-smote");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is not worth failing a benchmark for
        }
    }
}
