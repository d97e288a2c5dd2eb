package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // cat & dog: precision 5/6, recall 5/8, f1 5/7, support 8
        assertTrue(html.contains("<td>cat &amp; dog</td><td class=\"num\">0.8333</td>"
                + "<td class=\"num\">0.6250</td><td class=\"num\">0.7143</td><td class=\"num\">8</td>"), html);
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
}
