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
        LoopRun run = fitLoop(spec, Minibatch.split(samples, batchSize, spec), epochs, warmupBatches, null,
                Runtime.getRuntime().availableProcessors(), Integer.MAX_VALUE, 1);
        return new Throughput("(a) single-process DL4J fit loop", run.images(), (run.end() - run.start()) / 1e9,
                (run.cpuEnd() - run.cpuStart()) / 1e9);
    }

    /**
     * The ceiling's run, and what a barrier after every round of {@code frequency} minibatches would
     * have made of the same loops: each round as long as the slower loop's, summed. No synchronous
     * trainer can beat that figure on these loops' own round-to-round variation (it leaves out the
     * exchange itself).
     */
    record Ceiling(Throughput throughput, double barrierSeconds) {
        double barrierImagesPerSecond() {
            return throughput.images() / barrierSeconds;
        }
    }

    static Ceiling ceiling(NetworkSpec spec, List<Sample> samples, int batchSize, int epochs, int warmupBatches,
                           int loops, int frequency) throws Exception {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / loops);
        // Every loop counts the rounds of the largest share, as the trainer's workers all take part in
        // each round of an epoch, so round r of every loop is the same round.
        int largestShare = (samples.size() + loops - 1) / loops;
        int roundsPerEpoch = Math.max(1, ((largestShare + batchSize - 1) / batchSize + frequency - 1) / frequency);
        ExecutorService pool = Executors.newFixedThreadPool(loops);
        try {
            List<Future<LoopRun>> parts = new ArrayList<>();
            CyclicBarrier warmedUp = new CyclicBarrier(loops);
            for (int k = 0; k < loops; k++) {
                List<Sample> share = samples.subList(k * samples.size() / loops, (k + 1) * samples.size() / loops);
                parts.add(pool.submit(() -> fitLoop(spec, Minibatch.split(share, batchSize, spec), epochs, warmupBatches, warmedUp,
                        threads, frequency, roundsPerEpoch)));
            }
            long images = 0;
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            long cpuStart = Long.MAX_VALUE;
            long cpuEnd = Long.MIN_VALUE;
            long[] slowest = new long[roundsPerEpoch * epochs];
            for (Future<LoopRun> part : parts) {
                LoopRun run = part.get();
                images += run.images();
                start = Math.min(start, run.start());
                end = Math.max(end, run.end());
                cpuStart = Math.min(cpuStart, run.cpuStart());
                cpuEnd = Math.max(cpuEnd, run.cpuEnd());
                for (int r = 0; r < slowest.length; r++) {
                    slowest[r] = Math.max(slowest[r], run.roundNanos()[r]);
                }
            }
            long barrier = 0;
            for (long r : slowest) {
                barrier += r;
            }
            Throughput t = new Throughput("(p) ceiling: " + loops + " independent " + (Runtime.getRuntime().availableProcessors() / loops)
                    + "-thread fit loops, no averaging", images, (end - start) / 1e9, (cpuEnd - cpuStart) / 1e9);
            return new Ceiling(t, barrier / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One loop's timed part: images, wall and process CPU nanos at its start and end, and each round's wall nanos. */
    private record LoopRun(long images, long start, long end, long cpuStart, long cpuEnd, long[] roundNanos) {
    }

    /**
     * Fits every minibatch {@code epochs} times after a warm-up (and, if given, after every loop has
     * warmed up), with {@code threads} native threads on the calling thread, timing each round of
     * {@code frequency} minibatches in an epoch of {@code roundsPerEpoch} rounds (an epoch's last
     * round may be shorter, as the trainer's is, and a loop with fewer minibatches has empty ones).
     */
    private static LoopRun fitLoop(NetworkSpec spec, List<Minibatch> batches, int epochs, int warmupBatches,
                                   CyclicBarrier warmedUp, int threads, int frequency, int roundsPerEpoch)
            throws InterruptedException, BrokenBarrierException {
        TaskBinding.setThreads(threads);
        TrainableNetwork net = Networks.build(spec);
        for (int i = 0; i < Math.min(warmupBatches, batches.size()); i++) {
            net.fit(batches.get(i).features(), batches.get(i).labels());
        }
        if (warmedUp != null) {
            warmedUp.await();
        }
        long images = 0;
        long[] rounds = new long[roundsPerEpoch * epochs];
        long cpu0 = ProcessCpu.nanos();
        long t0 = System.nanoTime();
        long roundStart = t0;
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < batches.size(); i++) {
                Minibatch b = batches.get(i);
                net.fit(b.features(), b.labels());
                images += b.size();
                if ((i + 1) % frequency == 0 || i == batches.size() - 1) {
                    long now = System.nanoTime();
                    rounds[e * roundsPerEpoch + i / frequency] = now - roundStart;
                    roundStart = now;
                }
            }
        }
        long t1 = System.nanoTime();
        return new LoopRun(images, t0, t1, cpu0, ProcessCpu.nanos(), rounds);
    }
}
