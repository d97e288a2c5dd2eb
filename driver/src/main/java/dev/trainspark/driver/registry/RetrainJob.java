package dev.trainspark.driver.registry;

import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.EvaluationReport;
import dev.trainspark.driver.train.ModelEvaluation;
import dev.trainspark.driver.train.PreparedData;
import dev.trainspark.driver.train.Trainer;
import dev.trainspark.driver.train.TrainingData;
import dev.trainspark.models.Provenance;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.metrics.FullMetrics;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code retrain} command, run while holding the registry lease: ingest the current data, take
 * the frozen evaluation split (freezing it the first time), train a challenger with the
 * {@link Trainer} (from the champion's parameters when {@code retrain.warm_start}), score champion
 * and challenger on the same evaluation rows, decide by the {@link PromotionRule}, and register the
 * challenger, promoted or not. Nothing reaches the registry before the challenger is scored; a
 * retrain that dies earlier leaves it as it was.
 */
public final class RetrainJob {
    static final String CHAMPION = "champion/";
    static final String CHALLENGER = "challenger/";
    public static final String COMPARISON = "comparison.json";

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final ModelRegistry registry;
    private final RegistryLease lease;
    private final PrintStream console;

    public RetrainJob(SparkSession spark, TrainsparkConfig config, RunDirectory run, ModelRegistry registry, RegistryLease lease,
                      PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.registry = registry;
        this.lease = lease;
        this.console = console;
    }

    /** What the retrain registered and decided. */
    public record Outcome(int version, PromotionRule.Decision decision) {
    }

    public Outcome run() throws IOException {
        Instant started = Instant.now();
        for (Path left : registry.removeIncomplete()) {
            console.printf("registry: removed %s, left by a retrain that did not finish%n", left);
        }
        // A cluster that cannot run the configured training says so before the data is prepared.
        Trainer.requireClusterFor(spark, config);
        PreparedData data = PreparedData.load(spark, config, run, console);
        FrozenEvaluation split = FrozenEvaluation.of(spark, registry, data);
        console.printf("retrain: %s evaluation split of %d images %s%n", split.incoming() == null ? "the registry's frozen" : "a new",
                split.evaluationSize(), split.incoming() == null ? "(identical images for every version)"
                        : "(frozen in the registry with the first version)");
        console.printf("split: %-12s %8s %8s%n", "class", "train", "eval");
        data.classes().forEach(c -> console.printf("split: %-12s %8d %8d%n", c, split.trainPerClass().get(c),
                split.evaluationPerClass().get(c)));

        Aliases aliases = registry.aliases();
        Integer championVersion = aliases.champion();
        SavedModel champion = championVersion == null ? null : registry.model(championVersion);
        if (champion != null && !champion.classes().equals(data.classes())) {
            throw new BadDataException("the champion (version " + championVersion + ") has the classes " + champion.classes()
                    + ", the data " + data.classes() + "; accepted: data with the champion's classes");
        }
        JavaRDD<Sample> evaluationSet = TrainingData.evaluationSet(split.evaluation(), data.classes(),
                config.data().image().shape(), config.train().workers());
        try {
            Trainer trainer = new Trainer(spark, config, run, console);
            boolean warm = config.retrain().warmStart() && champion != null;
            if (warm) {
                console.printf("retrain: warm start from the champion, version %d%n", championVersion);
                trainer = trainer.warmStartedFrom(champion);
            }
            Trainer.Fitted fitted = trainer.train(data, new Trainer.Rows(split.train(), split.trainPerClass(),
                    split.evaluation(), evaluationSet), Trainer.Scope.RUN);
            ModelEvaluation evaluation = new ModelEvaluation(JavaSparkContext.fromSparkContext(spark.sparkContext()), config);
            FullMetrics challengerMetrics = evaluation.evaluate(evaluationSet, fitted.model(), run, CHALLENGER,
                    "trainspark retrain: challenger", facts("challenger (this run)", split), fitted.history(), null);
            FullMetrics championMetrics = champion == null ? null : evaluation.evaluate(evaluationSet, champion, run, CHAMPION,
                    "trainspark retrain: champion", facts("champion, version " + championVersion, split),
                    EvaluationReport.History.none(), null);
            PromotionRule.Decision decision = PromotionRule.of(config.retrain()).decide(
                    championMetrics == null ? null : Scores.of(championMetrics.toJsonMap()), Scores.of(challengerMetrics.toJsonMap()));

            int version = registry.nextVersion();
            PromotionRule.table(decision.rows()).forEach(line -> console.println("retrain: " + line));
            console.printf("decision: %s: %s%n", decision.promote() ? "promote version " + version + " to champion"
                    : "keep the champion (version " + championVersion + "); version " + version + " is registered as challenger",
                    decision.reason());
            new RetrainReport(run).write(registry.name(), version, championVersion, decision, championMetrics, challengerMetrics,
                    split.evaluationSize());

            SavedModel model = withParent(fitted.model(), warm ? "registry:" + registry.name() + "@" + championVersion : null);
            register(version, model, challengerMetrics, decision, championVersion, warm, started, split);
            Aliases now = aliases.registered(version, decision.promote());
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event", "retrain");
            event.put("version", version);
            event.put("promoted", decision.promote());
            event.put("reason", decision.reason());
            event.put("run", run.dir().toString());
            event.put("spark_application_id", spark.sparkContext().applicationId());
            if (lease.takeover() != null) {
                event.put("lease", lease.takeover());
            }
            registry.changeAliases(now, event);
            console.printf("registry: %s version %d registered; champion: version %s%s%n", registry.dir(), version, now.champion(),
                    decision.promote() && championVersion != null ? " (previous: version " + championVersion + ")" : "");
            return new Outcome(version, decision);
        } finally {
            evaluationSet.unpersist(false);
        }
    }

    private Map<String, String> facts(String which, FrozenEvaluation split) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", which);
        facts.put("registry", registry.dir().toString());
        facts.put("evaluation images per class (frozen split)", split.evaluationPerClass().toString());
        return facts;
    }

    private static SavedModel withParent(SavedModel model, String parent) {
        Provenance p = model.provenance();
        return new SavedModel(model.spec(), model.classes(), model.members(), model.offsets(), new Provenance(p.trainsparkVersion(),
                p.configSha256(), p.seed(), p.trainDigest(), p.evaluationDigest(), parent, p.createdAt(), p.sparkApplicationId()));
    }

    /** Writes the version aside, its {@code version.json} last, then renames it into place. */
    private void register(int version, SavedModel model, FullMetrics metrics, PromotionRule.Decision decision,
                          Integer championVersion, boolean warm, Instant started, FrozenEvaluation split) throws IOException {
        HadoopFiles files = registry.files();
        Path incoming = registry.incoming(version);
        model.write(new HadoopModelFolder(files, new Path(incoming, ModelRegistry.MODEL)));
        files.writeString(new Path(incoming, ModelRegistry.METRICS),
                ModelRegistry.json().writeValueAsString(metrics.toJsonMap()) + "\n");
        files.writeString(new Path(incoming, ModelRegistry.CONFIG), ConfigLoader.toYaml(config));
        Provenance p = model.provenance();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", version);
        info.put("name", registry.name());
        info.put("started", started.toString());
        info.put("ended", Instant.now().toString());
        info.put("champion_at_registration", championVersion);
        info.put("warm_start", warm);
        info.put("parent", p.parent());
        info.put("trainspark_version", p.trainsparkVersion());
        info.put("git_commit", System.getenv("TRAINSPARK_GIT_COMMIT"));
        info.put("config_sha256", p.configSha256());
        info.put("seed", p.seed());
        info.put("train_digest", p.trainDigest());
        info.put("evaluation_digest", p.evaluationDigest());
        info.put("spark_application_id", p.sparkApplicationId());
        info.put("run", run.dir().toString());
        Map<String, Object> figures = new LinkedHashMap<>();
        decision.rows().forEach(r -> figures.put(r.name(), Double.isNaN(r.challenger()) ? null : r.challenger()));
        info.put("metrics", figures);
        Map<String, Object> decided = new LinkedHashMap<>();
        decided.put("promoted", decision.promote());
        decided.put("reason", decision.reason());
        decided.put("metric", config.retrain().metric());
        info.put("decision", decided);
        files.writeString(new Path(incoming, ModelRegistry.VERSION_FILE), ModelRegistry.json().writeValueAsString(info) + "\n");
        files.dropChecksumFiles(incoming);
        split.commit(registry);
        registry.commit(version);
    }
}
