package dev.trainspark.driver.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.report.RoundSelection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code events.jsonl}: one line per round, and between them a line for each thing training did
 * besides a round (a sanity warning, a roll-back), told apart by its {@code event} key. The whole
 * file is rewritten atomically after each line (it is small), which works on file systems without
 * append and keeps it whole.
 */
public final class EventLog {
    private static final ObjectMapper LINE = new ObjectMapper();
    /** The key that marks a line as something other than a round, and names what it is. */
    public static final String EVENT = "event";
    /** A roll-back line: the epoch whose checkpoint training went back to, and the learning rate it went on with. */
    public static final String ROLLBACK = "rollback";
    public static final String ROLLED_BACK_TO_EPOCH = "rolled_back_to_epoch";
    public static final String LEARNING_RATE = "learning_rate";
    private static final TypeReference<LinkedHashMap<String, Object>> NOTE = new TypeReference<>() {
    };

    /** A line of the file: a round, or another event (with its {@code event} key). */
    private record Line(RoundEvent round, Map<String, Object> note) {
        Map<String, Object> json() {
            return round != null ? round.toJsonMap() : note;
        }
    }

    private final RunDirectory run;
    private final String name;
    private final List<Line> lines = new ArrayList<>();

    /** A log in another file of the run, e.g. one per fold of a cross-validation. */
    public EventLog(RunDirectory run, String relativeName) {
        this.run = run;
        this.name = relativeName;
    }

    /**
     * Loads the rounds of epochs up to {@code epochsDone} from an earlier, resumed run, with the other
     * events among them and the roll-backs to a checkpoint it still has.
     */
    public void restore(int epochsDone) throws IOException {
        if (!run.files().exists(run.path(name))) {
            return;
        }
        for (String line : run.files().readString(run.path(name)).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = RunDirectory.json().readTree(line);
            if (n.has(EVENT)) {
                int epoch = n.path(ROLLBACK.equals(n.path(EVENT).asText()) ? ROLLED_BACK_TO_EPOCH : "epoch").asInt();
                if (epoch <= epochsDone) {
                    lines.add(new Line(null, Collections.unmodifiableMap(LINE.convertValue(n, NOTE))));
                }
            } else if (n.path("epoch").asInt() <= epochsDone) {
                lines.add(new Line(new RoundEvent(n.path("epoch").asInt(), n.path("round").asInt(),
                        n.path("loss").isNumber() ? n.path("loss").asDouble() : Double.NaN,
                        n.path("examples_per_s").asDouble(), n.path("examples").asLong(), n.path("seconds").asDouble(),
                        RoundSelection.fromJson(n)), null));
            }
        }
        flush();
    }

    public void append(RoundEvent event) {
        lines.add(new Line(event, null));
        flush();
    }

    /** Appends a line for something other than a round: {@code "event": kind} and the fields given. */
    public void note(String kind, Map<String, Object> fields) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(EVENT, kind);
        json.putAll(fields);
        lines.add(new Line(null, Collections.unmodifiableMap(json)));
        flush();
    }

    /** Drops the rounds of {@code epoch} and later, e.g. those a roll-back undid; other events stay. */
    public void discardRoundsFrom(int epoch) {
        lines.removeIf(l -> l.round() != null && l.round().epoch() >= epoch);
        flush();
    }

    /** The rounds, in order. */
    public List<RoundEvent> events() {
        return lines.stream().map(Line::round).filter(r -> r != null).toList();
    }

    /** The events other than rounds of one kind, in order. */
    public List<Map<String, Object>> notes(String kind) {
        return lines.stream().map(Line::note).filter(n -> n != null && kind.equals(n.get(EVENT))).toList();
    }

    /** The learning rate the last roll-back went on with; empty when there was none. */
    public OptionalDouble lastRollbackLearningRate() {
        List<Map<String, Object>> rollbacks = notes(ROLLBACK);
        return rollbacks.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(((Number) rollbacks.get(rollbacks.size() - 1).get(LEARNING_RATE)).doubleValue());
    }

    private void flush() {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            try {
                text.append(LINE.writeValueAsString(line.json())).append('\n');
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        run.writeText(name, text.toString());
    }
}
