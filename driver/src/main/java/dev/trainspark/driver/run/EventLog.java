package dev.trainspark.driver.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.report.RoundSelection;

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
    private final String name;
    private final List<RoundEvent> events = new ArrayList<>();

    /** A log in another file of the run, e.g. one per fold of a cross-validation. */
    public EventLog(RunDirectory run, String relativeName) {
        this.run = run;
        this.name = relativeName;
    }

    /** Loads the events of epochs before {@code epochsDone} from an earlier, resumed run. */
    public void restore(int epochsDone) throws IOException {
        if (!run.files().exists(run.path(name))) {
            return;
        }
        for (String line : run.files().readString(run.path(name)).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = RunDirectory.json().readTree(line);
            if (n.path("epoch").asInt() <= epochsDone) {
                events.add(new RoundEvent(n.path("epoch").asInt(), n.path("round").asInt(),
                        n.path("loss").isNumber() ? n.path("loss").asDouble() : Double.NaN,
                        n.path("examples_per_s").asDouble(), n.path("examples").asLong(), n.path("seconds").asDouble(),
                        RoundSelection.fromJson(n)));
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
        run.writeText(name, text.toString());
    }
}
