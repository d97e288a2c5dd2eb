package dev.trainspark.driver.registry;

import dev.trainspark.driver.config.RetrainConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a challenger replaces the champion: its {@code metric} must be higher by at least
 * {@code minImprovement} (and higher at all when that is 0), and no class's recall may fall by more
 * than {@code maxClassRecallDrop}. Both are scored on the same frozen evaluation rows.
 */
public record PromotionRule(String metric, double minImprovement, double maxClassRecallDrop) {
    /** Figures shown beside the deciding one. */
    private static final List<String> SHOWN = List.of("accuracy", "balanced_accuracy", "macro_f1");

    public static PromotionRule of(RetrainConfig retrain) {
        return new PromotionRule(retrain.metric(), retrain.minImprovement(), retrain.maxClassRecallDrop());
    }

    /** One line of the side-by-side table; the champion's figure is NaN when there is none. */
    public record Row(String name, double champion, double challenger) {
        public double delta() {
            return challenger - champion;
        }
    }

    /** The decision, why, and the table it was made from. */
    public record Decision(boolean promote, String reason, List<Row> rows) {
    }

    /** @param champion the champion's scores, or null when the registry has none yet */
    public Decision decide(Scores champion, Scores challenger) {
        List<Row> rows = rows(champion, challenger);
        if (champion == null) {
            return new Decision(true, "the registry has no champion yet", rows);
        }
        double before = champion.figure(metric);
        double after = challenger.figure(metric);
        double gain = after - before;
        if (Double.isNaN(gain)) {
            return new Decision(false, metric + " is undefined for " + (Double.isNaN(after) ? "the challenger" : "the champion"), rows);
        }
        if (!(gain > 0 && gain >= minImprovement)) {
            return new Decision(false, String.format(Locale.ROOT, "%s changes by %+.4f (%.4f -> %.4f); a promotion needs %s",
                    metric, gain, before, after, minImprovement == 0 ? "a gain above 0"
                            : "a gain of at least " + number(minImprovement) + " (retrain.min_improvement)"), rows);
        }
        for (var entry : champion.recallByClass().entrySet()) {
            double was = entry.getValue();
            double now = challenger.recallByClass().getOrDefault(entry.getKey(), Double.NaN);
            if (was - now > maxClassRecallDrop) {
                return new Decision(false, String.format(Locale.ROOT, "recall of class '%s' falls by %.4f (%.4f -> %.4f), more "
                        + "than retrain.max_class_recall_drop %s", entry.getKey(), was - now, was, now,
                        number(maxClassRecallDrop)), rows);
            }
        }
        return new Decision(true, String.format(Locale.ROOT, "%s improves by %+.4f (%.4f -> %.4f), at least %s "
                + "(retrain.min_improvement), and no class's recall falls by more than %s", metric, gain, before, after,
                number(minImprovement), number(maxClassRecallDrop)), rows);
    }

    private List<Row> rows(Scores champion, Scores challenger) {
        List<Row> rows = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        names.add(metric);
        names.addAll(SHOWN);
        for (String name : names) {
            rows.add(new Row(name, champion == null ? Double.NaN : champion.figure(name), challenger.figure(name)));
        }
        challenger.recallByClass().forEach((c, recall) -> rows.add(new Row("recall[" + c + "]",
                champion == null ? Double.NaN : champion.recallByClass().getOrDefault(c, Double.NaN), recall)));
        return rows;
    }

    /** The table as printed: metric, champion, challenger, delta. */
    public static List<String> table(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-22s %10s %11s %9s", "metric", "champion", "challenger", "delta"));
        for (Row r : rows) {
            lines.add(String.format(Locale.ROOT, "%-22s %10s %11s %9s", r.name(), cell(r.champion(), false),
                    cell(r.challenger(), false), cell(r.delta(), true)));
        }
        return lines;
    }

    private static String cell(double v, boolean signed) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, signed ? "%+.4f" : "%.4f", v);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%s", v).replaceAll("\\.0$", "");
    }
}
