package dev.trainspark.driver.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.report.RoundEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code events.jsonl}: one line per round. The whole file is rewritten atomically after each
 * round (it is small), which works on file systems without append and keeps it whole.
 */
public final class EventLog {
    private static final ObjectMapper LINE = new ObjectMapper();

    private final RunDirectory run;
    private final List<RoundEvent> events = new ArrayList<>();

    public EventLog(RunDirectory run) {
        this.run = run;
    }

    /** Loads the events of epochs before {@code epochsDone} from an earlier, resumed run. */
    public void restore(int epochsDone) throws IOException {
        if (!run.files().exists(run.path(RunDirectory.EVENTS))) {
            return;
        }
        for (String line : run.files().readString(run.path(RunDirectory.EVENTS)).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = RunDirectory.json().readTree(line);
            if (n.path("epoch").asInt() <= epochsDone) {
                events.add(new RoundEvent(n.path("epoch").asInt(), n.path("round").asInt(),
                        n.path("loss").isNumber() ? n.path("loss").asDouble() : Double.NaN,
                        n.path("examples_per_s").asDouble(), n.path("examples").asLong(), n.path("seconds").asDouble()));
            }
        }
        flush();
    }

    public void append(RoundEvent event) {
        events.add(event);
        flush();
    }

    public List<RoundEvent> events() {
        return List.copyOf(events);
    }

    private void flush() {
        StringBuilder text = new StringBuilder();
        for (RoundEvent e : events) {
            try {
                text.append(LINE.writeValueAsString(e.toJsonMap())).append('\n');
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        run.writeText(RunDirectory.EVENTS, text.toString());
    }
}
