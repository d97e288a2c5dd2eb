package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster jar on a real YARN over a real HDFS: Hadoop's MiniYARNCluster (a ResourceManager and a
 * NodeManager) and MiniDFSCluster in this JVM, their configuration written to the folder
 * HADOOP_CONF_DIR and YARN_CONF_DIR name. {@code deploy/submit-yarn.sh} runs Spark's own SparkSubmit
 * with {@code --master yarn --deploy-mode cluster}: the cluster jar goes to HDFS, the NodeManager
 * starts the driver in the ApplicationMaster's container and one executor in another, each a JVM of
 * its own, and config, data, run folder and event log are all on HDFS. Runs after {@code package}
 * (failsafe), when the jar exists.
 */
class YarnClusterJarIT {
    private static final String[] DIGITS = {"0", "1", "7"};
    private static final int TEST_PER_CLASS = 3;

    @TempDir
    static Path tmp;
    private static SparkDistribution spark;
    private static MiniDFSCluster dfs;
    private static MiniYARNCluster yarn;
    private static FileSystem hdfs;
    private static Path confDir;

    @BeforeAll
    static void startYarnAndHdfs() throws Exception {
        spark = SparkDistribution.assemble(tmp.resolve("spark-home"));
        spark.writeSparkSubmit();

        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
        hdfs = dfs.getFileSystem();

        // Not built on the HDFS cluster's configuration: that names test-only classes (StaticMapping)
        // which would travel to the containers in yarn-site.xml.
        YarnConfiguration yarnConf = new YarnConfiguration();
        yarnConf.set("fs.defaultFS", hdfs.getUri().toString());
        // Room for the driver's and one executor's container (1g heap + 384m overhead each); ND4J's
        // off-heap buffers are no reason to kill a container here.
        yarnConf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
        yarnConf.setInt(YarnConfiguration.NM_VCORES, 2);
        yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        yarnConf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        // A nearly full build disk must not make the NodeManager refuse containers.
        yarnConf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        // hadoop-client-minicluster lacks capacity-scheduler.xml: its one queue, spelled out.
        yarnConf.set("yarn.scheduler.capacity.root.queues", "default");
        yarnConf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        yarnConf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        yarnConf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        yarnConf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        yarnConf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        yarnConf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        yarnConf.set(YarnConfiguration.RM_HOSTNAME, "localhost");
        yarn = new MiniYARNCluster(YarnClusterJarIT.class.getSimpleName(), 1, 1, 1);
        yarn.init(yarnConf);
        yarn.start();
        // start() can return before the ResourceManager has written its bound port into the config.
        long deadline = System.currentTimeMillis() + 30_000;
        while (yarn.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the ResourceManager did not publish its address");
            }
            Thread.sleep(100);
        }

