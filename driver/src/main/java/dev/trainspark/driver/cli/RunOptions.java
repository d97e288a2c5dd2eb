package dev.trainspark.driver.cli;

import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.ResumeChanges;
import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.driver.train.DatasetSource;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Options every command takes. */
public final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (any Hadoop path); every key has a default")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key, e.g. --set train.epochs=3 (repeatable)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default runs/<command>-<time>)")
    String out;

    @Option(names = "--data", paramLabel = "PATH", description = "overrides data.path")
    String data;

    /** What a command does in its run, on Spark. */
    public interface Job {
        void run(SparkSession spark, TrainsparkConfig config, RunDirectory run) throws Exception;
    }

    /**
     * The life of a command that reads the config's dataset: the config loaded and checked, a new
     * run folder made (only then), and the job run in it on Spark under {@link RunLifecycle}.
     */
    int runOnData(String command, Job job) throws Exception {
        HadoopFiles files = localFiles();
        TrainsparkConfig config = load(files);
        RunDirectory run = newRun(files, config, command);
        RunLifecycle.executeWithSpark(run, command, config.spark(), spark -> job.run(spark, config, run));
        return ExitCodes.DONE;
    }

    /** The config file (if any) with --set and --data applied, validated. */
    public TrainsparkConfig load(HadoopFiles files) {
        return ConfigLoader.load(readConfigText(files, config), config == null ? "config" : config, allOverrides());
    }

    /** As {@link #load}, with {@code first} applied before this invocation's own overrides. */
    public TrainsparkConfig load(HadoopFiles files, List<String> first) {
        List<String> all = new ArrayList<>(first);
        all.addAll(allOverrides());
        return ConfigLoader.load(readConfigText(files, config), config == null ? "config" : config, all);
    }

    /**
     * The config a resumed run was started with, with this invocation's overrides on top; refused
     * when they change what the run trains on or what it trains ({@link ResumeChanges}).
     */
    TrainsparkConfig loadResumed(HadoopFiles files, Path runConfig) {
        String text = readConfigText(files, runConfig.toString());
        TrainsparkConfig resumed = ConfigLoader.load(text, runConfig.toString(), allOverrides());
        ResumeChanges.check(ConfigLoader.load(text, runConfig.toString(), List.of()), resumed);
        return resumed;
    }

    private List<String> allOverrides() {
        List<String> all = new ArrayList<>(overrides);
        if (data != null) {
            all.add("data.path=" + data);
        }
        return all;
    }

    /**
     * The run folder of a new run, made only once the config is valid and the data path exists, so
     * a run that cannot start leaves nothing behind; holds the resolved config from the start. It is
     * locked until {@link RunLifecycle} ends the run.
     */
    public RunDirectory newRun(HadoopFiles files, TrainsparkConfig config, String command) {
        DatasetSource.requireExists(files, config.data());
        return newRunWithoutData(files, config, command);
    }

    /** A new run folder for a command that reads no dataset (e.g. {@code metrics}). */
    public RunDirectory newRunWithoutData(HadoopFiles files, TrainsparkConfig config, String command) {
        RunDirectory run = RunDirectory.create(files, outOrDefault(command));
        try {
            run.writeText(RunDirectory.CONFIG, ConfigLoader.toYaml(config));
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    String outOrDefault(String command) {
        return out != null ? out : "runs/" + command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    private static String readConfigText(HadoopFiles files, String file) {
        if (file == null) {
            return "";
        }
        Path path = files.qualify(file);
        if (!files.exists(path)) {
            throw new BadParameterException("--config " + HadoopFiles.named(file, path) + " does not exist; accepted: a readable "
                    + "YAML file such as conf/demo.yaml");
        }
        try {
            return files.readString(path);
        } catch (IOException e) {
            throw new BadParameterException("--config '" + file + "' cannot be read: " + e.getMessage(), e);
        }
    }

    public static HadoopFiles localFiles() {
        return new HadoopFiles(new Configuration());
    }
}
