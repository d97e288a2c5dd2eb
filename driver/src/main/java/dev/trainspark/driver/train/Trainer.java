package dev.trainspark.driver.train;

import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.RoundSync;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.driver.report.RoundEvent;
import dev.trainspark.driver.run.Checkpoints;
import dev.trainspark.driver.run.EventLog;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.LossSpec;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.TrainableNetwork;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.models.Provenance;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.augment.RandomAffine;
import dev.trainspark.pipeline.ingest.DatasetDigest;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.pipeline.rebalance.ClassWeights;
import dev.trainspark.pipeline.rebalance.RebalanceSpec;
import dev.trainspark.pipeline.rebalance.ThresholdMoving;
import dev.trainspark.pipeline.split.HoldoutSpec;
import dev.trainspark.pipeline.split.StratifiedHoldout;
import dev.trainspark.workers.fit.BatchAugmenter;
import dev.trainspark.workers.fit.MinibatchSteps;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one path from training rows to a saved model, which {@code train}, {@code cv}, the benchmarks
 * and retraining all take: rebalance the training rows, shard them, fit by parameter averaging (one
 * network, or one per EasyEnsemble member), calibrate the decision offsets when asked, and save the
 * model with its provenance.
 */
public final class Trainer {
    /**
     * Where one model's files go in the run folder and how its progress lines start.
     *
     * @param folder sub-folder of the run ("" for the run itself, or e.g. {@code folds/fold-01/})
     * @param label  printed before every progress line ("" or e.g. {@code "fold 1/5  "})
     */
    public record Scope(String folder, String label) {
        public static final Scope RUN = new Scope("", "");

        public static Scope fold(int index, int count) {
            return new Scope(String.format("folds/fold-%02d/", index + 1), String.format("fold %d/%d  ", index + 1, count));
        }
    }

    /**
     * What a model is fitted on, and the rows it is scored on after every epoch.
     *
     * @param train          training rows of the ingested dataset (before rebalancing)
     * @param trainPerClass  their count per class, in class order
     * @param evaluation     the rows scored after every epoch, as ingested (for the provenance digest)
     * @param evaluationSet  the same rows decoded, cached by the caller
     */
    public record Rows(Dataset<Row> train, Map<String, Long> trainPerClass, Dataset<Row> evaluation,
                       JavaRDD<Sample> evaluationSet) {
    }

    /** A saved model and the history of its training, for the report. */
    public record Fitted(SavedModel model, EvaluationReport.History history) {
    }

    private final SparkSession spark;
    private final JavaSparkContext sc;
    private final TrainsparkConfig config;
    private final String resolvedYaml;
    private final RunDirectory run;
    private final PrintStream console;
    /** The model whose parameters the networks start from, or null to start from a fresh initialisation. */
    private final SavedModel warmStart;

    public Trainer(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this(spark, config, run, console, null);
    }

    private Trainer(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console, SavedModel warmStart) {
        this.warmStart = warmStart;
        this.spark = spark;
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.config = config;
        this.resolvedYaml = ConfigLoader.toYaml(config);
        this.run = run;
        this.console = console;
    }

    /**
     * Fails at once, before any data is read, when the cluster cannot run the configured training:
     * under {@code train.sync: allreduce}, fewer task slots than workers or dynamic allocation.
     */
    public static void requireClusterFor(SparkSession spark, TrainsparkConfig config) {
        if (config.train().roundSync() == RoundSync.ALLREDUCE) {
            AllreduceEpochs.requireSlots(spark.sparkContext(), config.train().workers());
        }
    }

    /**
     * This trainer, with every network starting from {@code model}'s parameters (member by member;
     * a single network for all members) instead of a fresh initialisation, e.g. the champion a
     * retrain continues from. Its networks must have the configured shape.
     */
    public Trainer warmStartedFrom(SavedModel model) {
        return new Trainer(spark, config, run, console, model);
    }

