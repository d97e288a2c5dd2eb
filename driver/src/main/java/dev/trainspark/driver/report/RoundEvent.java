package dev.trainspark.driver.report;

import dev.trainspark.workers.fit.RoundTimes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parameter-averaging round as it is logged, one line of {@code events.jsonl}.
 *
 * @param epoch             epoch the round belongs to
 * @param round             round number
 * @param loss              mean training loss of the round; NaN when training diverged
 * @param examplesPerSecond examples fitted per second of wall time, all workers together
 * @param examples          examples fitted in the round, all workers together
 * @param seconds           wall time of the round
 * @param selection         what hard-example selection did; null when it is off
 * @param times             where the round's wall time went (broadcast, launch, fit, aggregation...);
 *                          null when not measured
 */
public record RoundEvent(int epoch, int round, double loss, double examplesPerSecond, long examples,
                         double seconds, RoundSelection selection, RoundTimes times) {

    /** A round without hard-example selection. */
    public RoundEvent(int epoch, int round, double loss, double examplesPerSecond, long examples, double seconds) {
        this(epoch, round, loss, examplesPerSecond, examples, seconds, null, null);
    }

    /** A round whose time split was not measured. */
    public RoundEvent(int epoch, int round, double loss, double examplesPerSecond, long examples, double seconds,
                      RoundSelection selection) {
        this(epoch, round, loss, examplesPerSecond, examples, seconds, selection, null);
    }

    public RoundEvent {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch is " + epoch + "; accepted >= 0");
        }
        if (round < 0) {
            throw new IllegalArgumentException("round is " + round + "; accepted >= 0");
        }
        if (examples < 0) {
            throw new IllegalArgumentException("examples is " + examples + "; accepted >= 0");
        }
        if (!(Double.isFinite(seconds) && seconds >= 0)) {
            throw new IllegalArgumentException("seconds is " + seconds + "; accepted a finite number >= 0");
        }
        if (!(Double.isFinite(examplesPerSecond) && examplesPerSecond >= 0)) {
            throw new IllegalArgumentException(
                    "examplesPerSecond is " + examplesPerSecond + "; accepted a finite number >= 0");
        }
    }

    /** The {@code events.jsonl} keys, in order; a non-finite loss becomes null, as JSON has no NaN. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("epoch", epoch);
        json.put("round", round);
        json.put("loss", Double.isFinite(loss) ? loss : null);
        json.put("examples_per_s", examplesPerSecond);
        json.put("examples", examples);
        json.put("seconds", seconds);
        if (selection != null) {
            selection.putInto(json);
        }
        if (times != null) {
            json.put("seconds_split", times.partsJson());
        }
        return Collections.unmodifiableMap(json);
    }
}
