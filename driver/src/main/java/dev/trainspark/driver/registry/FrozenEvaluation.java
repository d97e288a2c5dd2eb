package dev.trainspark.driver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainspark.driver.train.PreparedData;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The evaluation split every version of a model is scored on, frozen by the first retrain as
 * {@code <name>/evaluation/}: {@code ids/} (Parquet: id, path, label of each evaluation image) and
 * {@code evaluation.json} (class list and counts). Later retrains take exactly those rows from the
 * current data as evaluation rows and train on all the others, so champion and challenger are
 * compared on identical images, and refuse data whose class list differs.
 *
 * @param train               rows the challenger is trained on
 * @param trainPerClass       their count per class
 * @param evaluation          the frozen evaluation rows
 * @param evaluationPerClass  their count per class
 * @param incoming            where the split was written by this retrain, to be put in place when it
 *                            registers its version; null when the registry had it already
 */
public record FrozenEvaluation(Dataset<Row> train, Map<String, Long> trainPerClass, Dataset<Row> evaluation,
                               Map<String, Long> evaluationPerClass, Path incoming) {
    public static final String DIR = "evaluation";
    static final String INCOMING = ".evaluation-incoming-";
    private static final String IDS = "ids";
    private static final String INFO = "evaluation.json";

    /** The registry's frozen split applied to {@code data}, or, the first time, {@code data}'s seeded holdout frozen. */
    public static FrozenEvaluation of(SparkSession spark, ModelRegistry registry, PreparedData data) throws IOException {
        Path frozen = new Path(registry.dir(), DIR);
        return registry.files().exists(new Path(frozen, INFO)) ? reuse(spark, registry, frozen, data) : freeze(registry, data);
    }

    /** Puts a split frozen by this retrain in place (once its first version is registered). */
    public void commit(ModelRegistry registry) throws IOException {
        if (incoming == null) {
            return;
        }
        Path target = new Path(registry.dir(), DIR);
        if (!registry.files().fs(target).rename(incoming, target)) {
            throw new IOException("could not rename " + incoming + " to " + target);
        }
    }

    private static FrozenEvaluation freeze(ModelRegistry registry, PreparedData data) throws IOException {
        Path incoming = new Path(registry.dir(), INCOMING + UUID.randomUUID());
        data.test().select(DatasetColumns.ID, DatasetColumns.PATH, DatasetColumns.LABEL).coalesce(1)
                .write().parquet(new Path(incoming, IDS).toString());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("classes", data.classes());
        info.put("images", data.testSize());
        info.put("per_class", data.testPerClass());
        registry.files().writeString(new Path(incoming, INFO), ModelRegistry.json().writeValueAsString(info) + "\n");
        registry.files().dropChecksumFiles(incoming);
        return new FrozenEvaluation(data.train(), data.trainPerClass(), data.test(), data.testPerClass(), incoming);
    }

    private static FrozenEvaluation reuse(SparkSession spark, ModelRegistry registry, Path frozen, PreparedData data)
            throws IOException {
        JsonNode info = ModelRegistry.json().readTree(registry.files().readString(new Path(frozen, INFO)));
        List<String> classes = new ArrayList<>();
        info.path("classes").forEach(c -> classes.add(c.asText()));
        requireSameClasses(registry, classes, data.classes());
        Dataset<Row> ids = spark.read().parquet(new Path(frozen, IDS).toString());
        Dataset<Row> rows = data.rows();
        Dataset<Row> evaluation = rows.join(ids.select(DatasetColumns.ID), rows.col(DatasetColumns.ID).equalTo(ids.col(DatasetColumns.ID)),
                "left_semi");
        Dataset<Row> train = rows.join(ids.select(DatasetColumns.ID), rows.col(DatasetColumns.ID).equalTo(ids.col(DatasetColumns.ID)),
                "left_anti");
        Map<String, Long> evaluationPerClass = PreparedData.countPerClass(evaluation, data.classes());
        long expected = info.path("images").asLong();
        long found = evaluationPerClass.values().stream().mapToLong(Long::longValue).sum();
        if (found != expected) {
            List<String> missing = ids.join(rows.select(DatasetColumns.ID), ids.col(DatasetColumns.ID).equalTo(rows.col(DatasetColumns.ID)),
                    "left_anti").select(DatasetColumns.PATH).limit(3).collectAsList().stream().map(r -> r.getString(0)).toList();
            throw new BadDataException((expected - found) + " of the " + expected + " images of the frozen evaluation split of "
                    + "registry model '" + registry.name() + "' are missing from data.path, e.g. " + missing
                    + "; accepted: data that still holds every image listed in " + new Path(frozen, IDS));
        }
        return new FrozenEvaluation(train, PreparedData.countPerClass(train, data.classes()), evaluation, evaluationPerClass, null);
    }

    private static void requireSameClasses(ModelRegistry registry, List<String> frozen, List<String> current) {
        if (frozen.equals(current)) {
            return;
        }
        List<String> added = current.stream().filter(c -> !frozen.contains(c)).toList();
        List<String> gone = frozen.stream().filter(c -> !current.contains(c)).toList();
        throw new BadDataException("the classes of data.path differ from those of registry model '" + registry.name()
                + "'" + (added.isEmpty() ? "" : ": new classes " + added) + (gone.isEmpty() ? "" : ": classes no longer present " + gone)
                + "; accepted: the classes " + frozen + " the model's evaluation split was frozen with (a new class list "
                + "needs a new registry.name)");
    }

    public long evaluationSize() {
        return evaluationPerClass.values().stream().mapToLong(Long::longValue).sum();
    }
}
