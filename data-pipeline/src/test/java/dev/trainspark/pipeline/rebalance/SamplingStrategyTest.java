package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.BadParameterException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.trainspark.pipeline.rebalance.SamplerType.CLEAN_SAMPLING;
import static dev.trainspark.pipeline.rebalance.SamplerType.OVER_SAMPLING;
import static dev.trainspark.pipeline.rebalance.SamplerType.UNDER_SAMPLING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fixtures worked by hand from imbalanced-learn's check_sampling_strategy: over-sampling gives the
 * rows to add (majority size minus class size), under-sampling the rows to keep (the minority
 * size), ties broken by the first class in sorted label order.
 */
class SamplingStrategyTest {
    // c and d tie for the majority: c, first in label order, is the majority.
    private static final Map<String, Long> FOUR = Map.of("a", 10L, "b", 20L, "c", 30L, "d", 30L);
    private static final Map<String, Long> TWO = Map.of("x", 10L, "y", 40L);

    private static Map<String, Long> resolve(Object value, Map<String, Long> counts, SamplerType type) {
        return SamplingStrategy.parse(value).resolve(counts, type);
    }

    @Test
    void namedStrategiesForOverSampling() {
        assertEquals(Map.of("a", 20L, "b", 10L, "d", 0L), resolve("auto", FOUR, OVER_SAMPLING));
        assertEquals(Map.of("a", 20L, "b", 10L, "d", 0L), resolve("not majority", FOUR, OVER_SAMPLING));
        assertEquals(Map.of("b", 10L, "c", 0L, "d", 0L), resolve("not minority", FOUR, OVER_SAMPLING));
        assertEquals(Map.of("a", 20L), resolve("minority", FOUR, OVER_SAMPLING));
        assertEquals(Map.of("a", 20L, "b", 10L, "c", 0L, "d", 0L), resolve("all", FOUR, OVER_SAMPLING));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve("majority", FOUR, OVER_SAMPLING));
        assertTrue(e.getMessage().contains("rebalance.sampling_strategy is 'majority'"), e.getMessage());
    }

    @Test
    void namedStrategiesForUnderSampling() {
        assertEquals(Map.of("b", 10L, "c", 10L, "d", 10L), resolve("auto", FOUR, UNDER_SAMPLING));
        assertEquals(Map.of("b", 10L, "c", 10L, "d", 10L), resolve("not minority", FOUR, UNDER_SAMPLING));
        assertEquals(Map.of("a", 10L, "b", 10L, "d", 10L), resolve("not majority", FOUR, UNDER_SAMPLING));
        assertEquals(Map.of("c", 10L), resolve("majority", FOUR, UNDER_SAMPLING));
        assertEquals(Map.of("a", 10L, "b", 10L, "c", 10L, "d", 10L), resolve("all", FOUR, UNDER_SAMPLING));
        assertThrows(IllegalArgumentException.class, () -> resolve("minority", FOUR, UNDER_SAMPLING));
    }

    @Test
    void cleaningTakesNamesAndListsOnly() {
        SamplingStrategy auto = SamplingStrategy.parse("auto");
        assertEquals(Set.of("b", "c", "d"), auto.classesToClean(FOUR));
        assertEquals(Set.of("c"), SamplingStrategy.parse("majority").classesToClean(FOUR));
        assertEquals(Set.of("a", "b", "c", "d"), SamplingStrategy.parse("all").classesToClean(FOUR));
        assertEquals(Set.of("a", "c"), SamplingStrategy.parse(List.of("c", "a")).classesToClean(FOUR));
        assertEquals(Map.of("a", 10L, "c", 10L), resolve(List.of("c", "a"), FOUR, CLEAN_SAMPLING));
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse("minority").classesToClean(FOUR));
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(Map.of("a", 3)).classesToClean(FOUR));
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(0.5).classesToClean(TWO));
        assertThrows(BadParameterException.class, () -> SamplingStrategy.parse(List.of("a", "z")).classesToClean(FOUR));
        assertThrows(IllegalArgumentException.class, () -> resolve(List.of("a"), FOUR, OVER_SAMPLING));
        assertThrows(IllegalArgumentException.class, () -> resolve(List.of("a"), FOUR, UNDER_SAMPLING));
    }

    @Test
    void ratioFollowsTheMajorityOrMinorityWithTruncation() {
        assertEquals(Map.of("x", 10L), resolve(0.5, TWO, OVER_SAMPLING));
        // int(40 * 0.33 - 10) = int(3.2000000000000011) = 3
        assertEquals(Map.of("x", 3L), resolve(0.33, TWO, OVER_SAMPLING));
        assertEquals(Map.of("x", 30L), resolve(1, TWO, OVER_SAMPLING));
        assertEquals(Map.of("y", 20L), resolve(0.5, TWO, UNDER_SAMPLING));
        assertEquals(Map.of("y", 10L), resolve(1.0, TWO, UNDER_SAMPLING));
        // int(10 / 0.3) = 33
        assertEquals(Map.of("y", 33L), resolve(0.3, TWO, UNDER_SAMPLING));
    }

    @Test
    void ratioErrors() {
        BadParameterException nothingToAdd = assertThrows(BadParameterException.class, () -> resolve(0.25, TWO, OVER_SAMPLING));
        assertTrue(nothingToAdd.getMessage().contains("rebalance.sampling_strategy"), nothingToAdd.getMessage());
        assertThrows(BadParameterException.class, () -> resolve(0.2, TWO, UNDER_SAMPLING));
        // Equal classes: x is the majority, y would get int(10 - 10) = 0 rows.
        assertThrows(BadParameterException.class, () -> resolve(1.0, Map.of("x", 10L, "y", 10L), OVER_SAMPLING));
        BadParameterException multiclass = assertThrows(BadParameterException.class, () -> resolve(0.5, FOUR, OVER_SAMPLING));
        assertTrue(multiclass.getMessage().contains("two classes"), multiclass.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(0.0));
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(1.5));
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(-0.5));
    }

    @Test
    void mappingGivesRowsToAddOrToKeep() {
        assertEquals(Map.of("a", 5L, "b", 0L), resolve(Map.of("a", 15, "b", 20), FOUR, OVER_SAMPLING));
        // Above the majority is allowed (imbalanced-learn only warns).
        assertEquals(Map.of("a", 40L), resolve(Map.of("a", 50L), FOUR, OVER_SAMPLING));
        assertEquals(Map.of("c", 12L, "a", 0L), resolve(Map.of("c", 12, "a", 0), FOUR, UNDER_SAMPLING));
    }

    @Test
    void mappingErrors() {
        BadParameterException below = assertThrows(BadParameterException.class,
                () -> resolve(Map.of("a", 5), FOUR, OVER_SAMPLING));
        assertTrue(below.getMessage().contains("rebalance.sampling_strategy.a is 5"), below.getMessage());
        BadParameterException above = assertThrows(BadParameterException.class,
                () -> resolve(Map.of("c", 31), FOUR, UNDER_SAMPLING));
        assertTrue(above.getMessage().contains("rebalance.sampling_strategy.c is 31"), above.getMessage());
        BadParameterException unknown = assertThrows(BadParameterException.class,
                () -> resolve(Map.of("z", 5), FOUR, UNDER_SAMPLING));
        assertTrue(unknown.getMessage().contains("[z]") && unknown.getMessage().contains("[a, b, c, d]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(Map.of("a", -1)));
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(Map.of("a", 2.5)));
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(Map.of("a", "many")));
    }

    @Test
    void parsingAndDataErrors() {
        assertInstanceOf(SamplingStrategy.Named.class, SamplingStrategy.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse("balanced"));
        assertTrue(e.getMessage().contains("'balanced'") && e.getMessage().contains("'not majority'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplingStrategy.parse(true));
        assertThrows(BadDataException.class, () -> resolve("auto", Map.of("a", 5L), OVER_SAMPLING));
        assertThrows(BadDataException.class, () -> resolve("auto", Map.of("a", 5L, "b", 0L), OVER_SAMPLING));
    }
}
