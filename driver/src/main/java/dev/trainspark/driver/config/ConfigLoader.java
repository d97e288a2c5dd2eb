package dev.trainspark.driver.config;

import dev.trainspark.pipeline.BadParameterException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.trainspark.pipeline.ParameterChecks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads YAML into {@link TrainsparkConfig}. Overrides are applied to the YAML tree before it is
 * read, so an override is checked exactly like a key in the file. Every failure becomes a
 * {@link BadParameterException} that names the key, what it accepts, and where the bad value came from:
 * the file, or the {@code --set} that overrode the key.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Otherwise 2.9 reads as 2 into an integer key, and a run trains for fewer epochs than asked.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

    private static final String SPARK_CONF = "spark.conf.";

    private ConfigLoader() {
    }

    /**
     * @param yamlText   the config file's text
     * @param source     its name, for messages
     * @param overrides  {@code key.path=value} strings, applied in order
     */
    public static TrainsparkConfig load(String yamlText, String source, List<String> overrides) {
        ObjectNode tree = parse(yamlText, source);
        ValueSources sources = new ValueSources(source);
        for (String override : overrides) {
            sources.overridden(apply(tree, override), override);
        }
        return read(tree, sources);
    }

    public static String toYaml(TrainsparkConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config as YAML", e);
        }
    }

    /**
     * Every leaf of the config as written by {@link #toYaml}, by its dotted key ({@code model.schedule.type}),
     * its value as JSON text; a list is one leaf.
     */
    static Map<String, String> flatten(TrainsparkConfig config) {
        Map<String, String> leaves = new TreeMap<>();
        flatten("", YAML.valueToTree(config), leaves);
        return leaves;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> leaves) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> flatten(join(prefix, field.getKey()), field.getValue(), leaves));
        } else if (!node.isNull() && !node.isMissingNode()) {
            leaves.put(prefix, node.toString());
        }
    }

    private static ObjectNode parse(String yamlText, String source) {
        try {
            JsonNode node = YAML.readTree(yamlText);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new BadParameterException(source + ": the top level is not a mapping; accepted: keys such as data, split, model, train, spark, seed");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new BadParameterException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        }
    }

    /** Applies one override and returns the key it set, dotted. */
    static String apply(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new BadParameterException("--set '" + override + "' is not key=value; accepted: e.g. --set train.epochs=3");
        }
        String key = override.substring(0, eq).trim();
        String[] keys = key.startsWith(SPARK_CONF) && key.length() > SPARK_CONF.length()
                // Spark property names contain dots themselves: everything after spark.conf. is one key.
                ? new String[]{"spark", "conf", key.substring(SPARK_CONF.length())}
                : key.split("\\.");
        String raw = override.substring(eq + 1);
        JsonNode value;
        try {
            value = raw.isEmpty() ? JsonNodeFactory.instance.nullNode() : YAML.readTree(raw);
        } catch (JsonProcessingException e) {
            value = JsonNodeFactory.instance.textNode(raw);
        }
        ObjectNode node = tree;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = node.get(keys[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(keys[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(keys[keys.length - 1], value);
        return String.join(".", keys);
    }

    private static TrainsparkConfig read(ObjectNode tree, ValueSources sources) {
        try {
            return YAML.treeToValue(tree, TrainsparkConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String parent = path(e, 1);
            String key = join(parent, e.getPropertyName());
            String accepted = e.getKnownPropertyIds().stream().map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(", "));
            throw new BadParameterException(sources.ofKey(key) + ": unknown config key '" + key
                    + "'; accepted keys" + (parent.isEmpty() ? "" : " under '" + parent + "'") + ": " + accepted, e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BadParameterException(sources.ofMessage(cause.getMessage()) + ": " + cause.getMessage(), e);
        } catch (InvalidFormatException e) {
            String key = path(e, 0);
            throw new BadParameterException(sources.ofKey(key) + ": "
                    + ParameterChecks.message(key, e.getValue(), describe(e.getTargetType())), e);
        } catch (MismatchedInputException e) {
            String key = path(e, 0);
            throw new BadParameterException(sources.ofKey(key) + ": " + key + " has the wrong type; accepted: "
                    + describe(e.getTargetType()), e);
        } catch (JsonProcessingException e) {
            throw new BadParameterException(sources.file() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e, int dropLast) {
        List<JsonMappingException.Reference> refs = e.getPath();
        return refs.subList(0, Math.max(0, refs.size() - dropLast)).stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of keys to values";
        }
        return "a " + type.getSimpleName();
    }
}
