package dev.trainspark.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Each schedule's rate at chosen iterations is its formula, warmup included, and survives DL4J's JSON. */
class LearningRateScheduleTest {
    private static final double LR = 0.1;

    private static OptimizerSpec optimizer(String updater, ScheduleSpec schedule) {
        return new OptimizerSpec(updater, LR, 0, 0, 0.9, 0, schedule, null, 0, 0);
    }

    private static ScheduleSpec schedule(String type, int warmup, double warmupStart, int stepSize, double gamma, int total,
                                         double minLr, double power) {
        return new ScheduleSpec(type, warmup, warmupStart, stepSize, gamma, total, minLr, power);
    }

    /** The rate DL4J's updater uses at {@code iteration}. */
    private static double rate(OptimizerSpec optimizer, int iteration) {
        return Updaters.of(optimizer).getLearningRate(iteration, 0);
    }

    private static void assertRates(OptimizerSpec optimizer, int[] iterations, double[] expected) {
        for (int i = 0; i < iterations.length; i++) {
            assertEquals(expected[i], rate(optimizer, iterations[i]), 1e-12, optimizer.schedule().type() + " at " + iterations[i]);
        }
    }

    @Test
    void constantKeepsTheRateAndBuildsNoSchedule() {
        OptimizerSpec constant = optimizer("adam", ScheduleSpec.constant());
        assertNull(Updaters.schedule(constant));
        assertRates(constant, new int[]{0, 1000}, new double[]{LR, LR});
    }

    @Test
    void stepMultipliesByGammaEveryStepSizeIterations() {
        OptimizerSpec step = optimizer("sgd", schedule("step", 0, 0, 10, 0.5, 0, 0, 0));
        assertRates(step, new int[]{0, 9, 10, 19, 20, 35}, new double[]{LR, LR, LR * 0.5, LR * 0.5, LR * 0.25, LR * 0.125});
    }

    @Test
    void exponentialMultipliesByGammaEveryIteration() {
        OptimizerSpec exp = optimizer("rmsprop", schedule("exponential", 0, 0, 0, 0.99, 0, 0, 0));
        assertRates(exp, new int[]{0, 1, 100}, new double[]{LR, LR * 0.99, LR * Math.pow(0.99, 100)});
    }

    @Test
    void cosineFallsFromTheRateToTheFloorOverTheTotalAndStaysThere() {
        OptimizerSpec cosine = optimizer("adam", schedule("cosine", 0, 0, 0, 0, 100, 0.001, 0));
        double quarter = 0.001 + (LR - 0.001) * (1 + Math.cos(Math.PI * 0.25)) / 2;
        assertRates(cosine, new int[]{0, 25, 50, 100, 150},
                new double[]{LR, quarter, (LR + 0.001) / 2, 0.001, 0.001});
    }

    @Test
    void polynomialFallsAsAPowerOfTheRemainingShare() {
        OptimizerSpec poly = optimizer("adagrad", schedule("polynomial", 0, 0, 0, 0, 100, 0.0, 2));
        assertRates(poly, new int[]{0, 50, 90, 100, 200}, new double[]{LR, LR * 0.25, LR * 0.01, 0, 0});
        OptimizerSpec linearToFloor = optimizer("adam", schedule("polynomial", 0, 0, 0, 0, 10, 0.02, 1));
        assertRates(linearToFloor, new int[]{5}, new double[]{0.02 + (LR - 0.02) * 0.5});
    }

    @Test
    void warmupRisesLinearlyFromItsStartThenTheDecayBeginsWhereItEnds() {
        // 10 warmup iterations from 0.1 x lr, then a cosine over the remaining 100.
        OptimizerSpec cosine = optimizer("momentum", schedule("cosine", 10, 0.1, 0, 0, 110, 0.0, 0));
        assertRates(cosine, new int[]{0, 5, 9, 10, 60, 110},
                new double[]{0.01, 0.01 + (LR - 0.01) * 0.5, 0.01 + (LR - 0.01) * 0.9, LR, LR / 2, 0});
        // A step schedule counts its steps from the end of the warmup.
        OptimizerSpec step = optimizer("nesterovs", schedule("step", 4, 0, 10, 0.5, 0, 0, 0));
        assertRates(step, new int[]{0, 2, 4, 13, 14}, new double[]{0, LR / 2, LR, LR, LR / 2});
        // A constant rate after a warmup.
        OptimizerSpec constant = optimizer("adamw", schedule("constant", 4, 0.5, 0, 0, 0, 0, 0));
        assertRates(constant, new int[]{0, 2, 4, 100}, new double[]{LR / 2, LR * 0.75, LR, LR});
    }

    @Test
    void aScheduleThatEndsWithTheRunTakesItsLengthFromTheTrainer() {
        OptimizerSpec open = optimizer("adam", schedule("cosine", 10, 0, 0, 0, 0, 0, 0));
        assertEquals(true, open.schedule().needsRunLength());
        OptimizerSpec sized = open.withRunLength(110);
        assertEquals(110, sized.schedule().totalIterations());
        assertEquals(LR / 2, rate(sized, 60), 1e-12);
        assertEquals(sized, sized.withRunLength(500), "a schedule with its own length keeps it");
        OptimizerSpec step = optimizer("adam", schedule("step", 0, 0, 10, 0.5, 0, 0, 0));
        assertEquals(step, step.withRunLength(500));
    }

    @Test
    void everyScheduleAndTheMomentumUpdaterRoundTripThroughDl4jJsonAndTheModelFile() throws Exception {
        ScheduleSpec[] schedules = {
                schedule("step", 3, 0.2, 10, 0.5, 0, 0, 0),
                schedule("exponential", 0, 0, 0, 0.99, 0, 0, 0),
                schedule("cosine", 5, 0, 0, 0, 60, 1e-4, 0),
                schedule("polynomial", 0, 0, 0, 0, 60, 0, 2),
        };
        String[] updaters = {"momentum", "adamw", "sgd", "rmsprop"};
        for (int s = 0; s < schedules.length; s++) {
            OptimizerSpec optimizer = new OptimizerSpec(updaters[s], LR, 0, 1e-5, 0.8, updaters[s].equals("adamw") ? 0.01 : 0,
                    schedules[s], "relu", 0.3, 1.0);
            NetworkSpec spec = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, optimizer, 7, null, null, 1.0);
            MultiLayerNetwork net = ((StackNetwork) Networks.build(spec)).network();
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
            String json = conf.toJson();
            MultiLayerConfiguration read = MultiLayerConfiguration.fromJson(json);
            assertEquals(conf, read, updaters[s] + " / " + schedules[s].type());
            assertEquals(json, read.toJson());

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelFiles.write(new StackNetwork(net), bytes, true);
            MultiLayerNetwork loaded = ((StackNetwork) ModelFiles.read(spec, new ByteArrayInputStream(bytes.toByteArray()), true))
                    .network();
            IUpdater updater = ((BaseLayer) loaded.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
            ISchedule built = Updaters.schedule(optimizer);
            assertNotNull(built);
            for (int iteration : new int[]{0, 2, 7, 30, 59, 80}) {
                assertEquals(built.valueAt(iteration, 0), updater.getLearningRate(iteration, 0), 0.0,
                        schedules[s].type() + " at " + iteration + " after reading the model file");
            }
        }
    }
}
