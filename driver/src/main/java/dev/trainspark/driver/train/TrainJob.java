package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.report.ConfusionHeatmap;
import dev.trainspark.driver.report.HtmlReport;
import dev.trainspark.driver.report.LossCurve;
import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.run.Checkpoint;
import dev.trainspark.driver.run.Checkpoints;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.ModelFiles;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.pipeline.ingest.DatasetInfo;
import dev.trainspark.pipeline.ingest.ImageIngest;
import dev.trainspark.pipeline.metrics.ClassificationMetrics;
import dev.trainspark.pipeline.split.LongTail;
import dev.trainspark.pipeline.split.StratifiedHoldout;
import dev.trainspark.workers.fit.ModelState;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code train} command: dataset, seeded stratified holdout (optionally long-tailed), stratified
 * shards, parameter-averaging epochs with a checkpoint after each, distributed evaluation, model,
 * metrics and report.
 */
public final class TrainJob {
    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final String resolvedYaml;
    private final RunDirectory run;
    private final PrintStream console;

    public TrainJob(SparkSession spark, TrainsparkConfig config, String resolvedYaml, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.resolvedYaml = resolvedYaml;
        this.run = run;
        this.console = console;
    }

    /** What the run produced. */
    public record Outcome(ClassificationMetrics metrics, ModelState state, int epochs) {
    }

    public Outcome run() throws IOException {
        long seed = config.seed();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path datasetDir = DatasetSource.resolve(spark, config.data(), run, console);
        DatasetInfo info = ImageIngest.readInfo(run.files(), datasetDir);
        Dataset<Row> rows = new ImageIngest(spark).rows(datasetDir);

        StratifiedHoldout holdout = new StratifiedHoldout(config.split().holdout(), seed);
        Map<String, Long> testPerClass = holdout.testCounts(info.perClass());
        StratifiedHoldout.Split split = holdout.apply(rows, info.perClass());
        Map<String, Long> trainPerClass = new LinkedHashMap<>();
        info.perClass().forEach((c, n) -> trainPerClass.put(c, n - testPerClass.get(c)));
        Dataset<Row> train = split.train();
        Double ratio = config.split().longTailRatio();
        if (ratio != null && ratio > 1) {
            LongTail tail = new LongTail(ratio, seed + 1);
            Map<String, Long> targets = tail.targets(info.classes(), trainPerClass);
            train = tail.apply(train, info.classes(), trainPerClass);
            targets.forEach((c, n) -> trainPerClass.put(c, Math.min(n, trainPerClass.get(c))));
        }
        printClassTable(info.classes(), trainPerClass, testPerClass);

        NetworkSpec spec = config.networkSpec(info.classes().size());
        int workers = config.train().workers();
        TrainingData data = TrainingData.shard(train, trainPerClass, info.classes(), config.data().image().shape(), workers, seed);
        JavaRDD<Sample> test = TrainingData.evaluationSet(split.test(), info.classes(), config.data().image().shape(), workers);

        ParameterAveraging averaging = new ParameterAveraging(sc, spec, config.train().batchSize(),
                config.train().averagingFrequency(), seed);
        Checkpoints checkpoints = new Checkpoints(run);
        EventLog events = new EventLog(run);
        ModelState state;
        int startEpoch;
        var resumed = checkpoints.latest();
        if (resumed.isPresent()) {
            Checkpoint c = resumed.get();
            state = c.state();
            startEpoch = c.epochsDone();
            events.restore(startEpoch);
            console.printf("resume: continuing after epoch %d from %s%n", startEpoch, run.path(RunDirectory.CHECKPOINTS));
        } else {
            state = ModelState.of(Networks.build(spec));
            startEpoch = 0;
        }
        int epochs = config.train().epochs();
        console.printf("train: %s, %d workers, %d rounds per epoch (batch %d, averaging every %d minibatches), %d epochs%n",
                spec.architecture().configName(), workers, averaging.roundsPerEpoch(data.maxShardSize()),
                config.train().batchSize(), config.train().averagingFrequency(), epochs);
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            int shownEpoch = epoch + 1;
            state = averaging.fitEpoch(data.shards(), data.maxShardSize(), state, epoch, (e, round, rounds, result, seconds) -> {
                RoundEvent event = new RoundEvent(e + 1, round + 1, result.meanLoss(), result.examples() / seconds,
                        result.examples(), seconds);
                events.append(event);
                console.printf("epoch %d/%d  round %d/%d  loss %.4f  %.0f images/s%n", shownEpoch, epochs,
                        round + 1, rounds, result.meanLoss(), event.examplesPerSecond());
            });
            int iteration = (epoch + 1) * averaging.batchesPerEpoch(data.maxShardSize());
            checkpoints.write(new Checkpoint(epoch + 1, iteration, seed, state), resolvedYaml);
            ClassificationMetrics m = ClassificationMetrics.of(
                    Evaluation.confusion(sc, test, spec, state, config.train().evalBatchSize()), info.classes());
            console.printf("epoch %d/%d done: test accuracy %.4f, balanced accuracy %.4f (checkpoint written)%n",
                    shownEpoch, epochs, m.accuracy(), m.balancedAccuracy());
        }

