package dev.trainspark.pipeline.rebalance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RebalanceSpecTest {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static RebalanceSpec read(String json) throws Exception {
        return MAPPER.readValue(json, RebalanceSpec.class);
    }

    private static String failure(String json) {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class, () -> read(json));
        return e.getCause().getMessage();
    }

    @Test
    void emptySectionTakesTheDefaults() throws Exception {
        RebalanceSpec spec = read("{}");
        assertEquals(RebalanceSpec.defaults(), spec);
        assertEquals(RebalanceMethod.NONE, spec.rebalanceMethod());
        assertEquals("auto", spec.samplingStrategy());
        assertEquals(5, spec.kNeighbors());
        assertEquals(10, spec.mNeighbors());
        assertEquals(5, spec.nNeighbors());
        assertNull(spec.shrinkage());
        assertEquals(false, spec.replacement());
        assertEquals(10, spec.nSubsets());
        assertEquals(RebalanceSpec.ClassWeight.NONE, spec.classWeightKind());
        assertEquals(0.9999, spec.beta());
        assertEquals(false, spec.thresholdMoving());
        assertEquals(0.1, spec.validationFraction());
        assertEquals(RebalanceSpec.KnnSpace.THUMBNAIL, spec.knnSpaceKind());
        assertEquals(20000, spec.knnExactMaxClassSize());
        assertNull(spec.lshBucketLength());
        assertEquals(3, spec.lshNumTables());
    }

    @Test
    void snakeCaseKeysAreRead() throws Exception {
        RebalanceSpec spec = read("{\"method\": \"random_over\", \"sampling_strategy\": {\"cat\": 30}, \"k_neighbors\": 3,"
                + " \"m_neighbors\": 7, \"shrinkage\": 0.5, \"n_subsets\": 4, \"class_weight\": \"effective_number\","
                + " \"beta\": 0.99, \"knn_space\": \"embedding\", \"knn_model\": \"runs/x/model\", \"lsh_bucket_length\": 2.5}");
        assertEquals(RandomOverSampler.METHOD, spec.rebalanceMethod());
        assertEquals(new SamplingStrategy.Targets(new java.util.TreeMap<>(Map.of("cat", 30L))), spec.strategy());
        assertEquals(3, spec.kNeighbors());
        assertEquals(7, spec.mNeighbors());
        assertEquals(0.5, spec.shrinkage());
        assertEquals(4, spec.nSubsets());
        assertEquals(RebalanceSpec.ClassWeight.EFFECTIVE_NUMBER, spec.classWeightKind());
        assertEquals(RebalanceSpec.KnnSpace.EMBEDDING, spec.knnSpaceKind());
        assertEquals(2.5, spec.lshBucketLength());
        assertEquals(new SamplingStrategy.Ratio(0.5), read("{\"sampling_strategy\": 0.5}").strategy());
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAccepted() {
        String method = failure("{\"method\": \"smoteenn\"}");
        assertTrue(method.contains("rebalance.method is 'smoteenn'") && method.contains("random_over")
                && method.contains("easy_ensemble") && method.contains("tomek_links"), method);
        assertTrue(failure("{\"beta\": 1.0}").contains("rebalance.beta"));
        assertTrue(failure("{\"k_neighbors\": 0}").contains("rebalance.k_neighbors is 0"));
        assertTrue(failure("{\"shrinkage\": -1}").contains("rebalance.shrinkage"));
        assertTrue(failure("{\"validation_fraction\": 0}").contains("rebalance.validation_fraction"));
        assertTrue(failure("{\"knn_space\": \"embedding\"}").contains("rebalance.knn_model"));
        assertTrue(failure("{\"knn_space\": \"pixels\"}").contains("thumbnail, embedding"));
        assertTrue(failure("{\"class_weight\": \"balanced\"}").contains("inverse_frequency"));
        assertTrue(failure("{\"lsh_bucket_length\": 0}").contains("rebalance.lsh_bucket_length"));
        assertTrue(failure("{\"n_subsets\": 0}").contains("rebalance.n_subsets"));
        assertTrue(failure("{\"sampling_strategy\": \"most\"}").contains("rebalance.sampling_strategy is 'most'"));
    }

    @Test
    void strategyMustSuitTheMethod() {
        assertTrue(failure("{\"method\": \"random_over\", \"sampling_strategy\": \"majority\"}")
                .contains("over-sampling"));
        assertTrue(failure("{\"method\": \"cluster_centroids\", \"sampling_strategy\": \"minority\"}")
                .contains("under-sampling"));
        assertTrue(failure("{\"method\": \"tomek_links\", \"sampling_strategy\": {\"a\": 3}}").contains("cleaning"));
        assertTrue(failure("{\"method\": \"random_under\", \"sampling_strategy\": [\"a\"]}").contains("list of classes"));
    }
}