        confDir = Files.createDirectories(tmp.resolve("hadoop-conf"));
        try (OutputStream out = Files.newOutputStream(confDir.resolve("yarn-site.xml"))) {
            yarn.getConfig().writeXml(out);
        }
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfs.getUri().toString());
        try (OutputStream out = Files.newOutputStream(confDir.resolve("core-site.xml"))) {
            core.writeXml(out);
        }

        Path repo = DemoImages.mnistRoot().getParent().getParent();
        Path images = DemoImages.copyClasses(tmp.resolve("digits"), 10, DIGITS);
        hdfs.copyFromLocalFile(hadoopPath(repo.resolve("conf/yarn.yaml")), new org.apache.hadoop.fs.Path("/trainspark/yarn.yaml"));
        hdfs.copyFromLocalFile(hadoopPath(images), new org.apache.hadoop.fs.Path("/trainspark/data/digits"));
        hdfs.mkdirs(new org.apache.hadoop.fs.Path("/spark-history"));
    }

    @AfterAll
    static void stopYarnAndHdfs() {
        if (yarn != null) {
            yarn.stop();
        }
        if (dfs != null) {
            dfs.shutdown();
        }
    }

    @Test
    void oneEpochInClusterModeSucceedsWithItsRunFolderOnHdfs() throws Exception {
        String java = System.getProperty("java.home");
        Path repo = DemoImages.mnistRoot().getParent().getParent();
        List<String> command = new ArrayList<>(List.of(repo.resolve("deploy/submit-yarn.sh").toString(),
                "--jar", spark.clusterJar().toString(), "--config", "hdfs:///trainspark/yarn.yaml",
                "--executors", "1", "--cores", "1", "--memory", "1g", "--driver-memory", "1g",
                // Spark's jars are on every node already (local:), as spark.yarn.jars or an archive would be on a real cluster.
                "--conf", "spark.yarn.jars=local:" + spark.jars() + "/*",
                "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + java,
                "--conf", "spark.executorEnv.JAVA_HOME=" + java,
                "--", "train", "--data", "hdfs:///trainspark/data/digits", "--out", "hdfs:///runs/train-1",
                "--set", "split.test_per_class=" + TEST_PER_CLASS, "--set", "train.epochs=1"));
        Path log = tmp.resolve("spark-submit.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", spark.home().toString());
        builder.environment().put("HADOOP_CONF_DIR", confDir.toString());
        builder.environment().put("YARN_CONF_DIR", confDir.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().remove("SPARK_CONF_DIR");
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("spark-submit did not finish in 6 minutes:\n" + Files.readString(log) + containerLogs());
        }
        String output = Files.readString(log);
        assertEquals(0, process.exitValue(), output + containerLogs());

        List<RMApp> apps = new ArrayList<>(yarn.getResourceManager().getRMContext().getRMApps().values());
        assertEquals(1, apps.size(), "one application submitted");
        RMApp app = apps.get(0);
        assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.getDiagnostics() + containerLogs());
        assertEquals(YarnApplicationState.FINISHED, app.createApplicationState());
        assertEquals(1, app.getAppAttempts().size(), "one attempt (spark.yarn.maxAppAttempts=1 from the script)");
        String appId = app.getApplicationId().toString();

        ObjectMapper json = new ObjectMapper();
        assertEquals("complete", read(json, "/runs/train-1/status.json").path("state").asText());
        JsonNode metrics = read(json, "/runs/train-1/metrics.json");
        long support = 0;
        for (String d : DIGITS) {
            support += metrics.path("per_class").path(d).path("support").asLong();
        }
        assertEquals(DIGITS.length * TEST_PER_CLASS, support, "every test image scored: " + metrics);
        assertEquals(appId, read(json, "/runs/train-1/model/provenance.json").path("spark_application_id").asText(),
                "the model was trained by the YARN application");
        assertTrue(hdfs.exists(new org.apache.hadoop.fs.Path("/runs/train-1/checkpoints/epoch-0001/state.bin")));
        assertTrue(Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path("/spark-history")))
                .anyMatch(s -> s.getPath().getName().startsWith(appId)), "the event log of " + appId + " is on HDFS");
        assertTrue(containerCount(appId) >= 2, "the driver and an executor each ran in a container of their own");
    }

    private static JsonNode read(ObjectMapper json, String path) throws IOException {
        try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(path))) {
            return json.readTree(in);
        }
    }

    private static org.apache.hadoop.fs.Path hadoopPath(Path local) {
        return new org.apache.hadoop.fs.Path(local.toUri());
    }

    private static List<Path> nodeManagerLogDirs() {
        return Arrays.stream(yarn.getNodeManager(0).getConfig().getTrimmedStrings(YarnConfiguration.NM_LOG_DIRS))
                .map(d -> Path.of(d.replaceFirst("^file:", ""))).toList();
    }

    private static long containerCount(String appId) throws IOException {
        long n = 0;
        for (Path dir : nodeManagerLogDirs()) {
            Path appLogs = dir.resolve(appId);
            if (Files.isDirectory(appLogs)) {
                try (Stream<Path> containers = Files.list(appLogs)) {
                    n += containers.filter(Files::isDirectory).count();
                }
            }
        }
        return n;
    }

    /** The run's error.log and the tail of every container's stderr, for a failure message. */
    private static String containerLogs() throws IOException {
        StringBuilder text = new StringBuilder();
        org.apache.hadoop.fs.Path errorLog = new org.apache.hadoop.fs.Path("/runs/train-1/error.log");
        if (hdfs.exists(errorLog)) {
            try (InputStream in = hdfs.open(errorLog)) {
                text.append("\n--- ").append(errorLog).append('\n').append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        for (Path dir : nodeManagerLogDirs()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    text.append("\n--- ").append(f).append('\n')
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
                }
            }
        }
        return text.toString();
    }
}
