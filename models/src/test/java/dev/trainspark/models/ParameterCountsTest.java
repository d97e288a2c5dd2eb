package dev.trainspark.models;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParameterCountsTest {
    private static NetworkSpec spec(Architecture a, int side, int channels, double width) {
        return new NetworkSpec(a, side, side, channels, 5, new OptimizerSpec("adam", 1e-3, 0), 3, List.of(), null, width);
    }

    private static long allocated(NetworkSpec spec) {
        if (spec.architecture().definition() instanceof GraphDefinition graph) {
            ComputationGraph net = new ComputationGraph(graph.configure(spec));
            net.init();
            return net.numParams();
        }
        return Networks.build(spec).numParams();
    }

    @Test
    void theCountFromTheConfigurationIsWhatAnInitialisedNetworkHolds() {
        for (Architecture a : Architecture.values()) {
            for (NetworkSpec spec : List.of(spec(a, 28, 1, 0.25), spec(a, 32, 3, 0.25))) {
                long counted = ParameterCounts.of(spec);
                assertEquals(allocated(spec), counted, a.configName() + " at " + spec.height() + "x" + spec.width());
            }
        }
    }

    @Test
    void theWidthMultiplierScalesTheCount() {
        NetworkSpec full = spec(Architecture.SMALL_CNN_BN, 28, 1, 1);
        NetworkSpec half = spec(Architecture.SMALL_CNN_BN, 28, 1, 0.5);
        // conv 3x3 (no bias) + batch normalization for 16, 32, 64 filters, dense 64, output 5 classes
        long fullCount = (9 * 16 + 4 * 16) + (9 * 16 * 32 + 4 * 32) + (9 * 32 * 64 + 4 * 64) + (64 * 64 + 64) + (64 * 5 + 5);
        long halfCount = (9 * 8 + 4 * 8) + (9 * 8 * 16 + 4 * 16) + (9 * 16 * 32 + 4 * 32) + (32 * 32 + 32) + (32 * 5 + 5);
        assertEquals(fullCount, ParameterCounts.of(full));
        assertEquals(halfCount, ParameterCounts.of(half));
    }

    @Test
    void describeNamesTheArchitectureAndGroupsTheDigits() {
        NetworkSpec lenet = new NetworkSpec(Architecture.LENET, 28, 28, 1, 10, "adam", 1e-3, 0, 7);
        assertEquals("lenet (431,080 parameters)", ParameterCounts.describe(lenet));
    }
}
