package dev.trainspark.bench;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.TrainableNetwork;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain DL4J fit loops without Spark: baseline (a), one loop with ND4J on every core; and the
 * machine's data-parallel ceiling, one independent single-threaded loop per worker on its own part
 * of the data, with no communication at all, which no synchronous trainer can exceed.
 */
final class SingleProcessFit {
    private SingleProcessFit() {
    }

    static Throughput measure(NetworkSpec spec, List<Sample> samples, int batchSize, int epochs, int warmupBatches)
            throws InterruptedException, BrokenBarrierException {
        long[] run = fitLoop(spec, Minibatch.split(samples, batchSize, spec), epochs, warmupBatches, null,
                Runtime.getRuntime().availableProcessors());
        return new Throughput("(a) single-process DL4J fit loop", run[0], (run[2] - run[1]) / 1e9, (run[4] - run[3]) / 1e9);
    }

    static Throughput ceiling(NetworkSpec spec, List<Sample> samples, int batchSize, int epochs, int warmupBatches,
                              int loops) throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / loops);
        ExecutorService pool = Executors.newFixedThreadPool(loops);
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            CyclicBarrier warmedUp = new CyclicBarrier(loops);
            for (int k = 0; k < loops; k++) {
                List<Sample> share = samples.subList(k * samples.size() / loops, (k + 1) * samples.size() / loops);
                parts.add(pool.submit(() -> fitLoop(spec, Minibatch.split(share, batchSize, spec), epochs, warmupBatches, warmedUp,
                        threads)));
            }
            long images = 0;
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            long cpuStart = Long.MAX_VALUE;
            long cpuEnd = Long.MIN_VALUE;
            for (Future<long[]> part : parts) {
                long[] run = part.get();
                images += run[0];
                start = Math.min(start, run[1]);
                end = Math.max(end, run[2]);
                cpuStart = Math.min(cpuStart, run[3]);
                cpuEnd = Math.max(cpuEnd, run[4]);
            }
            return new Throughput("(p) ceiling: " + loops + " independent " + (Runtime.getRuntime().availableProcessors() / loops)
                    + "-thread fit loops, no averaging", images, (end - start) / 1e9, (cpuEnd - cpuStart) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Fits every minibatch {@code epochs} times after a warm-up (and, if given, after every loop has
     * warmed up), with {@code threads} native threads on the calling thread; returns {images, start
     * nanos, end nanos, process CPU nanos at start and at end} of the timed part.
     */
    private static long[] fitLoop(NetworkSpec spec, List<Minibatch> batches, int epochs, int warmupBatches,
                                  CyclicBarrier warmedUp, int threads) throws InterruptedException, BrokenBarrierException {
        TaskBinding.setThreads(threads);
        TrainableNetwork net = Networks.build(spec);
        for (int i = 0; i < Math.min(warmupBatches, batches.size()); i++) {
            net.fit(batches.get(i).features(), batches.get(i).labels());
        }
        if (warmedUp != null) {
            warmedUp.await();
        }
        long images = 0;
        long cpu0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            for (Minibatch b : batches) {
                net.fit(b.features(), b.labels());
                images += b.size();
            }
        }
        long t1 = System.nanoTime();
        return new long[]{images, t0, t1, cpu0, ProcessCpu.nanos()};
    }
}
