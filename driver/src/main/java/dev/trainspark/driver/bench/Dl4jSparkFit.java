package dev.trainspark.driver.bench;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

/**
 * Baseline (c): DL4J's own ParameterAveragingTrainingMaster on the same Spark session, fed
 * pre-batched DataSets (its recommended input) held in memory, with the Direct approach so it is
 * not charged for exporting them to files. DL4J's Spark workers leave ND4J's thread pool at its
 * process default (every core), so concurrent tasks oversubscribe the executor; the benchmark runs
 * it that way, as shipped, and once more with this project's per-task thread binding applied.
 */
final class Dl4jSparkFit {
    private Dl4jSparkFit() {
    }

    static Throughput measure(JavaSparkContext sc, NetworkSpec spec, List<Sample> samples, int batchSize,
                              int averagingFrequency, int workers, int epochs, long seed, int threadsPerTask) {
        TaskBinding.setThreads(threadsPerTask);
        List<DataSet> batches = Minibatch.split(samples, batchSize, spec).stream()
                .map(b -> new DataSet(b.features(), b.labels())).toList();
        // Left unpersisted: the training master persists its input itself, at the level given below.
        JavaRDD<DataSet> rdd = sc.parallelize(batches, workers);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(StorageLevel.MEMORY_ONLY())
                .rngSeed(seed)
                .build();
        SparkDl4jMultiLayer net = new SparkDl4jMultiLayer(sc, spec.architecture().definition().configure(spec), master);
        net.fit(rdd.sample(false, 0.1, seed));
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            net.fit(rdd);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String name = threadsPerTask == Runtime.getRuntime().availableProcessors()
                ? "(c) DL4J ParameterAveragingTrainingMaster, as shipped, " + sc.master()
                : "(c') DL4J ParameterAveragingTrainingMaster, " + threadsPerTask + " ND4J thread(s) per task, " + sc.master();
        return new Throughput(name, (long) samples.size() * epochs, seconds);
    }
}
