package dev.trainspark.workers.fit;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one parameter-averaging round's wall time went, in seconds. The task-side parts are the
 * slowest task's (the round waits for it); launch and aggregation come from wall clocks, the
 * driver's at submission and return and the tasks' at their start and end, so on a cluster they are
 * as good as the nodes' clock agreement (milliseconds under NTP).
 *
 * @param broadcast   the driver serializing the round's state into a broadcast
 * @param launch      job submission to the first task starting: scheduling, task serialization and shipping
 * @param readState   a task fetching the broadcast state and setting it on its network
 * @param fit         a task fitting its minibatches
 * @param writeState  a task copying its network's state out for the result
 * @param aggregation the last task ending to the driver holding the sum: result serialization,
 *                    transfer and merging
 * @param update      the driver averaging the sum into the next state
 * @param total       the round's wall time at the driver
 */
public record RoundTimes(double broadcast, double launch, double readState, double fit, double writeState,
                         double aggregation, double update, double total) implements Serializable {

    /** The parts in seconds, under the keys {@code events.jsonl} and {@code metrics.json} use; the total apart. */
    public Map<String, Object> partsJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("broadcast", broadcast);
        json.put("launch", launch);
        json.put("read_state", readState);
        json.put("fit", fit);
        json.put("write_state", writeState);
        json.put("aggregation", aggregation);
        json.put("update", update);
        return Collections.unmodifiableMap(json);
    }

    public RoundTimes plus(RoundTimes o) {
        return new RoundTimes(broadcast + o.broadcast, launch + o.launch, readState + o.readState, fit + o.fit,
                writeState + o.writeState, aggregation + o.aggregation, update + o.update, total + o.total);
    }

    public RoundTimes dividedBy(double n) {
        return new RoundTimes(broadcast / n, launch / n, readState / n, fit / n, writeState / n, aggregation / n,
                update / n, total / n);
    }

    /** The same parts with another total (the longest task's, say). */
    public RoundTimes withTotal(double seconds) {
        return new RoundTimes(broadcast, launch, readState, fit, writeState, aggregation, update, seconds);
    }

    /** Adds what the driver spent around the tasks (a broadcast, a launch, results coming back) to the parts and the total. */
    public RoundTimes withDriverSide(double broadcastSeconds, double launchSeconds, double returnSeconds) {
        return new RoundTimes(broadcast + broadcastSeconds, launch + launchSeconds, readState, fit, writeState,
                aggregation + returnSeconds, update, total + broadcastSeconds + launchSeconds + returnSeconds);
    }

    public static RoundTimes zero() {
        return new RoundTimes(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * The task side of a round, merged over its tasks: the earliest start, the latest end (epoch
     * milliseconds) and each phase's longest duration (nanoseconds).
     */
    public record TaskSide(long startMillis, long endMillis, long readStateNanos, long fitNanos, long writeStateNanos)
            implements Serializable {
        public TaskSide merge(TaskSide o) {
            if (o == null) {
                return this;
            }
            return new TaskSide(Math.min(startMillis, o.startMillis), Math.max(endMillis, o.endMillis),
                    Math.max(readStateNanos, o.readStateNanos), Math.max(fitNanos, o.fitNanos),
                    Math.max(writeStateNanos, o.writeStateNanos));
        }
    }
}
