package dev.trainspark.bench;

import dev.trainspark.driver.train.ParameterAveraging;
import dev.trainspark.workers.fit.RoundResult;
import dev.trainspark.workers.fit.RoundTimes;

import java.util.LinkedHashMap;
import java.util.Map;

/** This trainer's timed rounds: its throughput and its mean round, split into parts. */
record AveragingRun(Throughput throughput, RoundTimes meanRound, int rounds) {

    /** The mean round for {@code metrics.json}: the parts and the total, in seconds. */
    Map<String, Object> meanRoundJson() {
        Map<String, Object> json = new LinkedHashMap<>(meanRound.partsJson());
        json.put("total", meanRound.total());
        return json;
    }

    /**
     * Collects a run's timed rounds as they come (images fitted, each round's parts) and its wall and
     * CPU time from when it is made to {@link #finish}.
     */
    static final class Recorder implements ParameterAveraging.RoundListener {
        private final long startNanos = System.nanoTime();
        private final long startCpuNanos = ProcessCpu.nanos();
        private long images;
        private RoundTimes sum = RoundTimes.zero();
        private int rounds;

        @Override
        public void onRound(int epoch, int round, int roundsPerEpoch, RoundResult result, double seconds) {
            add(result);
        }

        void add(RoundResult result) {
            images += result.examples();
            sum = sum.plus(result.times());
            rounds++;
        }

        AveragingRun finish(String name) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double cpuSeconds = (ProcessCpu.nanos() - startCpuNanos) / 1e9;
            return new AveragingRun(new Throughput(name, images, seconds, cpuSeconds), sum.dividedBy(Math.max(1, rounds)),
                    rounds);
        }
    }
}
