package dev.trainspark.driver.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainspark.driver.run.RunDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code epochs.jsonl}: test accuracy and balanced accuracy after every epoch (one line each, with
 * the ensemble member), kept across resumed invocations, for the accuracy-per-epoch plot; under early
 * stopping also the validation figures, which a resumed run replays.
 */
final class EpochLog {
    static final String FILE = "epochs.jsonl";
    private static final com.fasterxml.jackson.databind.ObjectMapper LINE = new com.fasterxml.jackson.databind.ObjectMapper();
    /** Prefix of the validation figures' keys, e.g. {@code validation_loss}. */
    private static final String VALIDATION = "validation_";

    private final RunDirectory run;
    private final String name;

    EpochLog(RunDirectory run, String prefix) {
        this.run = run;
        this.name = prefix + FILE;
    }

    void record(int member, List<ModelFit.EpochScore> scores) {
        if (scores.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        try {
            if (run.files().exists(run.path(name))) {
                for (String line : run.files().readString(run.path(name)).split("\n")) {
                    JsonNode n = line.isBlank() ? null : LINE.readTree(line);
                    boolean replaced = n != null && n.path("member").asInt() == member + 1
                            && scores.stream().anyMatch(s -> s.epoch() == n.path("epoch").asInt());
                    if (n != null && !replaced) {
                        text.append(line).append('\n');
                    }
                }
            }
            for (ModelFit.EpochScore s : scores) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("member", member + 1);
                line.put("epoch", s.epoch());
                line.put("accuracy", s.accuracy());
                line.put("balanced_accuracy", s.balancedAccuracy());
                if (s.validation() != null) {
                    s.validation().byName().forEach((k, v) -> line.put(VALIDATION + k, v));
                }
                text.append(LINE.writeValueAsString(line)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + run.path(name), e);
        }
        run.writeText(name, text.toString());
    }

    /** The validation figures recorded for one member (0-based), by epoch; epochs without them are left out. */
    Map<Integer, ValidationScores> validation(int member) throws IOException {
        Map<Integer, ValidationScores> byEpoch = new LinkedHashMap<>();
        if (!run.files().exists(run.path(name))) {
            return byEpoch;
        }
        for (String line : run.files().readString(run.path(name)).split("\n")) {
            JsonNode n = line.isBlank() ? null : LINE.readTree(line);
            if (n == null || n.path("member").asInt() != member + 1 || !n.path(VALIDATION + "loss").isNumber()) {
                continue;
            }
            byEpoch.put(n.path("epoch").asInt(), new ValidationScores(n.path(VALIDATION + "accuracy").asDouble(),
                    n.path(VALIDATION + "balanced_accuracy").asDouble(), n.path(VALIDATION + "macro_f1").asDouble(),
                    n.path(VALIDATION + "loss").asDouble()));
        }
        return byEpoch;
    }

    /** The scores of the first member, in epoch order: {epochs, accuracy, balanced accuracy}. */
    List<double[]> firstMember() throws IOException {
        List<double[]> rows = new ArrayList<>();
        if (!run.files().exists(run.path(name))) {
            return rows;
        }
        for (String line : run.files().readString(run.path(name)).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = LINE.readTree(line);
            if (n.path("member").asInt() == 1) {
                rows.add(new double[]{n.path("epoch").asInt(), n.path("accuracy").asDouble(), n.path("balanced_accuracy").asDouble()});
            }
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        return rows;
    }
}
