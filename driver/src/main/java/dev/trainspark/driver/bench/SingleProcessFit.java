package dev.trainspark.driver.bench;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.Sample;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/** Baseline (a): a plain DL4J fit loop in one process, ND4J using every core. */
final class SingleProcessFit {
    private SingleProcessFit() {
    }

    static Throughput measure(NetworkSpec spec, List<Sample> samples, int batchSize, int epochs, int warmupBatches) {
        TaskBinding.setThreads(Runtime.getRuntime().availableProcessors());
        MultiLayerNetwork net = Networks.build(spec);
        List<Minibatch> batches = Minibatch.split(samples, batchSize, spec);
        for (int i = 0; i < Math.min(warmupBatches, batches.size()); i++) {
            net.fit(batches.get(i).features(), batches.get(i).labels());
        }
        long images = 0;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            for (Minibatch b : batches) {
                net.fit(b.features(), b.labels());
                images += b.size();
            }
        }
        return new Throughput("(a) single-process DL4J fit loop", images, (System.nanoTime() - t0) / 1e9);
    }
}
