package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FoldTableTest {

    @Test
    void meanAndSampleStandardDeviationPerMetric() {
        FoldTable t = new FoldTable(List.of("accuracy", "kappa"), List.of(
                new double[] {0.80, 0.5}, new double[] {0.90, Double.NaN}, new double[] {0.70, 0.7}, new double[] {0.84, 0.6}));
        // accuracy: mean 3.24 / 4 = 0.81; squares 0.0001 + 0.0081 + 0.0121 + 0.0009 = 0.0212; / 3
        assertEquals(0.81, t.mean(0), 1e-12);
        assertEquals(Math.sqrt(0.0212 / 3), t.standardDeviation(0), 1e-12);
        // kappa over its 3 defined folds: mean 0.6, squares 0.02, / 2
        assertEquals(3, t.definedCount(1));
        assertEquals(0.6, t.mean(1), 1e-12);
        assertEquals(0.1, t.standardDeviation(1), 1e-12);
    }

    @Test
    void oneDefinedFoldHasAMeanButNoDeviation() {
        FoldTable t = new FoldTable(List.of("m"), List.of(new double[] {0.5}, new double[] {Double.NaN}));
        assertEquals(0.5, t.mean(0));
        assertTrue(Double.isNaN(t.standardDeviation(0)));
    }

    @Test
    void rejectsARowOfTheWrongWidthAndInfiniteValues() {
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> new FoldTable(List.of("a", "b"), List.of(new double[] {1, 2}, new double[] {1})));
        assertTrue(width.getMessage().startsWith("folds[1] has 1 values for 2 metricNames"), width.getMessage());
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class,
                () -> new FoldTable(List.of("a"), List.of(new double[] {Double.POSITIVE_INFINITY})));
        assertTrue(inf.getMessage().contains("folds[0][0] (a) is Infinity"), inf.getMessage());
    }

    @Test
    void cannotBeChangedThroughItsArrays() {
        double[] row = {0.5};
        FoldTable t = new FoldTable(List.of("a"), List.of(row));
        row[0] = 0.9;
        t.folds().get(0)[0] = 0.9;
        assertEquals(0.5, t.mean(0));
    }
}