    /** Fits the configured model on {@code rows.train()} and saves it under {@code scope.folder() + model/}. */
    public Fitted train(PreparedData data, Rows rows, Scope scope) throws IOException {
        List<String> classes = data.classes();
        Preparation prepared = prepare(data, rows, scope);
        CalibrationSplit split = prepared.split();
        NetworkSpec spec = prepared.spec();

        List<ModelState> members = new ArrayList<>();
        List<RoundEvent> firstMemberRounds = new ArrayList<>();
        List<Rebalancing.Result> sets = prepared.sets();
        for (int m = 0; m < sets.size(); m++) {
            Member member = new Member(m, sets.size(), scope);
            EventLog events = new EventLog(run, member.eventsFile());
            ModelFit.Result fitted = fitMember(data, sets.get(m), spec, member, events, rows.evaluationSet(),
                    prepared.share().validation());
            members.add(fitted.state());
            // A learning rate lowered after divergence carries on to the next member and into the saved spec.
            spec = fitted.spec();
            if (m == 0) {
                firstMemberRounds.addAll(events.events());
            }
        }
        double[] offsets = split.validation() == null ? null : calibrate(split.validation(), classes, spec, members, scope);
        SavedModel model = new SavedModel(spec, classes, members, offsets, provenance(rows));
        model.write(HadoopModelFolder.of(run, scope.folder()));
        return new Fitted(model, new EvaluationReport.History(firstMemberRounds, new EpochLog(run, scope.folder()).firstMember(),
                sets.get(0).perClass()));
    }

    /** The training sets of the model's networks, and the network spec with the loss's class weights. */
    private record Preparation(ValidationShare share, CalibrationSplit split, NetworkSpec spec, List<Rebalancing.Result> sets) {
    }

    /** The holdouts for early stopping and threshold moving, the rebalancing (checked against the class counts first) and the loss's weights. */
    private Preparation prepare(PreparedData data, Rows rows, Scope scope) throws IOException {
        RebalanceSpec rebalance = config.rebalance();
        List<String> classes = data.classes();
        Rebalancing rebalancing = new Rebalancing(rebalance, classes, config.data().image().shape(), config.seed(),
                Rebalancing.embeddingModel(rebalance, run.files()));
        ValidationShare share = ValidationShare.of(config.train().earlyStopping(), rows.train(), rows.trainPerClass(),
                config.seed());
        if (share.validation() != null) {
            console.printf("%searly stopping: %d training images held out for validation %s%n", scope.label(),
                    share.validationSize(), share.validationPerClass());
        }
        CalibrationSplit split = CalibrationSplit.of(rebalance,
                new Rows(share.fit(), share.fitPerClass(), rows.evaluation(), rows.evaluationSet()), config.seed());
        if (split.validation() != null) {
            console.printf("%sthreshold moving: %d training images held out to choose the decision offsets%n", scope.label(),
                    split.validationSize());
        }
        rebalancing.validate(split.fitPerClass());
        NetworkSpec spec = withClassBalancedAlpha(
                config.networkSpec(classes.size()).withClassWeights(rebalancing.classWeights(split.fitPerClass())),
                classes, split.fitPerClass(), scope);
        if (!spec.classWeights().isEmpty()) {
            console.printf("%sclass weights (%s): %s%n", scope.label(), rebalance.classWeight(), spec.classWeights());
        }
        return new Preparation(share, split, spec, rebalancing.trainingSets(spark, split.fit(), split.fitPerClass()));
    }

    /**
     * What the model's first network is fitted on, dealt into {@code train.workers} shards: its spec and
     * shards exactly as {@link #train} makes them (the rows held out for threshold moving, the rebalancing
     * with its copies' warps, the loss's class weights), for a command that fits a network outside the
     * averaging rounds, e.g. the learning-rate range test. Closing it releases the cached shards.
     *
     * @param spec       the network with its loss's class weights
     * @param shards     the training rows, decoded and cached, one partition per worker
     * @param describe   the rebalancing's console line, or null
     */
    public record FirstNetworkInput(NetworkSpec spec, TrainingData shards, String describe, Runnable release)
            implements AutoCloseable {
        @Override
        public void close() {
            release.run();
        }
    }

