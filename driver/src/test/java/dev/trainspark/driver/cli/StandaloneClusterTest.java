package dev.trainspark.driver.cli;

import dev.trainspark.pipeline.testing.DemoImages;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on a real Spark standalone cluster: a Master and two Workers started as separate JVMs from
 * the test classpath, each Worker running one executor JVM. Shards, broadcasts and task results then
 * cross process boundaries, and the executor-side network cache lives in other JVMs; the result must
 * still be the one a local[2] run reaches, to the bit.
 */
class StandaloneClusterTest {
    private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    private static final List<Process> PROCESSES = new ArrayList<>();

    @TempDir
    static Path tmp;
    private static Path images;
    private static String masterUrl;
    private static Path localRun;

    @BeforeAll
    static void startCluster() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 40, DIGITS);
        int port = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        Path masterLog = tmp.resolve("master.log");
        start(masterLog, List.of(), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        for (int w = 0; w < 2; w++) {
            Path workDir = Files.createDirectories(tmp.resolve("worker-" + w));
            start(tmp.resolve("worker-" + w + ".log"), List.of("-Dspark.worker.cleanup.enabled=false"),
                    "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1", "--memory", "2g",
                    "--webui-port", String.valueOf(freePort()), "--work-dir", workDir.toString(), masterUrl);
        }
        long deadline = System.currentTimeMillis() + 90_000;
        while (countLines(masterLog, "Registering worker") < 2) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("workers did not register; master log:\n" + Files.readString(masterLog));
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stopCluster() {
        PROCESSES.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        PROCESSES.forEach(Process::destroyForcibly);
    }

    @Test
    void aTwoWorkerClusterReachesExactlyTheLocalResult() throws Exception {
        Path local = localRun();
        Path cluster = tmp.resolve("cluster");
        assertEquals(0, Main.run(clusterArgs(cluster).toArray(String[]::new)));

        assertArrayEquals(Files.readAllBytes(local.resolve("checkpoints/epoch-0002/state.bin")),
                Files.readAllBytes(cluster.resolve("checkpoints/epoch-0002/state.bin")),
                "parameters after two epochs on two executor JVMs equal those of a local[2] run");
        assertEquals(Files.readString(local.resolve("metrics.json")), Files.readString(cluster.resolve("metrics.json")));
        assertTrue(Files.readString(cluster.resolve("status.json")).contains("complete"));
        for (int w = 0; w < 2; w++) {
            try (var files = Files.walk(tmp.resolve("worker-" + w))) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("stderr")),
                        "worker " + w + " ran an executor JVM for the run");
            }
        }
    }

    /**
     * The same run with the replicas averaged among the tasks: the two executor JVMs meet at the
     * driver's rendezvous and sum over a TCP ring between them, one barrier stage per epoch; the
     * parameters must still be, to the bit, those of the local run's Spark job per round.
     */
    @Test
    void anAllreduceRunBetweenTwoExecutorJvmsReachesExactlyTheLocalResult() throws Exception {
        Path local = localRun();
        Path ring = tmp.resolve("allreduce");
        List<String> ringArgs = clusterArgs(ring);
        ringArgs.addAll(List.of("--set", "train.sync=allreduce"));
        assertEquals(0, Main.run(ringArgs.toArray(String[]::new)));

        assertArrayEquals(Files.readAllBytes(local.resolve("checkpoints/epoch-0002/state.bin")),
                Files.readAllBytes(ring.resolve("checkpoints/epoch-0002/state.bin")),
                "parameters after two allreduce epochs on two executor JVMs equal those of a local[2] run");
        assertEquals(Files.readString(local.resolve("metrics.json")), Files.readString(ring.resolve("metrics.json")));
        assertEquals(Files.readAllLines(local.resolve("events.jsonl")).size(),
                Files.readAllLines(ring.resolve("events.jsonl")).size(), "one event line per round in both modes");
    }

    /**
     * An executor JVM killed (SIGKILL) just as it is sent a task of the second round: the task is lost
     * with its executor, the cached shard and the worker's epoch order with it. Spark recomputes the
     * shard from its lineage, retries the task and the Worker starts a new executor; the parameters
     * must still be, to the bit, those of an unbroken run.
     */
    @Test
    void anExecutorKilledInTheMiddleOfARoundChangesNothing() throws Exception {
        Path local = localRun();
        Path broken = tmp.resolve("killed");
        List<String> brokenArgs = clusterArgs(broken);
        brokenArgs.addAll(List.of("--set", "spark.conf.spark.extraListeners=" + KillExecutorMidRound.class.getName()));
        assertEquals(0, Main.run(brokenArgs.toArray(String[]::new)));

        assertTrue(KillExecutorMidRound.killed.get() != null, "an executor was killed: " + KillExecutorMidRound.seen);
        assertTrue(KillExecutorMidRound.lostTasks.contains(KillExecutorMidRound.killed.get()),
                "the round's task on executor " + KillExecutorMidRound.killed.get() + " was lost with it, not finished before: "
                        + KillExecutorMidRound.lostTasks);
        assertArrayEquals(Files.readAllBytes(local.resolve("checkpoints/epoch-0002/state.bin")),
                Files.readAllBytes(broken.resolve("checkpoints/epoch-0002/state.bin")),
                "parameters after a lost executor and a retried task equal those of an unbroken run");
        assertEquals(Files.readString(local.resolve("metrics.json")), Files.readString(broken.resolve("metrics.json")));
    }

    /**
     * Kills, once, the executor a task of the run's {@link #ROUND}th training round is sent to. The
     * executor's process is found when it registers (a child of a Worker, started with its
     * executor and application ids), so that the kill follows the task's launch at once.
     */
    public static final class KillExecutorMidRound extends SparkListener {
        static final int ROUND = 2;
        /** The killed executor's id. */
        static final AtomicReference<String> killed = new AtomicReference<>();
        /** Ids of the executors whose round tasks ended lost with them. */
        static final List<String> lostTasks = new CopyOnWriteArrayList<>();
        /** What the listener saw (round stages, executor processes), for a failure message. */
        static final List<String> seen = new CopyOnWriteArrayList<>();

        private final String appId;
        // Listener-bus thread only.
        private final List<Integer> roundStages = new ArrayList<>();
        private final Map<String, ProcessHandle> executors = new HashMap<>();

        public KillExecutorMidRound(SparkConf conf) {
            appId = conf.getAppId();
        }

        @Override
        public void onExecutorAdded(SparkListenerExecutorAdded added) {
            List<String> executorId = List.of("--executor-id", added.executorId());
            List<String> app = List.of("--app-id", appId);
            PROCESSES.stream().flatMap(Process::descendants)
                    .filter(p -> {
                        List<String> a = arguments(p);
                        return Collections.indexOfSubList(a, executorId) >= 0 && Collections.indexOfSubList(a, app) >= 0;
                    })
                    .findFirst().ifPresent(p -> {
                        executors.put(added.executorId(), p);
                        seen.add("executor " + added.executorId() + " is process " + p.pid());
                    });
        }

        /**
         * A process's whole command line, read from /proc: {@code ProcessHandle.Info} gives none for one
         * longer than a page, as an executor's (with its class path) is.
         */
        private static List<String> arguments(ProcessHandle process) {
            try {
                return List.of(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).split("\0"));
            } catch (IOException e) {
                return List.of();
            }
        }

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            // A round is a job whose result stage (the job's last made) is ParameterAveraging's treeAggregate.
            StageInfo result = null;
            for (StageInfo stage : JavaConverters.seqAsJavaList(job.stageInfos())) {
                result = result == null || stage.stageId() > result.stageId() ? stage : result;
            }
            if (result != null && result.name().contains("ParameterAveraging")) {
                roundStages.add(result.stageId());
                seen.add("round " + roundStages.size() + " is stage " + result.stageId());
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart task) {
            if (killed.get() == null && roundStages.indexOf(task.stageId()) == ROUND - 1) {
                ProcessHandle executor = executors.get(task.taskInfo().executorId());
                if (executor != null && executor.destroyForcibly()) {
                    killed.set(task.taskInfo().executorId());
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd task) {
            if (roundStages.contains(task.stageId()) && task.reason() instanceof ExecutorLostFailure) {
                lostTasks.add(task.taskInfo().executorId());
            }
        }
    }

    /** The unbroken run on local[2] both tests compare with, made once. */
    private static synchronized Path localRun() {
        if (localRun == null) {
            Path local = tmp.resolve("local");
            assertEquals(0, Main.run(args(local, "local[2]")));
            localRun = local;
        }
        return localRun;
    }

    private static List<String> clusterArgs(Path out) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> clusterArgs = new ArrayList<>(List.of(args(out, masterUrl)));
        clusterArgs.addAll(List.of(
                "--set", "spark.conf.spark.driver.host=127.0.0.1",
                "--set", "spark.conf.spark.executor.memory=1g",
                "--set", "spark.conf.spark.cores.max=2",
                "--set", "spark.conf.spark.executor.extraClassPath=" + classpath,
                "--set", "spark.conf.spark.executor.extraJavaOptions=" + String.join(" ", addOpens())));
        return clusterArgs;
    }

    private static String[] args(Path out, String master) {
        return new String[]{"train", "--data", images.toString(), "--out", out.toString(),
                "--set", "spark.master=" + master, "--set", "split.test_per_class=10", "--set", "train.epochs=2",
                "--set", "train.averaging_frequency=3"};
    }

    private static void start(Path log, List<String> jvmOptions, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(addOpens());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The Worker builds executor command lines from a Spark home; the project's classpath stands in for one.
        Path sparkHome = tmp.resolve("spark-home");
        Files.createDirectories(sparkHome);
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_TESTING", "1");
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        PROCESSES.add(builder.start());
    }

    private static List<String> addOpens() {
        List<String> flags = new ArrayList<>();
        for (String pkg : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
                "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch", "sun.nio.cs",
                "sun.security.action", "sun.util.calendar")) {
            flags.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        return flags;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long countLines(Path log, String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
    }
}
