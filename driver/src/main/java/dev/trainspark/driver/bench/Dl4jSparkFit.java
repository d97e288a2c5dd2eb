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

import java.util.ArrayList;
import java.util.List;

/**
 * Baseline (c): DL4J's own ParameterAveragingTrainingMaster on the same Spark session, fed
 * pre-batched DataSets (its recommended input) held in memory, with the Direct approach so it is
 * not charged for exporting them to files.
 */
final class Dl4jSparkFit {
    private Dl4jSparkFit() {
    }

    static Throughput measure(JavaSparkContext sc, NetworkSpec spec, List<Sample> samples, int batchSize,
                              int averagingFrequency, int workers, int epochs, long seed) {
        TaskBinding.setThreads(1);
        List<DataSet> batches = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += batchSize) {
            Minibatch b = Minibatch.of(samples.subList(i, Math.min(samples.size(), i + batchSize)),
                    spec.channels(), spec.height(), spec.width(), spec.numClasses());
            batches.add(new DataSet(b.features(), b.labels()));
        }
        JavaRDD<DataSet> rdd = sc.parallelize(batches, workers).persist(StorageLevel.MEMORY_ONLY());
        rdd.count();
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(batchSize)
                .batchSizePerWorker(batchSize)
                .averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .rngSeed(seed)
                .build();
        SparkDl4jMultiLayer net = new SparkDl4jMultiLayer(sc, spec.architecture().definition().configure(spec), master);
        net.fit(rdd.sample(false, 0.1, seed));
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            net.fit(rdd);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        rdd.unpersist(false);
        return new Throughput("(c) DL4J ParameterAveragingTrainingMaster, " + sc.master(), (long) samples.size() * epochs, seconds);
    }
}