    /** See {@link FirstNetworkInput}; under EasyEnsemble, the first member's training set. */
    public FirstNetworkInput firstNetworkInput(PreparedData data, Rows rows) throws IOException {
        Preparation prepared = prepare(data, rows, Scope.RUN);
        Rebalancing.Result set = prepared.sets().get(0);
        Broadcast<Map<String, float[]>> pixelStd = set.pixelStd() == null ? null : sc.broadcast(set.pixelStd());
        TrainingData shards = shard(data, set, pixelStd);
        return new FirstNetworkInput(prepared.spec(), shards, set.describe(), () -> release(shards, set, pixelStd));
    }

    /** A training set dealt into {@code train.workers} stratified shards, decoded and cached. */
    private TrainingData shard(PreparedData data, Rebalancing.Result set, Broadcast<Map<String, float[]>> pixelStd) {
        return set.recipes() == null
                ? TrainingData.shard(set.originals(), set.perClass(), data.classes(), config.data().image().shape(),
                config.train().workers(), config.seed())
                : TrainingData.shardRecipes(set.recipes(), data.rows(), set.perClass(), data.classes(),
                config.data().image().shape(), config.train().workers(), config.seed(), pixelStd,
                config.rebalance().augmentsCopies() ? RandomAffine.mild() : null);
    }

    private static void release(TrainingData shards, Rebalancing.Result set, Broadcast<Map<String, float[]>> pixelStd) {
        shards.shards().unpersist(false);
        if (set.recipes() != null) {
            set.recipes().unpersist(false);
        }
        if (pixelStd != null) {
            pixelStd.destroy();
        }
    }

    /** Class-balanced focal loss: its alpha is the effective-number weights of the training rows' class counts. */
    private NetworkSpec withClassBalancedAlpha(NetworkSpec spec, List<String> classes, Map<String, Long> perClass, Scope scope) {
        if (!spec.loss().kind().equals(LossSpec.CLASS_BALANCED_FOCAL)) {
            return spec;
        }
        long[] counts = classes.stream().mapToLong(c -> perClass.getOrDefault(c, 0L)).toArray();
        List<Double> alpha = Arrays.stream(ClassWeights.effectiveNumber(counts, config.rebalance().beta())).boxed().toList();
        console.printf("%sclass-balanced focal loss (gamma %s): alpha %s%n", scope.label(), spec.loss().gamma(), alpha);
        return spec.withLoss(spec.loss().withAlpha(alpha));
    }

    /** One network of the model: its index, and where its checkpoints and events go. */
    private record Member(int index, int count, Scope scope) {
        String label() {
            return scope.label() + (count > 1 ? String.format("member %d/%d  ", index + 1, count) : "");
        }

        private String name() {
            return count > 1 ? String.format("member-%02d", index + 1) : null;
        }

        String checkpointDir() {
            return scope.folder() + RunDirectory.CHECKPOINTS + (name() == null ? "" : "/" + name());
        }

        String eventsFile() {
            return scope.folder() + (name() == null ? RunDirectory.EVENTS : "events-" + name() + ".jsonl");
        }
    }

    /** @param validation the validation rows under early stopping, else null */
    private ModelFit.Result fitMember(PreparedData data, Rebalancing.Result set, NetworkSpec spec, Member member, EventLog events,
                                      JavaRDD<Sample> evaluationSet, Dataset<Row> validation) throws IOException {
        if (set.describe() != null) {
            console.printf("%s%s%n", member.label(), set.describe());
        }
        List<String> classes = data.classes();
        Broadcast<Map<String, float[]>> pixelStd = set.pixelStd() == null ? null : sc.broadcast(set.pixelStd());
        TrainingData shards = shard(data, set, pixelStd);
        JavaRDD<Sample> validationSet = validation == null ? null : TrainingData.evaluationSet(validation, classes,
                config.data().image().shape(), config.train().workers());
        try {
            int batch = config.train().evalBatchSize();
            EpochLog epochLog = new EpochLog(run, member.scope().folder());
            MinibatchSteps steps = new MinibatchSteps(config.select().selectionSpec(),
                    new BatchAugmenter(config.augment().pipeline(config.data().image().channels()), config.seed()),
                    config.train().prefetch());
            long[] perClass = classes.stream().mapToLong(c -> set.perClass().getOrDefault(c, 0L)).toArray();
            EarlyStopping stopping = validationSet == null ? null : new EarlyStopping(config.train().earlyStopping(),
                    state -> Evaluation.validationScores(sc, validationSet, spec, state, batch, classes),
                    epochLog.validation(member.index()));
            return new ModelFit(sc, config.train(), steps, config.seed(), resolvedYaml, console, perClass)
                    .fit(shards, spec, new Checkpoints(run, member.checkpointDir()), events,
                            state -> Evaluation.quickScores(sc, evaluationSet, spec, state, batch, classes),
                            score -> epochLog.record(member.index(), List.of(score)), initialState(spec, member),
                            member.label(), stopping);
        } finally {
            release(shards, set, pixelStd);
            if (validationSet != null) {
                validationSet.unpersist(false);
            }
        }
    }

