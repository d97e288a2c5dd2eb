package dev.trainspark.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainspark.workers.fit.RoundResult;
import dev.trainspark.workers.select.SelectionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What hard-example selection did in one round, all workers together.
 *
 * @param candidates       rows forwarded as candidates
 * @param selectedPerClass rows fitted per class, in class order
 * @param lossThreshold    under a global threshold: the loss at or above which the kept share of
 *                         this round's candidates lie, which the next round selects by; else null
 */
public record RoundSelection(long candidates, List<Long> selectedPerClass, Double lossThreshold) {
    public RoundSelection {
        selectedPerClass = List.copyOf(selectedPerClass);
    }

    /** The round's selection figures, or null when no selector ran. */
    public static RoundSelection of(RoundResult result, SelectionSpec selection) {
        long[] perClass = result.selectedPerClass();
        if (!selection.selects() || perClass == null) {
            return null;
        }
        List<Long> selected = new ArrayList<>();
        for (long n : perClass) {
            selected.add(n);
        }
        double threshold = result.lossThreshold(selection.keptShare());
        return new RoundSelection(result.candidates(), selected, Double.isNaN(threshold) ? null : threshold);
    }

    /** The figures of an {@code events.jsonl} line, or null when it has none. */
    public static RoundSelection fromJson(JsonNode line) {
        if (!line.has("candidates")) {
            return null;
        }
        List<Long> selected = new ArrayList<>();
        line.path("selected_per_class").forEach(n -> selected.add(n.asLong()));
        JsonNode threshold = line.path("loss_threshold");
        return new RoundSelection(line.path("candidates").asLong(), selected,
                threshold.isNumber() ? threshold.asDouble() : null);
    }

    void putInto(Map<String, Object> json) {
        json.put("candidates", candidates);
        json.put("selected_per_class", selectedPerClass);
        if (lossThreshold != null) {
            json.put("loss_threshold", lossThreshold);
        }
    }
}