        ClassificationMetrics metrics = ClassificationMetrics.of(
                Evaluation.confusion(sc, test, spec, state, config.train().evalBatchSize()), info.classes());
        run.writeJson(RunDirectory.METRICS, metrics.toJsonMap());
        saveModel(spec, state, info.classes());
        writeReport(metrics, events.events(), spec, trainPerClass, testPerClass);
        data.shards().unpersist(false);
        test.unpersist(false);
        console.printf("result: accuracy %.4f  balanced_accuracy %.4f  macro_f1 %.4f  (test split, %d images)%n",
                metrics.accuracy(), metrics.balancedAccuracy(), metrics.macroF1(),
                testPerClass.values().stream().mapToLong(Long::longValue).sum());
        console.printf("run folder: %s%n", run.dir());
        return new Outcome(metrics, state, epochs);
    }

    private void printClassTable(List<String> classes, Map<String, Long> train, Map<String, Long> test) {
        console.printf("split: %-12s %8s %8s%n", "class", "train", "test");
        for (String c : classes) {
            console.printf("split: %-12s %8d %8d%n", c, train.get(c), test.get(c));
        }
    }

    private void saveModel(NetworkSpec spec, ModelState state, List<String> classes) throws IOException {
        MultiLayerNetwork net = Networks.build(spec);
        net.setParams(Nd4j.create(state.params()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFiles.write(net, bytes, false);
        run.writeBytes(RunDirectory.MODEL + "/" + ModelFiles.NETWORK, bytes.toByteArray());
        run.writeJson(RunDirectory.MODEL + "/classes.json", classes);
        run.writeJson(RunDirectory.MODEL + "/spec.json", spec);
    }

    private void writeReport(ClassificationMetrics metrics, List<RoundEvent> events, NetworkSpec spec,
                             Map<String, Long> train, Map<String, Long> test) {
        run.writeBytes("confusion_matrix.png", ConfusionHeatmap.png(metrics));
        run.writeBytes("loss.png", LossCurve.png(events));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("network", spec.architecture().configName() + " (" + spec.updater() + ", lr " + spec.learningRate() + ")");
        facts.put("workers", String.valueOf(config.train().workers()));
        facts.put("epochs", String.valueOf(config.train().epochs()));
        facts.put("batch size / averaging frequency", config.train().batchSize() + " / " + config.train().averagingFrequency());
        facts.put("training images per class", train.toString());
        facts.put("test images per class", test.toString());
        facts.put("seed", String.valueOf(config.seed()));
        run.writeText(RunDirectory.REPORT, HtmlReport.render("trainspark train: " + run.dir().getName(), metrics, facts,
                List.of("confusion_matrix.png", "loss.png")));
    }
}
