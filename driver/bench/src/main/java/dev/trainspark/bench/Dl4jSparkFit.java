package dev.trainspark.bench;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.StackDefinition;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Baseline (c): DL4J's own ParameterAveragingTrainingMaster on the same Spark session, fed the same
 * images as pre-batched in-memory DataSets (its recommended input). Measured two ways:
 * <ul>
 *   <li>as shipped: the builder's defaults (the Export approach, which writes the DataSets to files
 *       and reads them back on every fit; 2 prefetched minibatches; ND4J threads left at the process
 *       default);</li>
 *   <li>tuned: the Direct approach (no export), no prefetch thread, and this project's per-task
 *       thread binding (a training hook binds the worker's thread before each minibatch); the most
 *       favourable set-up found for it.</li>
 * </ul>
 */
final class Dl4jSparkFit {
    enum Setup { AS_SHIPPED, TUNED }

    private Dl4jSparkFit() {
    }

    /** DL4J's Spark training here is its {@code SparkDl4jMultiLayer}, which takes only a stack of layers. */
    static void requireStack(Architecture architecture) {
        if (!(architecture.definition() instanceof StackDefinition)) {
            throw new BadParameterException("model.architecture is " + architecture.configName() + ", a graph network, which "
                    + "the DL4J Spark baseline of bench train cannot fit; accepted: a stack network for bench train ("
                    + stackNames() + ")");
        }
    }

    private static String stackNames() {
        return Arrays.stream(Architecture.values()).filter(a -> a.definition() instanceof StackDefinition)
                .map(Architecture::configName).collect(Collectors.joining(", "));
    }

    static Throughput measure(JavaSparkContext sc, NetworkSpec spec, List<Sample> samples, int batchSize,
                              int averagingFrequency, int workers, int epochs, long seed, Setup setup) throws IOException {
        return measure(sc, spec, samples, batchSize, averagingFrequency, workers, epochs, seed, setup, 0);
    }

    /**
     * @param warmupExamples the first this many samples warm it up, untimed, and the rest are timed;
     *                       0 warms up on a tenth of them and times them all
     */
    static Throughput measure(JavaSparkContext sc, NetworkSpec spec, List<Sample> samples, int batchSize,
                              int averagingFrequency, int workers, int epochs, long seed, Setup setup, int warmupExamples)
            throws IOException {
        List<Sample> timed = samples.subList(warmupExamples, samples.size());
        int cores = Runtime.getRuntime().availableProcessors();
        TaskBinding.setThreads(setup == Setup.TUNED ? Math.max(1, cores / workers) : cores);
        // Left unpersisted: the training master persists its input itself.
        JavaRDD<DataSet> rdd = sc.parallelize(dataSets(timed, batchSize, spec), workers);
        JavaRDD<DataSet> warmup = warmupExamples == 0 ? rdd.sample(false, 0.1, seed)
                : sc.parallelize(dataSets(samples.subList(0, warmupExamples), batchSize, spec), workers);
        Path exportDir = Files.createTempDirectory("trainspark-bench-dl4j-export");
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .exportDirectory(exportDir.toUri().toString())
                .rngSeed(seed);
        if (setup == Setup.TUNED) {
            builder.trainingHooks(new TaskThreads())
                    .workerPrefetchNumBatches(0)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .storageLevel(StorageLevel.MEMORY_ONLY());
        }
        try {
            SparkDl4jMultiLayer net = new SparkDl4jMultiLayer(sc, ((StackDefinition) spec.architecture().definition()).configure(spec), builder.build());
            net.fit(warmup);
            long cpu0 = ProcessCpu.nanos();
            long t0 = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                net.fit(rdd);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String name = setup == Setup.TUNED
                    ? "(c') DL4J ParameterAveragingTrainingMaster, tuned (Direct), " + sc.master()
                    : "(c) DL4J ParameterAveragingTrainingMaster, as shipped (Export), " + sc.master();
            return new Throughput(name, (long) timed.size() * epochs, seconds, (ProcessCpu.nanos() - cpu0) / 1e9);
        } finally {
            try (Stream<Path> files = Files.walk(exportDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<DataSet> dataSets(List<Sample> samples, int batchSize, NetworkSpec spec) {
        return Minibatch.split(samples, batchSize, spec).stream().map(b -> new DataSet(b.features(), b.labels())).toList();
    }

    /** Gives the thread that fits DL4J's minibatches a team of its task's cores, as this project's tasks have. */
    private static final class TaskThreads implements TrainingHook {
        @Override
        public void preUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
            TaskBinding.bindCurrentTask();
        }

        @Override
        public void postUpdate(org.nd4j.linalg.dataset.api.DataSet minibatch, Model model) {
        }

        @Override
        public void preUpdate(MultiDataSet minibatch, Model model) {
            TaskBinding.bindCurrentTask();
        }

        @Override
        public void postUpdate(MultiDataSet minibatch, Model model) {
        }
    }
}
