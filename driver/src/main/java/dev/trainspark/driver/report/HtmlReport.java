package dev.trainspark.driver.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.trainspark.pipeline.metrics.ClassificationMetrics;

/**
 * The run's {@code report.html}: one file with inline CSS and no scripts, which opens from the
 * run directory with the PNG plots written next to it. Every string that comes from outside
 * (title, class names, facts, metric names, captions, file names) is HTML-escaped, since class
 * names come from folder names of the dataset.
 *
 * <p>A page is built from plain values with {@link #builder(String)} and shows, in this order
 * and each only when given: the title, the run's facts, the headline metrics, the per-class
 * table, the cross-validation fold table and the plots with their captions.
 */
public final class HtmlReport {

    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
                   max-width: 60rem; padding: 0 1rem; color: #222; }
            h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
            h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; margin: 0.5rem 0; }
            th, td { padding: 0.3rem 0.8rem; border-bottom: 1px solid #eee; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            th { background: #f5f7fa; }
            tr.weak td { color: #b3261e; }
            td.weak { font-weight: bold; }
            tr.aggregate td, tr.aggregate th { border-top: 2px solid #ccc; background: #fafafa; }
            .note { color: #666; font-size: 0.9rem; }
            figure { margin: 1.5rem 0; }
            figcaption { color: #444; font-size: 0.95rem; margin-top: 0.3rem; }
            img { max-width: 100%; border: 1px solid #eee; }
            """;

    private HtmlReport() {
    }

    /** Starts a page with the given title; add sections, then {@link Builder#render()}. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /**
     * The train command's page: headline metrics and per-class table from {@code metrics}, then
     * the plots (captioned by nothing but their file name in the alt text).
     *
     * @param title          page title and heading
     * @param metrics        evaluation metrics for the summary and per-class tables
     * @param facts          run facts (config summary, timings) shown in iteration order
     * @param imageFileNames plots to show, relative to the report, e.g. {@code confusion_matrix.png}
     */
    public static String render(String title, ClassificationMetrics metrics, Map<String, String> facts,
                                List<String> imageFileNames) {
        Builder page = builder(title)
                .facts(facts)
                .headline("Accuracy", metrics.accuracy())
                .headline("Balanced accuracy", metrics.balancedAccuracy())
                .headline("Macro F1", metrics.macroF1())
                .headline("Cohen's kappa", metrics.kappa())
                .headline("MCC", metrics.mcc())
                .perClass(perClass(metrics));
        for (String file : imageFileNames) {
            page.image(file, null);
        }
        return page.render();
    }

    private static PerClassTable perClass(ClassificationMetrics m) {
        int k = m.classNames().size();
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        long[] support = new long[k];
        for (int c = 0; c < k; c++) {
            ClassificationMetrics.ClassScores s = m.perClass().get(c);
            precision[c] = s.precision();
            recall[c] = s.recall();
            f1[c] = s.f1();
            support[c] = s.support();
        }
        return PerClassTable.of(m.classNames(), precision, recall, f1, support);
    }

    /** Collects a page's sections; each setter replaces what an earlier call of it set, except the adders. */
    public static final class Builder {

        private final String title;
        private final Map<String, String> facts = new LinkedHashMap<>();
        private final Map<String, Double> headline = new LinkedHashMap<>();
        private PerClassTable perClass;
        private FoldTable folds;
        private final List<Image> images = new ArrayList<>();

        private Builder(String title) {
            this.title = title == null ? "" : title;
        }

        /** Adds a row to the facts table; a repeated name replaces its value in place. */
        public Builder fact(String name, String value) {
            facts.put(String.valueOf(name), value == null ? "" : value);
            return this;
        }

        /** Adds the facts in the map's iteration order. */
        public Builder facts(Map<String, String> facts) {
            facts.forEach(this::fact);
            return this;
        }

        /** Adds a headline metric; NaN shows as undefined. */
        public Builder headline(String name, double value) {
            headline.put(String.valueOf(name), value);
            return this;
        }

        public Builder perClass(PerClassTable table) {
            this.perClass = table;
            return this;
        }

        public Builder folds(FoldTable table) {
            this.folds = table;
            return this;
        }

        /**
         * Adds a plot.
         *
         * @param fileName path relative to the report, e.g. {@code roc.png}
         * @param caption  text under the image; null or blank for none
         * @throws IllegalArgumentException if the path is absolute, has a scheme or climbs out
         *                                  with {@code ..}
         */
        public Builder image(String fileName, String caption) {
            images.add(new Image(fileName, caption));
            return this;
        }

        public String render() {
            StringBuilder html = new StringBuilder(8192);
            html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                    .append("<title>").append(escape(title)).append("</title>\n")
                    .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                    .append("<h1>").append(escape(title)).append("</h1>\n");
            appendFacts(html, facts);
            appendHeadline(html, headline);
            if (perClass != null) {
                appendPerClass(html, perClass);
            }
            if (folds != null) {
                appendFolds(html, folds);
            }
            appendImages(html, images);
            html.append("</body>\n</html>\n");
            return html.toString();
        }
    }

    private record Image(String fileName, String caption) {
        Image {
            if (fileName == null || fileName.isBlank() || fileName.startsWith("/") || fileName.startsWith("\\")
                    || fileName.contains(":") || List.of(fileName.split("[/\\\\]")).contains("..")) {
                throw new IllegalArgumentException("image file name is '" + fileName
                        + "'; accepted a path relative to the report, without a scheme or '..'");
            }
        }
    }

    private static void appendFacts(StringBuilder html, Map<String, String> facts) {
        if (facts.isEmpty()) {
            return;
        }
        html.append("<h2>Run</h2>\n<table class=\"facts\">\n");
        for (Map.Entry<String, String> fact : facts.entrySet()) {
            html.append("<tr><th>").append(escape(fact.getKey())).append("</th><td>")
                    .append(escape(fact.getValue())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void appendHeadline(StringBuilder html, Map<String, Double> headline) {
        if (headline.isEmpty()) {
            return;
        }
        html.append("<h2>Summary</h2>\n<table class=\"summary\">\n");
        for (Map.Entry<String, Double> metric : headline.entrySet()) {
            html.append("<tr><th>").append(escape(metric.getKey())).append("</th><td class=\"num\">")
                    .append(number(metric.getValue())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void appendPerClass(StringBuilder html, PerClassTable t) {
        double[] precision = t.precision();
        double[] recall = t.recall();
        double[] f1 = t.f1();
        long[] support = t.support();
        double[] auc = t.auc();
        double[] ap = t.averagePrecision();
        html.append("<h2>Per class</h2>\n<table class=\"per-class\">\n")
                .append("<tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th><th>Support</th>");
        if (auc != null) {
            html.append("<th>AUC</th>");
        }
        if (ap != null) {
            html.append("<th>Average precision</th>");
        }
        html.append("</tr>\n");
        boolean anyWeak = false;
        for (int c = 0; c < t.classNames().size(); c++) {
            boolean weak = t.recallBelowMean(c);
            anyWeak |= weak;
            html.append(weak ? "<tr class=\"weak\">" : "<tr>")
                    .append("<td>").append(escape(t.classNames().get(c))).append("</td>")
                    .append(numberCell(precision[c]))
                    .append(weak ? "<td class=\"num weak\">" + number(recall[c]) + "</td>" : numberCell(recall[c]))
                    .append(numberCell(f1[c]))
                    .append("<td class=\"num\">").append(support[c]).append("</td>");
            if (auc != null) {
                html.append(numberCell(auc[c]));
            }
            if (ap != null) {
                html.append(numberCell(ap[c]));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        if (anyWeak) {
            html.append("<p class=\"note\">In red: classes whose recall is below the mean recall over classes (")
                    .append(number(t.meanRecall())).append(").</p>\n");
        }
    }

    private static void appendFolds(StringBuilder html, FoldTable t) {
        int metrics = t.metricNames().size();
        List<double[]> folds = t.folds();
        html.append("<h2>Cross-validation</h2>\n<table class=\"folds\">\n<tr><th>Fold</th>");
        for (String name : t.metricNames()) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr>\n");
        for (int f = 0; f < folds.size(); f++) {
            html.append("<tr><th>").append(f + 1).append("</th>");
            for (double value : folds.get(f)) {
                html.append(numberCell(value));
            }
            html.append("</tr>\n");
        }
        html.append("<tr class=\"aggregate\"><th>Mean</th>");
        for (int m = 0; m < metrics; m++) {
            html.append(aggregateCell(t.mean(m), t.definedCount(m), folds.size()));
        }
        html.append("</tr>\n<tr class=\"aggregate\"><th>Std. dev.</th>");
        for (int m = 0; m < metrics; m++) {
            html.append(aggregateCell(t.standardDeviation(m), t.definedCount(m), folds.size()));
        }
        html.append("</tr>\n</table>\n<p class=\"note\">Standard deviation over folds with divisor n &minus; 1; "
                + "a metric undefined in a fold is left out of its mean and deviation.</p>\n");
    }

    private static String aggregateCell(double value, int defined, int folds) {
        String cell = "<td class=\"num\">" + number(value);
        if (defined < folds) {
            cell += " <span class=\"note\">(" + defined + " of " + folds + " folds)</span>";
        }
        return cell + "</td>";
    }

    private static void appendImages(StringBuilder html, List<Image> images) {
        if (images.isEmpty()) {
            return;
        }
        html.append("<h2>Plots</h2>\n");
        for (Image image : images) {
            boolean captioned = image.caption() != null && !image.caption().isBlank();
            html.append("<figure><img src=\"").append(escape(percentEncode(image.fileName())))
                    .append("\" alt=\"").append(escape(captioned ? image.caption() : image.fileName())).append("\">");
            if (captioned) {
                html.append("<figcaption>").append(escape(image.caption())).append("</figcaption>");
            }
            html.append("</figure>\n");
        }
    }

    /**
     * A relative path as a URL path: characters other than unreserved ones and the path
     * separator are percent-encoded as UTF-8, so a space or a '#' in a file name still finds
     * the file; a backslash separator becomes '/'.
     */
    static String percentEncode(String path) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        for (byte b : path.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static String numberCell(double value) {
        return "<td class=\"num\">" + number(value) + "</td>";
    }

    /** Four decimals, the resolution people compare runs at; undefined values say so. */
    static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "undefined";
    }

    /** Escapes text for use in element content and in double- or single-quoted attributes. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
