package dev.trainspark.pipeline.split;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FoldSpecTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void defaults() {
        FoldSpec spec = FoldSpec.defaults();
        assertEquals(CvScheme.STRATIFIED_KFOLD, spec.kind());
        assertEquals(5, spec.nSplits());
        assertEquals(2, spec.nRepeats());
        assertEquals(0.2, spec.testSize());
        assertEquals(1, spec.p());
        assertEquals(100, spec.maxSplits());
        assertEquals(10, spec.nBootstraps());
    }

    @Test
    void readsSnakeCaseYamlAndFillsDefaults() throws Exception {
        FoldSpec spec = YAML.readValue("scheme: repeated_stratified_kfold\nn_splits: 3\nn_repeats: 4\n", FoldSpec.class);
        assertEquals(CvScheme.REPEATED_STRATIFIED_KFOLD, spec.kind());
        assertEquals(3, spec.nSplits());
        assertEquals(4, spec.nRepeats());
        assertEquals(0.2, spec.testSize());
        FoldSpec lpo = YAML.readValue("scheme: leave_p_out\np: 2\nmax_splits: 10\n", FoldSpec.class);
        assertEquals(2, lpo.p());
        assertEquals(10, lpo.maxSplits());
        assertEquals(5, YAML.readValue("n_bootstraps: 7\n", FoldSpec.class).nSplits());
    }

    @Test
    void badValuesNameKeyValueAndRange() {
        assertMessage("cv.scheme is 'loo'", "accepted: stratified_kfold, kfold",
                () -> new FoldSpec("loo", null, null, null, null, null, null));
        assertMessage("cv.n_splits is 1", ">= 2", () -> FoldSpec.of(CvScheme.KFOLD, 1));
        assertMessage("cv.n_splits is 0", ">= 1", () -> FoldSpec.of(CvScheme.SHUFFLE_SPLIT, 0));
        assertEquals(1, FoldSpec.of(CvScheme.SHUFFLE_SPLIT, 1).nSplits());
        assertMessage("cv.n_repeats is 0", ">= 1", () -> new FoldSpec(null, null, 0, null, null, null, null));
        assertMessage("cv.test_size is 1.0", "(0, 1)", () -> new FoldSpec(null, null, null, 1.0, null, null, null));
        assertMessage("cv.test_size is 0.0", "(0, 1)", () -> new FoldSpec(null, null, null, 0.0, null, null, null));
        assertMessage("cv.p is 0", ">= 1", () -> new FoldSpec(null, null, null, null, 0, null, null));
        assertMessage("cv.max_splits is 0", ">= 1", () -> new FoldSpec(null, null, null, null, null, 0, null));
        assertMessage("cv.n_bootstraps is 0", ">= 1", () -> new FoldSpec(null, null, null, null, null, null, 0));
    }

    private static void assertMessage(String start, String accepted, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertTrue(e.getMessage().contains(accepted), e.getMessage());
    }
}
