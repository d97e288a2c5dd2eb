package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.registry.Aliases;
import dev.trainspark.driver.registry.ModelRegistry;
import dev.trainspark.driver.registry.RegisteredVersion;
import dev.trainspark.driver.registry.RegistryBusyException;
import dev.trainspark.driver.registry.RegistryLease;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.io.HadoopFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code registry list|show|promote|rollback}: a model's versions and aliases, read or moved by hand. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "List and show a model's registered versions; promote a version or roll the champion back.",
        subcommands = {RegistryCommand.ListVersions.class, RegistryCommand.Show.class, RegistryCommand.Promote.class,
                RegistryCommand.Rollback.class})
public final class RegistryCommand implements Runnable {
    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a registry command is required: list, show, promote or rollback");
    }

    /** Which registry and model: from the config, or from --registry and --name. */
    static final class Target {
        @Option(names = "--config", paramLabel = "FILE", description = "YAML config whose registry section names the registry")
        String config;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key (repeatable)")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--registry", paramLabel = "PATH", description = "overrides registry.path")
        String registry;

        @Option(names = "--name", paramLabel = "NAME", description = "overrides registry.name")
        String name;

        ModelRegistry open() {
            RunOptions options = new RunOptions();
            options.config = config;
            options.overrides = new ArrayList<>(overrides);
            if (registry != null) {
                options.overrides.add("registry.path=" + registry);
            }
            if (name != null) {
                options.overrides.add("registry.name=" + name);
            }
            HadoopFiles files = RunOptions.localFiles();
            TrainsparkConfig loaded = options.load(files);
            ModelRegistry opened = ModelRegistry.open(files, loaded.registry());
            if (!files.exists(opened.dir())) {
                throw new BadParameterException("registry model '" + opened.name() + "' does not exist: no folder " + opened.dir()
                        + "; accepted: a model a retrain has registered (registry.path and registry.name)");
            }
            return opened;
        }

        /** Runs an alias change under the lease; exit 4 while another process holds it. */
        int change(String command, AliasChange change) throws IOException {
            ModelRegistry opened = open();
            RegistryLease lease;
            try {
                lease = RegistryLease.acquire(opened, "registry " + command, System.err);
            } catch (RegistryBusyException e) {
                System.err.println("error: " + e.getMessage());
                return ExitCodes.BUSY;
            }
            try (lease) {
                Aliases before = opened.aliases();
                Aliases after = change.apply(opened, before);
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("event", command);
                event.put("from_champion", before.champion());
                event.put("to_champion", after.champion());
                opened.changeAliases(after, event);
                System.out.printf("registry: %s: champion is version %d (was %s)%n", command, after.champion(),
                        before.champion() == null ? "none" : "version " + before.champion());
            }
            return ExitCodes.DONE;
        }
    }

    interface AliasChange {
        Aliases apply(ModelRegistry registry, Aliases current) throws IOException;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Registered versions with their metrics and aliases.")
    static final class ListVersions implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            ModelRegistry registry = target.open();
            Aliases aliases = registry.aliases();
            System.out.printf("%-8s %-28s %9s %9s %9s  %-24s %s%n", "version", "aliases", "bal_acc", "accuracy", "macro_f1",
                    "registered", "decision");
            for (RegisteredVersion v : registry.versions()) {
                JsonNode decision = v.info().path("decision");
                System.out.printf(Locale.ROOT, "%-8d %-28s %9s %9s %9s  %-24s %s%n", v.number(), aliases.namesOf(v.number()),
                        figure(v.metric("balanced_accuracy")), figure(v.metric("accuracy")), figure(v.metric("macro_f1")),
                        v.info().path("ended").asText(), decision.path("promoted").asBoolean() ? "promoted" : "not promoted");
            }
            return ExitCodes.DONE;
        }

        private static String figure(double v) {
            return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One version's record (provenance, metrics, decision) and the model's aliases.")
    static final class Show implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(arity = "0..1", paramLabel = "VERSION", description = "a version number, champion, challenger or previous (default champion)")
        String which = "champion";

        @Override
        public Integer call() throws Exception {
            ModelRegistry registry = target.open();
            Aliases aliases = registry.aliases();
            RegisteredVersion v = registry.require(resolve(which, aliases));
            System.out.println("aliases: " + ModelRegistry.json().writeValueAsString(aliases.toJsonMap()).replaceAll("\\s+", " "));
            System.out.println("folder: " + v.dir());
            System.out.print(ModelRegistry.json().writeValueAsString(v.info()) + "\n");
            return ExitCodes.DONE;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make a version the champion (the current one becomes previous), whatever its metrics.")
    static final class Promote implements Callable<Integer> {
        @Mixin
        Target target;

        @Parameters(paramLabel = "VERSION", description = "a version number, or challenger")
        String which;

        @Override
        public Integer call() throws Exception {
            return target.change("promote", (registry, current) -> current.promoted(registry.require(resolve(which, current)).number()));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Make the previous champion the champion again.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            return target.change("rollback", (registry, current) -> {
                if (current.previous() == null) {
                    throw new BadParameterException("registry model '" + registry.name() + "' has no previous champion to roll back to "
                            + "(champion: " + current.champion() + "); accepted: rollback after a promotion, or promote VERSION");
                }
                registry.require(current.previous());
                return current.rolledBack();
            });
        }
    }

    /** A version number or an alias name, as a version number. */
    static int resolve(String which, Aliases aliases) {
        Integer version = switch (which) {
            case "champion" -> aliases.champion();
            case "challenger" -> aliases.challenger();
            case "previous" -> aliases.previous();
            default -> {
                if (!which.matches("\\d+")) {
                    throw new BadParameterException("version '" + which + "' is not one; accepted: a version number, champion, "
                            + "challenger or previous");
                }
                yield Integer.parseInt(which);
            }
        };
        if (version == null) {
            throw new BadParameterException("alias '" + which + "' points at no version yet; accepted: a version number");
        }
        return version;
    }
}
