package dev.trainspark.driver.config;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * Where {@code retrain} and {@code registry} keep a model's versions.
 *
 * @param path  the registry folder, any Hadoop path (file://, hdfs://, s3a://); no default: retrain needs it
 * @param name  the model's name, a folder under {@code path} (default {@code model})
 */
public record RegistryConfig(String path, String name) {
    public RegistryConfig {
        name = name == null ? "model" : name;
        CONFIG.require(name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"), "registry.name", name,
                "letters, digits, '.', '_' and '-', starting with a letter or digit");
        CONFIG.require(path == null || !path.isBlank(), "registry.path", path, "a folder on any Hadoop path, e.g. hdfs:///models");
    }
}
