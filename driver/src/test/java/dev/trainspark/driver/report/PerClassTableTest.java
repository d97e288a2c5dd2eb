package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PerClassTableTest {

    @Test
    void meanRecallSkipsUndefinedAndMarksOnlyClassesBelowIt() {
        PerClassTable t = PerClassTable.of(List.of("a", "b", "c"), new double[] {1, 1, 1},
                new double[] {0.8, Double.NaN, 0.4}, new double[] {1, 1, 1}, new long[] {5, 0, 5});
        assertEquals(0.6, t.meanRecall(), 1e-12);
        assertFalse(t.recallBelowMean(0));
        assertFalse(t.recallBelowMean(1), "an undefined recall is not marked");
        assertTrue(t.recallBelowMean(2));
        assertNull(t.auc());
    }

    @Test
    void rejectsColumnsOfTheWrongLengthOrRange() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class, () -> PerClassTable.of(
                List.of("a", "b"), new double[] {1, 1}, new double[] {1}, new double[] {1, 1}, new long[] {1, 1}));
        assertTrue(length.getMessage().startsWith("recall has 1 entries for 2 classNames"), length.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> PerClassTable.of(
                List.of("a"), new double[] {1}, new double[] {1}, new double[] {1}, new long[] {1})
                .withAuc(new double[] {1.5}));
        assertTrue(range.getMessage().contains("auc[0] is 1.5"), range.getMessage());
    }
}
