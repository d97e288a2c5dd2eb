package dev.trainspark.bench;

import dev.trainspark.driver.train.ParameterAveraging;
import dev.trainspark.workers.fit.RoundTimes;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Round time and throughput past this machine, projected from the per-round parts measured here.
 *
 * <p>The model: every worker is a node of its own; fitting, a task's reading and writing of state,
 * launch, the driver's broadcast serialization and update stay as measured; each result a merger
 * receives costs the measured per-result aggregation (the measured aggregation divided by the
 * workers measured: deserializing and summing one replica) plus its transfer, state bytes over the
 * link bandwidth; the broadcast adds one transfer of the state. Both trainers sum the replicas with
 * Spark's {@code treeAggregate}, whose levels are simulated as Spark forms them: this project at a
 * depth chosen from the number of workers ({@link ParameterAveraging#aggregationDepth}), DL4J's
 * master at its builder's default depth of {@value #DL4J_AGGREGATION_DEPTH}; mergers of one level
 * work in parallel, and every level before the driver's is a shuffle stage, costed at the measured
 * task launch. DL4J's other costs are its measured round less the aggregation this project measured.
 *
 * <p>Rounds averaged among the tasks ({@code train.sync: allreduce}) keep their measured round less
 * its aggregation, and sum in a ring: {@code 2 (n - 1)} steps, each moving {@code 1/n} of the state
 * over a link with a latency of {@value #STEP_LATENCY_SECONDS} s, and summing and copying it at the
 * rate measured here (the measured aggregation spread over the bytes the measured ring moved per
 * step, so it still holds the loopback transfer and the wait for the slower task).
 */
final class RoundProjection {
    /** The link each worker has to the others and to the driver: 10 Gbit/s. */
    static final double LINK_BYTES_PER_SECOND = 10e9 / 8;
    static final int[] WORKERS = {8, 32, 128};
    /** {@code ParameterAveragingTrainingMaster.Builder}'s default {@code aggregationDepth}. */
    static final int DL4J_AGGREGATION_DEPTH = 2;
    /** A message's latency between two nodes of a cluster network. */
    static final double STEP_LATENCY_SECONDS = 50e-6;

    private RoundProjection() {
    }

    /** One projected row: workers, round seconds and images/s for this project and for DL4J's master. */
    record Row(int workers, double oursSeconds, double oursImagesPerSecond, double dl4jSeconds, double dl4jImagesPerSecond,
               double allreduceSeconds, double allreduceImagesPerSecond) {
    }

    static List<Row> project(RoundTimes ours, double dl4jRoundSeconds, int measuredWorkers, long stateBytes,
                             int imagesPerWorker) {
        return project(ours, dl4jRoundSeconds, measuredWorkers, stateBytes, imagesPerWorker, null);
    }

    /**
     * @param ours             this project's mean round, measured with {@code measuredWorkers} workers
     * @param dl4jRoundSeconds DL4J's mean round time, measured the same way
     * @param stateBytes       bytes of parameters and updater state a replica sends and receives
     * @param imagesPerWorker  images each worker fits per round
     * @param allreduce        the mean round averaged among the tasks, measured with {@code measuredWorkers}
     *                         workers; null when not measured
     */
    static List<Row> project(RoundTimes ours, double dl4jRoundSeconds, int measuredWorkers, long stateBytes,
                             int imagesPerWorker, RoundTimes allreduce) {
        double transfer = stateBytes / LINK_BYTES_PER_SECOND;
        double perResult = ours.aggregation() / measuredWorkers + transfer;
        double oursFixed = ours.total() - ours.aggregation() + transfer;
        double dl4jFixed = dl4jRoundSeconds - ours.aggregation() + transfer;
        List<Row> rows = new ArrayList<>();
        for (int n : WORKERS) {
            double oursRound = oursFixed + treeSeconds(n, ParameterAveraging.aggregationDepth(n), perResult, ours.launch());
            double dl4jRound = dl4jFixed + treeSeconds(n, DL4J_AGGREGATION_DEPTH, perResult, ours.launch());
            double ringRound = allreduce == null ? Double.NaN : allreduce.total() - allreduce.aggregation()
                    + ringSeconds(n, stateBytes, allreduce.aggregation() / (2.0 * (measuredWorkers - 1)), measuredWorkers);
            rows.add(new Row(n, oursRound, (double) n * imagesPerWorker / oursRound, dl4jRound,
                    (double) n * imagesPerWorker / dl4jRound, ringRound, (double) n * imagesPerWorker / ringRound));
        }
        return rows;
    }

    /**
     * The time to sum {@code partitions} results in Spark's tree of the given depth: it shrinks the
     * partitions by a scale of about the depth-th root while that saves work, each level a shuffle
     * stage whose mergers each take their share, and the driver merges what is left.
     */
    static double treeSeconds(int partitions, int depth, double perResult, double stageLaunch) {
        int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth) - 1e-9), 2);
        int parts = partitions;
        double seconds = 0;
        while (parts > scale + Math.ceil((double) parts / scale)) {
            int next = parts / scale;
            seconds += stageLaunch + Math.ceil((double) parts / next) * perResult;
            parts = next;
        }
        return seconds + parts * perResult;
    }

    /**
     * A ring's sum over {@code workers}: reduce-scatter and all-gather, {@code 2 (n - 1)} steps of
     * {@code 1/n} of the state, each paying the link's latency and transfer and the measured step's
     * work scaled to its share of the state.
     *
     * @param measuredStep    the time of one step of the ring measured with {@code measuredWorkers}
     */
    static double ringSeconds(int workers, long stateBytes, double measuredStep, int measuredWorkers) {
        double work = measuredStep * measuredWorkers / workers;
        return 2.0 * (workers - 1) * (work + STEP_LATENCY_SECONDS + stateBytes / (double) workers / LINK_BYTES_PER_SECOND);
    }

    static void print(List<Row> rows, PrintStream out) {
        out.printf("projection (model: each worker its own node on a %.0f Gbit/s link; fit, launch, broadcast and update as "
                + "measured here; per result received: the measured aggregation per worker plus its transfer; both sum in "
                + "Spark's tree, trainspark at a depth chosen from the workers, DL4J at its default depth 2; allreduce: the "
                + "measured round less its aggregation, plus a ring of 2(n-1) steps of 1/n of the state, each with 50 us of "
                + "latency, its transfer and the measured step's work scaled to 1/n):%n", LINK_BYTES_PER_SECOND * 8 / 1e9);
        for (Row r : rows) {
            String ring = Double.isNaN(r.allreduceSeconds()) ? "" : String.format("   allreduce %7.1f ms/round %9.0f images/s "
                    + "(ratio to DL4J %.2f)", r.allreduceSeconds() * 1e3, r.allreduceImagesPerSecond(),
                    r.allreduceImagesPerSecond() / r.dl4jImagesPerSecond());
            out.printf("  %4d workers: trainspark %7.1f ms/round %9.0f images/s   DL4J master %8.1f ms/round %9.0f images/s   ratio %.2f%s%n",
                    r.workers(), r.oursSeconds() * 1e3, r.oursImagesPerSecond(), r.dl4jSeconds() * 1e3,
                    r.dl4jImagesPerSecond(), r.oursImagesPerSecond() / r.dl4jImagesPerSecond(), ring);
        }
    }

    static List<Map<String, Object>> asJson(List<Row> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workers", r.workers());
            m.put("trainspark_round_s", r.oursSeconds());
            m.put("trainspark_images_per_s", r.oursImagesPerSecond());
            m.put("dl4j_round_s", r.dl4jSeconds());
            m.put("dl4j_images_per_s", r.dl4jImagesPerSecond());
            if (!Double.isNaN(r.allreduceSeconds())) {
                m.put("allreduce_round_s", r.allreduceSeconds());
                m.put("allreduce_images_per_s", r.allreduceImagesPerSecond());
            }
            out.add(m);
        }
        return out;
    }
}
