package dev.trainspark.bench;

import dev.trainspark.models.TrainableNetwork;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.workers.evaluate.PartitionPredictor;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.Sample;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code bench predict}: inference images/s of a network and of its batch-norm-folded copy on the
 * same generated images, through the executors' scoring code ({@link PartitionPredictor}: batching,
 * forward pass, argmax), run here in the driver JVM; no Spark session is needed. The network is
 * first trained for a few steps on the images so its normalizations hold statistics of their own.
 * Both get one untimed warm-up pass; then timed passes alternate between the two, so drift in the
 * machine's speed falls on both alike, and the median pass of each is reported.
 */
public final class PredictBenchmark {
    private static final int TRAINING_STEPS = 3;

    private PredictBenchmark() {
    }

    /** @return the figures for {@code metrics.json} */
    public static Map<String, Object> run(NetworkSpec spec, int images, int batchSize, int repetitions, long seed,
                                          PrintStream console) {
        List<Sample> samples = generated(spec, images, seed);
        TrainableNetwork trained = Networks.build(spec);
        for (int step = 0; step < TRAINING_STEPS; step++) {
            Minibatch batch = Minibatch.of(samples.subList(0, Math.min(samples.size(), 32)), spec.channels(), spec.height(),
                    spec.width(), spec.numClasses());
            trained.fit(batch.features(), batch.labels());
        }
        TrainableNetwork folded = Networks.build(spec.asInferenceOnly());
        folded.setParams(trained.foldedParams());
        Contender unfolded = new Contender("unfolded", spec, trained, batchSize);
        Contender foldedOne = new Contender("folded", spec.asInferenceOnly(), folded, batchSize);

        console.printf("bench predict: %s width %s, %dx%dx%d, %d classes, %d generated images, batch %d, %d timed passes each "
                        + "after 1 warm-up, %d cores; PartitionPredictor in this JVM, no Spark session%n",
                spec.architecture().configName(), spec.widthMultiplier(), spec.height(), spec.width(), spec.channels(),
                spec.numClasses(), images, batchSize, repetitions, Runtime.getRuntime().availableProcessors());
        double diff = maxAbsDiff(unfolded.score(samples), foldedOne.score(samples));
        double[] unfoldedSeconds = new double[repetitions];
        double[] foldedSeconds = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            unfoldedSeconds[r] = unfolded.timedPass(samples);
            foldedSeconds[r] = foldedOne.timedPass(samples);
        }
        double unfoldedRate = images / median(unfoldedSeconds);
        double foldedRate = images / median(foldedSeconds);
        unfolded.report(console, unfoldedRate);
        foldedOne.report(console, foldedRate);
        console.printf("max abs difference of the class probabilities: %.2e%n", diff);
        console.printf("ratio folded/unfolded images/s = %.2f%n", foldedRate / unfoldedRate);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("architecture", spec.architecture().configName());
        metrics.put("width", spec.widthMultiplier());
        metrics.put("images", images);
        metrics.put("batch_size", batchSize);
        metrics.put("unfolded", unfolded.figures(unfoldedRate, unfoldedSeconds));
        metrics.put("folded", foldedOne.figures(foldedRate, foldedSeconds));
        metrics.put("max_abs_probability_difference", diff);
        metrics.put("ratio_folded_unfolded", foldedRate / unfoldedRate);
        return metrics;
    }

    /** One network scored as an executor scores it: its spec and its parameters, nothing else. */
    private record Contender(String name, NetworkSpec spec, ModelState state, int layers, PartitionPredictor predictor) {
        Contender(String name, NetworkSpec spec, TrainableNetwork net, int batchSize) {
            this(name, spec, new ModelState(net.params().toFloatVector(), new float[0]), net.layerCount(),
                    new PartitionPredictor(spec, batchSize, null));
        }

        List<Prediction> score(List<Sample> samples) {
            List<Prediction> out = new ArrayList<>(samples.size());
            predictor.predict(samples.iterator(), List.of(state)).forEachRemaining(out::add);
            return out;
        }

        double timedPass(List<Sample> samples) {
            long start = System.nanoTime();
            Iterator<Prediction> predictions = predictor.predict(samples.iterator(), List.of(state));
            int n = 0;
            while (predictions.hasNext()) {
                predictions.next();
                n++;
            }
            if (n != samples.size()) {
                throw new IllegalStateException(name + " scored " + n + " of " + samples.size() + " images");
            }
            return (System.nanoTime() - start) / 1e9;
        }

        void report(PrintStream console, double rate) {
            console.printf("%-9s %3d layers, %,d parameters: %.1f images/s (median)%n", name + ":", layers, state.params().length, rate);
        }

        Map<String, Object> figures(double rate, double[] seconds) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layers", layers);
            m.put("parameters", state.params().length);
            m.put("images_per_s", rate);
            m.put("pass_seconds", seconds);
            return m;
        }
    }

    /** Uniform random pixels in [0, 1) and labels, seeded. */
    private static List<Sample> generated(NetworkSpec spec, int images, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>(images);
        for (int i = 0; i < images; i++) {
            float[] pixels = new float[spec.inputSize()];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (float) random.nextDouble();
            }
            samples.add(new Sample("img-" + i, random.nextInt(spec.numClasses()), pixels, "generated/" + i));
        }
        return samples;
    }

    private static double maxAbsDiff(List<Prediction> a, List<Prediction> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            float[] p = a.get(i).probabilities();
            float[] q = b.get(i).probabilities();
            for (int c = 0; c < p.length; c++) {
                max = Math.max(max, Math.abs(p[c] - q[c]));
            }
        }
        return max;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
