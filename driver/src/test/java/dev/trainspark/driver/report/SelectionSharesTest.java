package dev.trainspark.driver.report;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectionSharesTest {
    private static RoundEvent round(int epoch, int round, Long... selected) {
        return new RoundEvent(epoch, round, 0.5, 100, 32, 0.3, new RoundSelection(64, List.of(selected), null));
    }

    private static final List<RoundEvent> ROUNDS = List.of(
            round(1, 1, 10L, 6L), round(1, 2, 10L, 6L),
            round(2, 1, 4L, 12L),
            new RoundEvent(3, 1, 0.4, 100, 32, 0.3, null));

    @Test
    void sumsTheRowsKeptPerClassOverEachEpochsRounds() {
        TreeMap<Integer, long[]> perEpoch = SelectionShares.perEpoch(ROUNDS);
        assertEquals(List.of(1, 2), List.copyOf(perEpoch.keySet()), "an epoch without selection figures is left out");
        assertArrayEquals(new long[] {20, 12}, perEpoch.get(1));
        assertArrayEquals(new long[] {4, 12}, perEpoch.get(2));
        assertTrue(SelectionShares.perEpoch(List.of(new RoundEvent(1, 1, 0.4, 100, 32, 0.3, null))).isEmpty());
    }

    @Test
    void plotsEachClassShareAgainstItsShareByChance() throws Exception {
        TreeMap<Integer, long[]> perEpoch = SelectionShares.perEpoch(ROUNDS);
        XYChart chart = SelectionShares.chart(List.of("cat", "dog"), perEpoch, new double[] {0.5, 0.5});
        assertArrayEquals(new double[] {1, 2}, chart.getSeriesMap().get("cat").getXData());
        assertArrayEquals(new double[] {20.0 / 32, 4.0 / 16}, chart.getSeriesMap().get("cat").getYData(), 1e-12);
        assertArrayEquals(new double[] {12.0 / 32, 12.0 / 16}, chart.getSeriesMap().get("dog").getYData(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, chart.getSeriesMap().get("dog by chance").getYData(), 1e-12);
        PngAssertions.assertChartPng(SelectionShares.png(List.of("cat", "dog"), perEpoch, new double[] {0.5, 0.5}), 900, 480);
    }

    @Test
    void refusesARunWithoutSelection() {
        assertThrows(IllegalArgumentException.class, () -> SelectionShares.chart(List.of("a"), new TreeMap<>(), new double[] {1}));
    }
}
