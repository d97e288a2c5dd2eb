package dev.trainspark.driver.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/k8s manifests against the Spark operator's v1beta2 fields (test resource
 * deploy/sparkoperator-v1beta2.schema.yaml), validated with a JSON Schema library.
 */
class OperatorManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonSchema schemaOf(String kind) throws IOException {
        try (InputStream in = OperatorManifestsTest.class.getResourceAsStream("/deploy/sparkoperator-v1beta2.schema.yaml")) {
            ObjectNode root = (ObjectNode) YAML.readTree(in);
            root.put("$ref", "#/definitions/" + kind);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root);
        }
    }

    private static JsonNode manifest(String file) throws IOException {
        return YAML.readTree(RepoFiles.root().resolve("deploy/k8s").resolve(file).toFile());
    }

    private static String problems(JsonSchema schema, JsonNode manifest) {
        Set<ValidationMessage> messages = schema.validate(manifest);
        return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("\n"));
    }

    @Test
    void theSparkApplicationValidates() throws IOException {
        JsonNode app = manifest("sparkapplication.yaml");
        assertEquals("", problems(schemaOf("SparkApplication"), app));
        assertEquals("dev.trainspark.driver.cli.Main", app.at("/spec/mainClass").asText());
    }

    @Test
    void theScheduledRetrainValidatesAndNeverOverlapsItself() throws IOException {
        JsonNode scheduled = manifest("scheduled-retrain.yaml");
        assertEquals("", problems(schemaOf("ScheduledSparkApplication"), scheduled));
        assertEquals("Forbid", scheduled.at("/spec/concurrencyPolicy").asText());
        assertEquals("1", scheduled.at("/spec/template/sparkConf/spark.task.resource.gpu.amount").asText());
        assertEquals(1, scheduled.at("/spec/template/executor/gpu/quantity").asInt());
    }

    @Test
    void aMisspeltFieldFails() throws IOException {
        ObjectNode app = (ObjectNode) manifest("sparkapplication.yaml");
        ObjectNode executor = (ObjectNode) app.at("/spec/executor");
        executor.set("instance", executor.remove("instances"));
        assertTrue(problems(schemaOf("SparkApplication"), app).contains("instance"), problems(schemaOf("SparkApplication"), app));
    }

    @Test
    void aWrongTypeOrValueFails() throws IOException {
        ObjectNode app = (ObjectNode) manifest("sparkapplication.yaml");
        ((ObjectNode) app.at("/spec/executor")).put("cores", "four");
        assertTrue(problems(schemaOf("SparkApplication"), app).contains("cores"));

        ObjectNode scheduled = (ObjectNode) manifest("scheduled-retrain.yaml");
        ((ObjectNode) scheduled.get("spec")).put("concurrencyPolicy", "Sometimes");
        assertTrue(problems(schemaOf("ScheduledSparkApplication"), scheduled).contains("concurrencyPolicy"));

        ObjectNode noVersion = (ObjectNode) manifest("sparkapplication.yaml");
        ((ObjectNode) noVersion.get("spec")).remove("sparkVersion");
        assertTrue(problems(schemaOf("SparkApplication"), noVersion).contains("sparkVersion"));
    }
}
