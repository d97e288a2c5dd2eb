package dev.trainspark.models;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Where a saved model came from, written beside it as {@code provenance.json}, so a model folder
 * copied anywhere still says which code, config, seed and data made it.
 *
 * @param trainsparkVersion  version of the code that trained it
 * @param configSha256       SHA-256 of the resolved config (config.yaml is saved beside it)
 * @param seed               the run's seed
 * @param trainDigest        digest of the rows it was trained on (before rebalancing): ids and content
 * @param evaluationDigest   digest of the rows it was scored on, or null
 * @param parent             the model it continued from, or null
 * @param createdAt          ISO-8601 time the model was written
 * @param sparkApplicationId Spark application that trained it, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Provenance(String trainsparkVersion, String configSha256, long seed, String trainDigest,
                         String evaluationDigest, String parent, String createdAt, String sparkApplicationId) {
    /** The provenance of a model folder written before provenance was recorded. */
    public static Provenance unrecorded() {
        return new Provenance(null, null, 0, null, null, null, null, null);
    }

    /** The version of this build, from the models jar's build properties. */
    public static String currentVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/trainspark-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