    private ModelState initialState(NetworkSpec spec, Member member) {
        if (warmStart == null) {
            return null;
        }
        float[] params = warmStart.members().get(Math.min(member.index(), warmStart.members().size() - 1)).params();
        TrainableNetwork net = Networks.build(spec);
        if (params.length != net.numParams()) {
            throw new BadParameterException("retrain.warm_start is true, but the champion's network (" + warmStart.spec()
                    .architecture().configName() + ", " + params.length + " parameters) does not fit the configured one ("
                    + spec.architecture().configName() + ", " + net.numParams() + " parameters); accepted: the champion's "
                    + "model.architecture and data.image size, or retrain.warm_start=false");
        }
        net.setParams(params);
        // The updater state starts fresh: a saved model keeps only parameters.
        return ModelState.of(net);
    }

    /** Per-class decision offsets chosen on the held-out share of the training rows. */
    private double[] calibrate(Dataset<Row> validation, List<String> classes, NetworkSpec spec, List<ModelState> members,
                               Scope scope) {
        JavaRDD<Sample> validationRows = TrainingData.evaluationSet(validation, classes, config.data().image().shape(),
                config.train().workers());
        double[] offsets;
        try (Evaluation scored = Evaluation.score(sc, validationRows, spec, members, null, config.train().evalBatchSize())) {
            // The validation split is a small share of the training rows; its probabilities are
            // what the offsets are chosen from.
            List<Prediction> rows = scored.predictions().collect();
            float[][] probabilities = new float[rows.size()][];
            int[] labels = new int[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                probabilities[i] = rows.get(i).probabilities();
                labels[i] = rows.get(i).label();
            }
            offsets = new ThresholdMoving().fit(probabilities, labels);
        } finally {
            validationRows.unpersist(false);
        }
        console.printf("%sthreshold moving: decision offsets %s%n", scope.label(), Arrays.toString(offsets));
        return offsets;
    }

    private Provenance provenance(Rows rows) {
        return new Provenance(Provenance.currentVersion(), sha256(resolvedYaml), config.seed(), DatasetDigest.of(rows.train()),
                rows.evaluation() == null ? null : DatasetDigest.of(rows.evaluation()), null, Instant.now().toString(),
                spark.sparkContext().applicationId());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * The training rows the networks are fitted on, and, under threshold moving, the stratified
     * share of them held out to choose the decision offsets.
     */
    private record CalibrationSplit(Dataset<Row> fit, Map<String, Long> fitPerClass, Dataset<Row> validation,
                                    long validationSize) {
        static CalibrationSplit of(RebalanceSpec rebalance, Rows rows, long seed) {
            if (!rebalance.thresholdMoving()) {
                return new CalibrationSplit(rows.train(), rows.trainPerClass(), null, 0);
            }
            StratifiedHoldout holdout = new StratifiedHoldout(new HoldoutSpec(rebalance.validationFraction(), null), seed + 2);
            Map<String, Long> validationPerClass = holdout.testCounts(rows.trainPerClass());
            StratifiedHoldout.Split split = holdout.apply(rows.train(), rows.trainPerClass());
            Map<String, Long> fitPerClass = new LinkedHashMap<>(rows.trainPerClass());
            validationPerClass.forEach((c, n) -> fitPerClass.put(c, fitPerClass.get(c) - n));
            return new CalibrationSplit(split.train(), fitPerClass, split.test(),
                    validationPerClass.values().stream().mapToLong(Long::longValue).sum());
        }
    }
}
