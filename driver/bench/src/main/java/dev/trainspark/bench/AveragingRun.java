package dev.trainspark.bench;

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
}
