package dev.trainspark.driver.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/*.sh parse with bash -n, and their --dry-run prints the spark-submit line they would run. */
class SubmitScriptsTest {
    @TempDir
    Path tmp;

    private record Result(int code, String stdout, String stderr) {
    }

    private Result bash(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(RepoFiles.root().toFile())
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile());
        builder.environment().remove("SPARK_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bash " + args[0] + " finished");
        return new Result(process.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    private Result bash(String... args) throws IOException, InterruptedException {
        return bash(Map.of(), args);
    }

    @Test
    void everyScriptParses() throws Exception {
        for (String script : List.of("deploy/submit-yarn.sh", "deploy/submit-k8s.sh", "deploy/submit-common.sh",
                "deploy/gpu/discover-gpus.sh")) {
            Result r = bash("-n", script);
            assertEquals(0, r.code(), script + ": " + r.stderr());
        }
    }

    @Test
    void yarnDryRunPrintsAClusterModeSubmitWithOneTaskPerGpu() throws Exception {
        Result r = bash(Map.of("SPARK_HOME", "/opt/spark"), "deploy/submit-yarn.sh", "--jar", "/jars/trainspark-cluster.jar",
                "--config", "hdfs:///trainspark/yarn.yaml", "--executors", "3", "--cores", "4", "--memory", "6g",
                "--gpus", "2", "--queue", "gpu", "--dry-run", "--", "train", "--out", "hdfs:///runs/r1");
        assertEquals(0, r.code(), r.stderr());
        String line = r.stdout().trim();
        assertTrue(line.startsWith("/opt/spark/bin/spark-submit --master yarn --deploy-mode cluster"), line);
        for (String part : List.of("--queue gpu", "--num-executors 3", "--executor-cores 4", "--executor-memory 6g",
                "--conf spark.executor.resource.gpu.amount=2", "--conf spark.task.resource.gpu.amount=1",
                "--conf spark.task.cpus=2", "--conf spark.executor.resource.gpu.discoveryScript=./discover-gpus.sh",
                "deploy/gpu/discover-gpus.sh", "--conf spark.eventLog.enabled=true",
                "--conf spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.cachedir=javacpp-cache",
                "--class dev.trainspark.driver.cli.Main /jars/trainspark-cluster.jar train --config hdfs:///trainspark/yarn.yaml --out hdfs:///runs/r1")) {
            assertTrue(line.contains(part), "'" + part + "' in: " + line);
        }
    }

    @Test
    void kubernetesDryRunUsesTheImageAndTheJarInside() throws Exception {
        Result r = bash("deploy/submit-k8s.sh", "--api", "https://k8s.example:6443", "--image", "registry/trainspark:0.1.0",
                "--config", "s3a://bucket/k8s.yaml", "--gpus", "1", "--dry-run");
        assertEquals(0, r.code(), r.stderr());
        String line = r.stdout().trim();
        for (String part : List.of("spark-submit --master k8s://https://k8s.example:6443 --deploy-mode cluster",
                "--conf spark.kubernetes.container.image=registry/trainspark:0.1.0",
                "--conf spark.executor.resource.gpu.vendor=nvidia.com",
                "--conf spark.executor.resource.gpu.discoveryScript=/opt/trainspark/gpu/discover-gpus.sh",
                "--conf spark.executor.resource.gpu.amount=1",
                "local:///opt/trainspark/trainspark-cluster.jar train --config s3a://bucket/k8s.yaml")) {
            assertTrue(line.contains(part), "'" + part + "' in: " + line);
        }
    }

    @Test
    void aMissingConfigOrAnUnknownOptionIsExitTwoNamingIt() throws Exception {
        Result missing = bash("deploy/submit-yarn.sh", "--jar", "x.jar", "--dry-run");
        assertEquals(2, missing.code());
        assertTrue(missing.stderr().contains("--config is missing"), missing.stderr());
        Result unknown = bash("deploy/submit-yarn.sh", "--jar", "x.jar", "--config", "c.yaml", "--executor", "2", "--dry-run");
        assertEquals(2, unknown.code());
        assertTrue(unknown.stderr().contains("unknown option '--executor'"), unknown.stderr());
        Result fewCores = bash("deploy/submit-yarn.sh", "--jar", "x.jar", "--config", "c.yaml", "--cores", "1", "--gpus", "2", "--dry-run");
        assertEquals(2, fewCores.code());
        assertTrue(fewCores.stderr().contains("--cores 1 is fewer than --gpus 2"), fewCores.stderr());
    }

    @Test
    void gpuDiscoveryPrintsSparksResourceJsonFromNvidiaSmi() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        // What `nvidia-smi --query-gpu=index --format=csv,noheader` prints on a two-GPU node.
        Files.writeString(smi, "#!/usr/bin/env bash\nprintf '0\\n1\\n'\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Result r = bash(Map.of("PATH", bin + ":" + System.getenv("PATH")), "deploy/gpu/discover-gpus.sh");
        assertEquals(0, r.code(), r.stderr());
        JsonNode json = new ObjectMapper().readTree(r.stdout());
        assertEquals("gpu", json.get("name").asText());
        assertEquals(List.of("0", "1"), List.of(json.get("addresses").get(0).asText(), json.get("addresses").get(1).asText()));
        assertEquals(2, json.get("addresses").size());
    }

    @Test
    void gpuDiscoveryFailsWhereNoGpuIsVisible() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("nogpu"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/usr/bin/env bash\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        Result r = bash(Map.of("PATH", bin + ":" + System.getenv("PATH")), "deploy/gpu/discover-gpus.sh");
        assertEquals(1, r.code());
        assertTrue(r.stderr().contains("found no GPU"), r.stderr());
    }
}
