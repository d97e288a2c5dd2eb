package dev.trainspark.driver.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.trainspark.pipeline.metrics.ClassificationMetrics;

/**
 * The run's {@code report.html}: one file with inline CSS and no scripts, which opens from the
 * run directory with the PNG plots written next to it. Every string that comes from outside
 * (title, class names, facts, file names) is HTML-escaped, since class names come from folder
 * names of the dataset.
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
            figure { margin: 1rem 0; }
            img { max-width: 100%; border: 1px solid #eee; }
            """;

    private HtmlReport() {
    }

    /**
     * @param title          page title and heading
     * @param metrics        evaluation metrics for the summary and per-class tables
     * @param facts          run facts (config summary, timings) shown in iteration order
     * @param imageFileNames plots to show, relative to the report, e.g. {@code confusion_matrix.png}
     */
    public static String render(String title, ClassificationMetrics metrics, Map<String, String> facts,
                                List<String> imageFileNames) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");

        appendSummary(html, metrics);
        appendPerClass(html, metrics);
        appendPlots(html, imageFileNames);
        appendFacts(html, facts);

        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void appendSummary(StringBuilder html, ClassificationMetrics m) {
        html.append("<h2>Summary</h2>\n<table class=\"summary\">\n");
        summaryRow(html, "Accuracy", m.accuracy());
        summaryRow(html, "Balanced accuracy", m.balancedAccuracy());
        summaryRow(html, "Macro F1", m.macroF1());
        summaryRow(html, "Cohen's kappa", m.kappa());
        summaryRow(html, "MCC", m.mcc());
        html.append("</table>\n");
    }

    private static void summaryRow(StringBuilder html, String name, double value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td class=\"num\">")
                .append(number(value)).append("</td></tr>\n");
    }

    private static void appendPerClass(StringBuilder html, ClassificationMetrics m) {
        html.append("<h2>Per class</h2>\n<table class=\"per-class\">\n")
                .append("<tr><th>Class</th><th>Precision</th><th>Recall</th><th>F1</th>")
                .append("<th>Support</th></tr>\n");
        for (int i = 0; i < m.classNames().size(); i++) {
            ClassificationMetrics.ClassScores s = m.perClass().get(i);
            html.append("<tr><td>").append(escape(m.classNames().get(i))).append("</td>")
                    .append("<td class=\"num\">").append(number(s.precision())).append("</td>")
                    .append("<td class=\"num\">").append(number(s.recall())).append("</td>")
                    .append("<td class=\"num\">").append(number(s.f1())).append("</td>")
                    .append("<td class=\"num\">").append(s.support()).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void appendPlots(StringBuilder html, List<String> imageFileNames) {
        if (imageFileNames.isEmpty()) {
            return;
        }
        html.append("<h2>Plots</h2>\n");
        for (String file : imageFileNames) {
            String name = escape(file);
            html.append("<figure><img src=\"").append(name).append("\" alt=\"").append(name)
                    .append("\"></figure>\n");
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
