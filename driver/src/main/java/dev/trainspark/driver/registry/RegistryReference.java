package dev.trainspark.driver.registry;

import dev.trainspark.driver.config.RegistryConfig;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.Path;

import java.io.IOException;

/**
 * A model named by its place in the registry rather than by its folder, as {@code predict} and
 * {@code evaluate} accept it: {@code registry:<name>@champion}, {@code @challenger},
 * {@code @previous} or {@code @<version>}. The registry itself is {@code registry.path} of the config.
 *
 * @param name    the registered model's name
 * @param alias   champion, challenger or previous; null when a version number is given
 * @param version the version number; null when an alias is given
 */
public record RegistryReference(String name, String alias, Integer version) {
    public static final String PREFIX = "registry:";
    private static final String ACCEPTED = "registry:<name>@champion, @challenger, @previous or @<version number>, "
            + "e.g. registry:digits@champion";

    public static boolean isReference(String location) {
        return location.startsWith(PREFIX);
    }

    /** Parses {@code registry:<name>@<alias or version>}; a malformed one is refused naming the accepted form. */
    public static RegistryReference parse(String location) {
        String rest = location.substring(PREFIX.length());
        int at = rest.lastIndexOf('@');
        if (at <= 0 || at == rest.length() - 1) {
            throw new BadParameterException("--model '" + location + "' names no version; accepted: " + ACCEPTED);
        }
        String name = rest.substring(0, at);
        String which = rest.substring(at + 1);
        if (which.matches("\\d{1,9}")) {
            return new RegistryReference(name, null, Integer.parseInt(which));
        }
        if (!which.equals("champion") && !which.equals("challenger") && !which.equals("previous")) {
            throw new BadParameterException("--model '" + location + "': '" + which + "' is neither an alias nor a version; "
                    + "accepted: " + ACCEPTED);
        }
        return new RegistryReference(name, which, null);
    }

    /** The model folder this reference points at in the registry at {@code registryPath}. */
    public Path resolve(HadoopFiles files, String registryPath) throws IOException {
        ModelRegistry registry = ModelRegistry.open(files, new RegistryConfig(registryPath, name));
        if (!files.exists(registry.dir())) {
            throw new BadParameterException("registry model '" + name + "' does not exist: no folder " + registry.dir()
                    + "; accepted: a model a retrain has registered (registry.path and the name after 'registry:')");
        }
        int number = version != null ? version : aliasTarget(registry);
        return new Path(registry.require(number).dir(), ModelRegistry.MODEL);
    }

    private int aliasTarget(ModelRegistry registry) throws IOException {
        Aliases aliases = registry.aliases();
        Integer target = switch (alias) {
            case "champion" -> aliases.champion();
            case "challenger" -> aliases.challenger();
            default -> aliases.previous();
        };
        if (target == null) {
            throw new BadParameterException("registry model '" + name + "' has no " + alias + " (aliases: "
                    + aliases.toJsonMap() + "); accepted: an alias that is set, or a version number");
        }
        return target;
    }
}
