package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster jar under Spark's own spark-submit: {@code org.apache.spark.deploy.SparkSubmit} runs on a
 * Spark home whose {@code jars/} holds only what a Spark distribution ships (the provided scope), so
 * every trainspark class, ND4J and picocli must come from the cluster jar. {@code local-cluster}
 * starts a Master and two Workers, and each Worker launches its executor as a separate JVM from that
 * Spark home, as on a standalone cluster. Runs after {@code package} (failsafe), when the jar exists.
 */
class SparkSubmitClusterJarIT {
    private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    private static final int MOST_EXECUTOR_LOG_LINES = 200;

    @TempDir
    static Path tmp;
    private static Path clusterJar;
    private static Path sparkHome;
    private static Path images;

    @BeforeAll
    static void sparkHomeAndData() throws IOException {
        SparkDistribution spark = SparkDistribution.assemble(tmp.resolve("spark-home"));
        clusterJar = spark.clusterJar();
        sparkHome = spark.home();
        images = DemoImages.copyClasses(tmp.resolve("digits"), 40, DIGITS);
    }

    @Test
    void theJarHoldsTrainsparkAndNd4jButNeitherSparkNorTheBenchmarks() throws IOException {
        try (ZipFile jar = new ZipFile(clusterJar.toFile())) {
            assertNotNull(jar.getEntry("dev/trainspark/driver/cli/Main.class"));
            assertNotNull(jar.getEntry("picocli/CommandLine$ParameterException.class"));
            assertNotNull(jar.getEntry("org/nd4j/linalg/factory/Nd4j.class"));
            assertNotNull(jar.getEntry("log4j2.properties"));
            assertTrue(jar.stream().anyMatch(e -> e.getName().endsWith("libnd4jcpu.so")), "ND4J's natives are inside");
            List<String> misplaced = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("org/apache/hadoop/")
                            || n.startsWith("scala/") || n.startsWith("dev/trainspark/bench/")
                            || n.startsWith("org/deeplearning4j/spark/") || n.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"))
                    .limit(5).toList();
            assertEquals(List.of(), misplaced);
        }
    }

    @Test
    void aBadKeyEndsWithExitTwoThroughSparkSubmit() throws Exception {
        Submitted bad = submit(tmp.resolve("bad"), "local-cluster[2,1,2048]", List.of(), "--set", "train.epochz=1");
        assertEquals(2, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("epochz"), bad.output());
        assertFalse(bad.output().contains("\tat "), "one line, no stack trace: " + bad.output());
    }

    @Test
    void oneEpochOnALocalClusterEndsCompleteWithQuietExecutors() throws Exception {
        Path out = tmp.resolve("run");
        Submitted run = submit(out, "local-cluster[2,1,2048]", List.of());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(Files.readString(out.resolve("status.json")).contains("\"complete\""));
        assertTrue(Files.isRegularFile(out.resolve("metrics.json")));
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/epoch-0001/state.bin")));

        List<Path> executorLogs = executorLogs(out);
        assertEquals(2, executorLogs.size(), "one executor JVM per worker: " + executorLogs);
        for (Path log : executorLogs) {
            List<String> lines = Files.readAllLines(log);
            System.out.println(log + ": " + lines.size() + " lines");
            assertTrue(lines.size() < MOST_EXECUTOR_LOG_LINES, log + " has " + lines.size() + " lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            assertFalse(lines.stream().anyMatch(l -> l.contains("FileScanRDD")), log + " logs every file read");
        }
    }

    /**
     * GPU wiring without a GPU: one worker with two cores announces GPUs "0" and "1" through a discovery
     * script, the executor takes both, each task one; the two concurrent tasks of a round each see
     * their own address and the binding logs it (on the CPU backend the binding itself is a no-op).
     */
    @Test
    void eachTaskOfARoundIsBoundToItsOwnGpuAddress() throws Exception {
        Path discovery = tmp.resolve("fake-gpus.sh");
        Files.writeString(discovery, "#!/usr/bin/env bash\necho '{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\"]}'\n");
        Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = tmp.resolve("gpu-run");
        Submitted run = submit(out, "local-cluster[1,2,2048]", List.of(
                "--conf", "spark.worker.resource.gpu.amount=2",
                "--conf", "spark.worker.resource.gpu.discoveryScript=" + discovery,
                "--conf", "spark.executor.cores=2",
                "--conf", "spark.executor.resource.gpu.amount=2",
                "--conf", "spark.executor.resource.gpu.discoveryScript=" + discovery,
                "--conf", "spark.task.resource.gpu.amount=1"));
        assertEquals(0, run.exitCode(), run.output());
        List<Path> logs = executorLogs(out);
        assertEquals(1, logs.size(), logs.toString());
        String log = Files.readString(logs.get(0));
        List<String> addresses = log.lines().filter(l -> l.contains("bound ND4J to GPU address"))
                .map(l -> l.replaceAll(".*GPU address (\\S+) .*", "$1")).distinct().sorted().toList();
        assertEquals(List.of("0", "1"), addresses, "the two tasks of a round hold different GPUs:\n" + log);
    }

    private record Submitted(int exitCode, String output) {
    }

    /** The stderr files of the executors of the run written to {@code out} (its application id is in provenance.json). */
    private static List<Path> executorLogs(Path out) throws IOException {
        String appId = new ObjectMapper().readTree(out.resolve("model/provenance.json").toFile())
                .get("spark_application_id").asText();
        try (Stream<Path> files = Files.walk(sparkHome.resolve("work").resolve(appId))) {
            return files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
        }
    }

    /** Spark's SparkSubmit in its own JVM: {@code train} of the demo config on the copied digits. */
    private static Submitted submit(Path out, String master, List<String> sparkOptions, String... extra) throws Exception {
        Path repo = DemoImages.mnistRoot().getParent().getParent();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // bin/spark-submit's launcher gives the driver JVM these; this test starts that JVM itself.
        command.addAll(Arrays.asList(System.getProperty("trainspark.addOpens", "").split("\\s+")));
        command.addAll(List.of("-cp", clusterJar + ":" + sparkHome.resolve("jars") + "/*",
                "org.apache.spark.deploy.SparkSubmit", "--master", master));
        command.addAll(sparkOptions);
        command.addAll(List.of("--class", "dev.trainspark.driver.cli.Main", clusterJar.toString(),
                "train", "--config", repo.resolve("conf/demo.yaml").toString(), "--data", images.toString(),
                "--out", out.toString(), "--set", "split.test_per_class=10", "--set", "train.epochs=1"));
        command.addAll(Arrays.asList(extra));
        command.removeIf(String::isEmpty);
        Path log = Files.createTempFile(tmp, "spark-submit", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().remove("SPARK_CONF_DIR");
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in 10 minutes:\n" + Files.readString(log));
        }
        return new Submitted(process.exitValue(), Files.readString(log));
    }
}
