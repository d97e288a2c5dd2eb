package dev.trainspark.bench;

import dev.trainspark.pipeline.metrics.MetricsOptions;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class MetricsBenchmarkTest {

    @Test
    void smallRunMeasuresBothModesWithRealisticAucAndFlatDriverState(SparkSession spark) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<MetricsBenchmark.Measurement> results = MetricsBenchmark.run(spark, new long[] {1_000, 4_000}, 10, 7,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(4, results.size());
        for (MetricsBenchmark.Measurement m : results) {
            assertTrue(m.aucOvrMacro() > 0.8 && m.aucOvrMacro() < 0.97, "auc " + m.aucOvrMacro());
            assertTrue(m.seconds() > 0 && m.peakHeapAfterGcBytes() > 0);
        }
        // Exact and binned agree within the binned bound.
        assertTrue(Math.abs(results.get(2).aucOvrMacro() - results.get(3).aucOvrMacro())
                <= results.get(3).aucErrorBound() + 1e-12);
        assertEquals(MetricsOptions.CurveMode.EXACT, results.get(0).mode());
        assertEquals(0.0, results.get(0).aucErrorBound());
        // The merged state has the same size for 1,000 and 4,000 predictions.
        assertEquals(results.get(1).stateBytes(), results.get(3).stateBytes());
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("n=4,000 binned"), text);
    }

    @Test
    void exactModeAtTheReferenceSizeIsPrintedAgainstScikitLearn() {
        MetricsBenchmark.Measurement exact = new MetricsBenchmark.Measurement(10_000_000L,
                MetricsOptions.CurveMode.EXACT, 58, 90, 1, 2, 3, 4, 0.92, 0);
        MetricsBenchmark.Measurement binned = new MetricsBenchmark.Measurement(10_000_000L,
                MetricsOptions.CurveMode.BINNED, 10, 15, 1, 2, 3, 4, 0.92, 1e-5);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        MetricsBenchmark.printReference(List.of(binned, exact), 10, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("58.00 s; ratio exact/scikit-learn reference (116 s) = 0.50 (target <= 1.0"), text);

        printed.reset();
        MetricsBenchmark.printReference(List.of(exact), 5, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("  no ratio"), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void syntheticPredictionsAreAFunctionOfTheIndex() {
        assertEquals(MetricsBenchmark.prediction(41, 10, 3), MetricsBenchmark.prediction(41, 10, 3));
        float sum = 0;
        for (float p : MetricsBenchmark.prediction(41, 10, 3).probabilities()) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-5f);
    }
}
