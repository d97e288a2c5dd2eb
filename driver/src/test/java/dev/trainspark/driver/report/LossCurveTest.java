package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.junit.jupiter.api.Test;

class LossCurveTest {

    @Test
    void rendersADecodablePng() throws Exception {
        ConfusionHeatmapTest.decodePng(LossCurve.png(ReportFixtures.rounds()));
    }

    @Test
    void plotsEveryRoundOnOneIndexAndStepsAtEpochBoundaries() {
        List<RoundEvent> shuffled = new ArrayList<>(ReportFixtures.rounds());
        Collections.reverse(shuffled);
        XYChart chart = LossCurve.chart(shuffled);

        var perRound = chart.getSeriesMap().get("loss per round");
        assertEquals(12, perRound.getXData().length);
        assertEquals(1.0, perRound.getXData()[0]);
        assertEquals(12.0, perRound.getXData()[11]);
        assertEquals(2.0, perRound.getYData()[0], 1e-12, "sorted back to (epoch, round) order");

        var epochMean = chart.getSeriesMap().get("epoch mean");
        // Epoch 0 mean = 2 - 0.05 * 1.5, drawn from round 0.5 to 4.5; epoch 1 starts where it ends.
        assertEquals(0.5, epochMean.getXData()[0], 1e-12);
        assertEquals(4.5, epochMean.getXData()[1], 1e-12);
        assertEquals(4.5, epochMean.getXData()[2], 1e-12);
        assertEquals(1.925, epochMean.getYData()[0], 1e-12);
        assertEquals(0.925, epochMean.getYData()[2], 1e-12);
    }

    @Test
    void drawsAroundADivergedRound() throws Exception {
        List<RoundEvent> events = new ArrayList<>(ReportFixtures.rounds());
        events.set(5, new RoundEvent(1, 1, Double.NaN, 1200.0, 6000, 5.0));
        ConfusionHeatmapTest.decodePng(LossCurve.png(events));
    }

    @Test
    void rejectsEventsWithoutAnyLoss() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossCurve.png(List.of()));
        assertTrue(e.getMessage().contains("0 round events"), e.getMessage());
    }
}
