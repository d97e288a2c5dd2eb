package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.registry.RegistryLease;
import dev.trainspark.driver.run.ForkedMain;
import dev.trainspark.pipeline.testing.DemoImages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled retraining against one registry on a real HDFS, in the order a registry lives: a first
 * retrain (with a second one refused meanwhile), a second round on more images, a rollback, a worse
 * challenger, and a retrain killed after training. The steps share the registry, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsRetrainTest {
    private static final String[] DIGITS = {"3", "5", "8"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static java.nio.file.Path tmp;
    private static MiniDFSCluster cluster;
    private static FileSystem hdfs;
    private static String root;
    private static String data;
    private static String registry;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
        root = hdfs.getUri().toString();
        data = root + "/data/digits";
        registry = root + "/registry";
        upload(DemoImages.copyClasses(tmp.resolve("digits-20"), 20, DIGITS));
    }

    /** Replaces the data folder; the first images of each class keep their paths, so their ids. */
    private static void upload(java.nio.file.Path local) throws Exception {
        hdfs.delete(new Path(data), true);
        hdfs.copyFromLocalFile(new Path(local.toUri()), new Path(data));
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    private static String[] retrain(String out, String... sets) {
        List<String> args = new ArrayList<>(List.of("retrain", "--data", data, "--out", out,
                "--set", "registry.path=" + registry, "--set", "registry.name=digits",
                "--set", "split.test_per_class=5", "--set", "train.epochs=1", "--set", "train.averaging_frequency=2"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void theFirstRetrainBecomesChampionWhileASecondOneExitsFourWritingNothing() throws Exception {
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> Main.run(retrain(root + "/runs/r1")));
        Path lease = new Path(registry + "/digits/" + RegistryLease.FILE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ownerRecorded(lease) && !first.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(hdfs.exists(lease), "the first retrain holds the lease");
        Map<String, Long> before = registryFiles();

        Console.Outcome second = Console.run(retrain(root + "/runs/r1-second"));

        assertEquals(ExitCodes.BUSY, second.code(), second.stderr());
        assertTrue(second.stderr().contains("another retrain holds the lease of registry model 'digits'")
                && second.stderr().contains("pid " + ProcessHandle.current().pid()), second.stderr());
        assertEquals(1, second.stderr().lines().count(), "one line: " + second.stderr());
        assertFalse(hdfs.exists(new Path(root + "/runs/r1-second")), "no run folder");
        assertTrue(registryFiles().keySet().containsAll(before.keySet()), "nothing of the registry removed");

        assertEquals(0, first.get(300, TimeUnit.SECONDS));
        JsonNode aliases = read("/digits/aliases.json");
        assertEquals(1, aliases.path("champion").asInt());
        assertTrue(read("/digits/versions/0001/version.json").path("decision").path("reason").asText().contains("no champion"));
        assertFalse(hdfs.exists(lease), "released");
        assertTrue(hdfs.exists(new Path(root + "/runs/r1/challenger_confusion_matrix.png")));
    }

    @Test
    @Order(2)
    void aSecondRoundOnMoreImagesIsDecidedByTheRuleOnTheSameEvaluationImagesAndRollbackRestoresVersionOne() throws Exception {
        upload(DemoImages.copyClasses(tmp.resolve("digits-40"), 40, DIGITS));
        Console.Outcome round = Console.run(retrain(root + "/runs/r2", "retrain.warm_start=true", "train.epochs=2"));
        assertEquals(0, round.code(), round.stderr());
        assertTrue(round.stdout().contains("warm start from the champion, version 1"), round.stdout());
        assertTrue(round.stdout().matches("(?s).*retrain: metric\\s+champion\\s+challenger\\s+delta.*"), round.stdout());

        JsonNode v1 = read("/digits/versions/0001/version.json");
        JsonNode v2 = read("/digits/versions/0002/version.json");
        JsonNode p1 = read("/digits/versions/0001/model/provenance.json");
        JsonNode p2 = read("/digits/versions/0002/model/provenance.json");
        assertEquals(p1.path("evaluation_digest").asText(), p2.path("evaluation_digest").asText(), "identical evaluation images");
        assertTrue(p1.path("evaluation_digest").asText().startsWith("15:"), p1.toString());
        assertNotEquals(p1.path("train_digest").asText(), p2.path("train_digest").asText(), "more training images");
        assertEquals("registry:digits@1", p2.path("parent").asText());
        assertEquals(1, v2.path("champion_at_registration").asInt());
        for (JsonNode p : List.of(p1, p2)) {
            assertEquals(64, p.path("config_sha256").asText().length(), p.toString());
            assertTrue(p.path("spark_application_id").asText().startsWith("local-"), p.toString());
        }

        double gain = v2.path("metrics").path("balanced_accuracy").asDouble() - v1.path("metrics").path("balanced_accuracy").asDouble();
        boolean recallKept = true;
        for (String d : DIGITS) {
            String key = "recall[" + d + "]";
            recallKept &= v1.path("metrics").path(key).asDouble() - v2.path("metrics").path(key).asDouble() <= 0.05;
        }
        boolean promoted = gain > 0 && recallKept;
        assertEquals(promoted, v2.path("decision").path("promoted").asBoolean(), v2.toString());
        assertTrue(round.stdout().contains(promoted ? "decision: promote version 2 to champion"
                : "decision: keep the champion (version 1)"), round.stdout());
        assertEquals(promoted ? 2 : 1, read("/digits/aliases.json").path("champion").asInt());
        if (!promoted) {
            Console.Outcome promote = Console.run("registry", "promote", "2", "--registry", registry, "--name", "digits");
            assertEquals(0, promote.code(), promote.stderr());
        }
        JsonNode aliases = read("/digits/aliases.json");
        assertEquals(2, aliases.path("champion").asInt());
        assertEquals(1, aliases.path("previous").asInt());

        Console.Outcome rollback = Console.run("registry", "rollback", "--registry", registry, "--name", "digits");
        assertEquals(0, rollback.code(), rollback.stderr());
        assertEquals(1, read("/digits/aliases.json").path("champion").asInt());
        Console.Outcome list = Console.run("registry", "list", "--registry", registry, "--name", "digits");
        assertTrue(list.stdout().lines().anyMatch(l -> l.matches("1\\s+champion\\s+.*")), list.stdout());
        assertTrue(list.stdout().lines().anyMatch(l -> l.matches("2\\s+challenger\\s+.*")), list.stdout());
        assertTrue(lastHistory().path("event").asText().equals("rollback"), lastHistory().toString());
    }

    @Test
    @Order(3)
    void aWorseChallengerIsRegisteredButNotPromotedAndTheChampionIsUntouched() throws Exception {
        byte[] championModel = bytes("/digits/versions/0001/model/network.zip");
        Console.Outcome worse = Console.run(retrain(root + "/runs/r3", "model.learning_rate=0.0000001"));
        assertEquals(0, worse.code(), worse.stderr());
        assertTrue(worse.stdout().contains("decision: keep the champion (version 1); version 3 is registered as challenger: "
                + "balanced_accuracy changes by -"), worse.stdout());
        JsonNode aliases = read("/digits/aliases.json");
        assertEquals(1, aliases.path("champion").asInt());
        assertEquals(3, aliases.path("challenger").asInt());
        assertFalse(read("/digits/versions/0003/version.json").path("decision").path("promoted").asBoolean());
        assertTrue(java.util.Arrays.equals(championModel, bytes("/digits/versions/0001/model/network.zip")));
        String report = new String(bytes("/runs/r3/report.html"), StandardCharsets.UTF_8);
        assertTrue(report.contains("champion_confusion_matrix.png") && report.contains("challenger_confusion_matrix.png"));
    }

    @Test
    @Order(4)
    void aRetrainKilledAfterTrainingLeavesTheRegistryAsItWasAndTheNextOneTakesOver() throws Exception {
        Map<String, Long> before = registryFiles();
        byte[] aliasesBefore = bytes("/digits/aliases.json");
        java.nio.file.Path out = tmp.resolve("killed");
        java.nio.file.Path log = tmp.resolve("killed.log");
        Process process = ForkedMain.start(log, retrain(out.toString()));
        java.nio.file.Path trained = out.resolve("model").resolve("provenance.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!Files.exists(trained) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long pid = process.pid();
        process.destroyForcibly().waitFor();
        assertTrue(Files.exists(trained), "killed after training: " + Files.readString(log));

        Map<String, Long> after = registryFiles();
        assertTrue(after.remove("digits/" + RegistryLease.FILE) != null, "a killed retrain leaves its lease");
        assertEquals(before, after, "no version, alias or history change");
        assertTrue(java.util.Arrays.equals(aliasesBefore, bytes("/digits/aliases.json")));

        Console.Outcome next = Console.run(retrain(root + "/runs/r4"));
        assertEquals(0, next.code(), next.stderr());
        assertTrue(next.stderr().contains("took over the lease") && next.stderr().contains("pid " + pid), next.stderr());
        assertTrue(hdfs.exists(new Path(registry + "/digits/versions/0004/version.json")));
        assertEquals(4, read("/digits/aliases.json").path("challenger").asInt());
        assertTrue(lastHistory().path("lease").asText().contains("pid " + pid), lastHistory().toString());
    }

    private static boolean ownerRecorded(Path lease) {
        try (InputStream in = hdfs.open(lease)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"pid\"");
        } catch (Exception notYet) {
            return false;
        }
    }

    /** Every file under the registry with its length. */
    private static Map<String, Long> registryFiles() throws Exception {
        Map<String, Long> files = new TreeMap<>();
        Path base = new Path(registry);
        if (!hdfs.exists(base)) {
            return files;
        }
        String prefix = hdfs.makeQualified(base).toString() + "/";
        RemoteIterator<LocatedFileStatus> it = hdfs.listFiles(base, true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            files.put(f.getPath().toString().substring(prefix.length()), f.getLen());
        }
        return files;
    }

    private static JsonNode lastHistory() throws Exception {
        List<String> lines = new String(bytes("/digits/history.jsonl"), StandardCharsets.UTF_8).lines().toList();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private static JsonNode read(String registryFile) throws Exception {
        return JSON.readTree(bytes(registryFile.startsWith("/runs") ? registryFile : "/registry" + registryFile));
    }

    private static byte[] bytes(String file) throws Exception {
        String path = file.startsWith("/runs") || file.startsWith("/registry") ? file : "/registry" + file;
        try (InputStream in = hdfs.open(new Path(root + path))) {
            return in.readAllBytes();
        }
    }
}
