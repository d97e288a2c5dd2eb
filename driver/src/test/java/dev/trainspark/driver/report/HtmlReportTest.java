package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.trainspark.pipeline.metrics.ClassificationMetrics;
import dev.trainspark.pipeline.metrics.ConfusionState;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static String render() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", "resnet-ish <small>");
        facts.put("training time", "12.5 s");
        return HtmlReport.render("Run <7> & friends", ReportFixtures.threeClasses(), facts,
                List.of("confusion_matrix.png", "loss.png"));
    }

    @Test
    void escapesTitleClassNamesAndFacts() {
        String html = render();

        assertTrue(html.contains("<title>Run &lt;7&gt; &amp; friends</title>"));
        assertTrue(html.contains("<td>cat &amp; dog</td>"));
        assertTrue(html.contains("<td>&lt;script&gt;</td>"));
        assertTrue(html.contains("<td>bird &quot;tit&quot;</td>"));
        assertTrue(html.contains("resnet-ish &lt;small&gt;"));
        assertFalse(html.contains("<script>"), "raw class name leaked into the page");
        assertFalse(html.contains("<small>"));
    }

    @Test
    void showsHeadlineAndPerClassValues() {
        String html = render();

        // accuracy 5/8, balanced 227/360, macro F1 22/35, kappa 41/95, mcc 41/94
        for (String value : List.of("0.6250", "0.6306", "0.6286", "0.4316", "0.4362")) {
            assertTrue(html.contains("<td class=\"num\">" + value + "</td>"), value);
        }
        // cat & dog: precision 5/6, recall 5/8, f1 5/7, support 8; recall below the mean 227/360
        assertTrue(html.contains("<tr class=\"weak\"><td>cat &amp; dog</td><td class=\"num\">0.8333</td>"
                + "<td class=\"num weak\">0.6250</td><td class=\"num\">0.7143</td><td class=\"num\">8</td></tr>"),
                html);
    }

    @Test
    void referencesThePlotsAndListsFactsInOrder() {
        String html = render();

        assertTrue(html.contains("<img src=\"confusion_matrix.png\""));
        assertTrue(html.contains("<img src=\"loss.png\""));
        assertTrue(html.indexOf("model") < html.indexOf("training time"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.trim().endsWith("</html>"));
    }

    @Test
    void saysUndefinedForAnUndefinedKappa() {
        ConfusionState state = new ConfusionState(2).add(1, 1);
        String html = HtmlReport.render("t", ClassificationMetrics.of(state, List.of("a", "b")), Map.of(), List.of());

        assertTrue(html.contains("<th>Cohen&#39;s kappa</th><td class=\"num\">undefined</td>"), html);
        assertFalse(html.contains("<img"));
    }

    @Test
    void escapesAllFiveSpecialCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", HtmlReport.escape("<a href=\"x\">&'"));
    }

    private static PerClassTable perClassWithScores() {
        // recalls 0.9, 0.5, 0.7, 0.3: mean 0.6, so the second and fourth class are weak
        return PerClassTable.of(List.of("ant", "bee <b>", "cow", "doe"),
                        new double[] {0.8, 0.6, 0.7, 0.5}, new double[] {0.9, 0.5, 0.7, 0.3},
                        new double[] {0.85, 0.55, 0.7, 0.375}, new long[] {10, 20, 30, 40})
                .withAuc(new double[] {0.99, 0.81, 0.9, Double.NaN})
                .withAveragePrecision(new double[] {0.95, 0.7, 0.8, 0.4});
    }

    private static String fullPage() {
        return HtmlReport.builder("cv <run>")
                .fact("folds", "4 & stratified")
                .headline("Accuracy", 0.8125)
                .headline("ECE", Double.NaN)
                .perClass(perClassWithScores())
                .folds(new FoldTable(List.of("accuracy", "F1 <macro>"), List.of(
                        new double[] {0.80, 0.5}, new double[] {0.90, Double.NaN},
                        new double[] {0.70, 0.7}, new double[] {0.84, 0.6})))
                .image("roc.png", "ROC curves <one vs rest>")
                .image("plots/reliability diagram#1.png", null)
                .render();
    }

    @Test
    void sectionsComeInTheDocumentedOrder() {
        String html = fullPage();
        int title = html.indexOf("<h1>cv &lt;run&gt;</h1>");
        int facts = html.indexOf("<table class=\"facts\">");
        int headline = html.indexOf("<table class=\"summary\">");
        int perClass = html.indexOf("<table class=\"per-class\">");
        int folds = html.indexOf("<table class=\"folds\">");
        int images = html.indexOf("<figure>");
        assertTrue(title > 0 && title < facts && facts < headline && headline < perClass && perClass < folds
                && folds < images, html);
        assertTrue(html.contains("<tr><th>folds</th><td>4 &amp; stratified</td></tr>"));
        assertTrue(html.contains("<tr><th>ECE</th><td class=\"num\">undefined</td></tr>"));
    }

    @Test
    void perClassTableHasScoreColumnsAndMarksRecallBelowTheMean() {
        String html = fullPage();

        assertTrue(html.contains("<th>Support</th><th>AUC</th><th>Average precision</th></tr>"), html);
        assertTrue(html.contains("<tr><td>ant</td><td class=\"num\">0.8000</td><td class=\"num\">0.9000</td>"
                + "<td class=\"num\">0.8500</td><td class=\"num\">10</td><td class=\"num\">0.9900</td>"
                + "<td class=\"num\">0.9500</td></tr>"), html);
        assertTrue(html.contains("<tr class=\"weak\"><td>bee &lt;b&gt;</td><td class=\"num\">0.6000</td>"
                + "<td class=\"num weak\">0.5000</td>"), html);
        assertTrue(html.contains("<tr><td>cow</td>"), "recall 0.7 is above the mean");
        assertTrue(html.contains("<tr class=\"weak\"><td>doe</td>"), html);
        assertTrue(html.contains("<td class=\"num\">40</td><td class=\"num\">undefined</td>"), "undefined AUC");
        assertTrue(html.contains("below the mean recall over classes (0.6000)"), html);
    }

    @Test
    void perClassTableLeavesOutScoreColumnsNotGiven() {
        String html = HtmlReport.builder("t").perClass(PerClassTable.of(List.of("a", "b"),
                new double[] {1, 1}, new double[] {1, 1}, new double[] {1, 1}, new long[] {1, 1})).render();
        assertFalse(html.contains("<th>AUC</th>"));
        assertFalse(html.contains("Average precision"));
        assertFalse(html.contains("class=\"weak\"") || html.contains("num weak"), "no class is below a mean all share");
        assertFalse(html.contains("below the mean recall"));
    }

    @Test
    void foldTableHasOneRowPerFoldThenMeanAndSampleDeviation() {
        String html = fullPage();

        assertTrue(html.contains("<tr><th>Fold</th><th>accuracy</th><th>F1 &lt;macro&gt;</th></tr>"), html);
        assertTrue(html.contains("<tr><th>2</th><td class=\"num\">0.9000</td><td class=\"num\">undefined</td></tr>"),
                html);
        // accuracy: mean 0.81, sd sqrt(0.0212 / 3) = 0.0841; F1 over 3 folds: mean 0.6, sd 0.1
        assertTrue(html.contains("<tr class=\"aggregate\"><th>Mean</th><td class=\"num\">0.8100</td>"
                + "<td class=\"num\">0.6000 <span class=\"note\">(3 of 4 folds)</span></td></tr>"), html);
        assertTrue(html.contains("<tr class=\"aggregate\"><th>Std. dev.</th><td class=\"num\">0.0841</td>"
                + "<td class=\"num\">0.1000 <span class=\"note\">(3 of 4 folds)</span></td></tr>"), html);
    }

    @Test
    void imagesAreRelativeEncodedAndCaptioned() {
        String html = fullPage();

        assertTrue(html.contains("<figure><img src=\"roc.png\" alt=\"ROC curves &lt;one vs rest&gt;\">"
                + "<figcaption>ROC curves &lt;one vs rest&gt;</figcaption></figure>"), html);
        assertTrue(html.contains("<img src=\"plots/reliability%20diagram%231.png\""), html);
        for (String bad : List.of("../x.png", "/tmp/x.png", "http://example/x.png", "a/../../x.png", " ")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HtmlReport.builder("t").image(bad, "c"));
            assertTrue(e.getMessage().contains("image file name is '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void percentEncodesNonAsciiAsUtf8() {
        assertEquals("caf%C3%A9%20%26%20co.png", HtmlReport.percentEncode("café & co.png"));
    }
}
