package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The train command end to end on local[2], on real digits from data/mnist. */
class TrainEndToEndTest {
    private static final String[] DIGITS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static Path images;

    @BeforeAll
    static void data() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 190, DIGITS);
    }

    private static int train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", images.toString(), "--out", out.toString(),
                "--set", "split.test_per_class=30", "--set", "train.batch_size=32", "--set", "train.averaging_frequency=4",
                "--set", "spark.master=local[2]"));
        args.addAll(Arrays.asList(extra));
        return Main.run(args.toArray(String[]::new));
    }

    @Test
    void trainsToAtLeastNinetyPercentAndWritesTheWholeRunFolder() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, train(out, "--set", "train.epochs=6"));
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        double accuracy = metrics.path("accuracy").asDouble();
        assertTrue(accuracy >= 0.90, "accuracy on the held-out real digits: " + accuracy);
        assertEquals(300, Arrays.stream(DIGITS).mapToLong(d -> metrics.path("per_class").path(d).path("support").asLong()).sum());
        assertEquals("complete", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText());
        for (String f : List.of("config.yaml", "report.html", "model/network.zip", "model/classes.json", "ingest_report.json",
                "checkpoints/epoch-0006/state.bin", "predictions.csv", "epochs.jsonl")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        for (String png : List.of("confusion_matrix.png", "loss.png", "roc.png", "precision_recall.png", "reliability.png", "accuracy.png")) {
            assertNotNull(ImageIO.read(out.resolve(png).toFile()), png);
            assertTrue(Files.readString(out.resolve("report.html")).contains(png), "report shows " + png);
        }
        double auc = metrics.path("auc_ovr_macro").asDouble();
        assertTrue(auc > accuracy && auc <= 1, "one-vs-rest AUC " + auc);
        assertTrue(metrics.path("top_k_accuracy").asDouble() >= accuracy);
        assertTrue(metrics.path("log_loss").asDouble() > 0 && metrics.path("ece").asDouble() >= 0);
        List<String> predictions = Files.readAllLines(out.resolve("predictions.csv"));
        assertEquals("id,path,label,predicted,p_0,p_1,p_2,p_3,p_4,p_5,p_6,p_7,p_8,p_9", predictions.get(0));
        assertEquals(301, predictions.size(), "header and one line per test image");
        long correct = predictions.stream().skip(1).map(l -> l.split(",")).filter(f -> f[2].equals(f[3])).count();
        assertEquals(accuracy, correct / 300.0, 1e-12, "metrics.json agrees with the predictions file");
        assertEquals(6, Files.readAllLines(out.resolve("epochs.jsonl")).size());
        List<String> events = Files.readAllLines(out.resolve("events.jsonl"));
        // 1600 training images over 2 shards of 800: 25 minibatches, 7 rounds of up to 4 per epoch.
        assertEquals(6 * 7, events.size());
        JsonNode last = JSON.readTree(events.get(events.size() - 1));
        assertEquals(6, last.path("epoch").asInt());
        assertTrue(last.path("loss").asDouble() < JSON.readTree(events.get(0)).path("loss").asDouble(), "loss falls");
        assertFalse(Files.list(out).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }

    @Test
    void underKryoSerializationTheSameModelIsTrained() throws Exception {
        // Kryo, as many clusters' spark-defaults.conf set it: the state broadcast, the rounds' results
        // (their state written in bulk by writeObject) and the shuffles all go through it.
        Path java = tmp.resolve("java-serialization");
        assertEquals(0, train(java, "--set", "train.epochs=1"));
        Path kryo = tmp.resolve("kryo");
        assertEquals(0, train(kryo, "--set", "train.epochs=1",
                "--set", "spark.conf.spark.serializer=org.apache.spark.serializer.KryoSerializer"));
        assertArrayEquals(Files.readAllBytes(java.resolve("checkpoints/epoch-0001/state.bin")),
                Files.readAllBytes(kryo.resolve("checkpoints/epoch-0001/state.bin")));
        assertEquals(JSON.readTree(java.resolve("metrics.json").toFile()), JSON.readTree(kryo.resolve("metrics.json").toFile()));
    }

    @Test
    void resumingFromACheckpointEndsWhereAnUnbrokenRunEnds() throws Exception {
        Path unbroken = tmp.resolve("unbroken");
        assertEquals(0, train(unbroken, "--set", "train.epochs=2"));

        // A run stopped after its first epoch: its folder holds the first checkpoint only.
        Path stopped = tmp.resolve("stopped");
        assertEquals(0, train(stopped, "--set", "train.epochs=1"));
        assertEquals(0, Main.run("train", "--resume", "--out", stopped.toString(), "--set", "train.epochs=2"));

        assertArrayEquals(Files.readAllBytes(unbroken.resolve("checkpoints/epoch-0002/state.bin")),
                Files.readAllBytes(stopped.resolve("checkpoints/epoch-0002/state.bin")));
        assertEquals(JSON.readTree(unbroken.resolve("metrics.json").toFile()), JSON.readTree(stopped.resolve("metrics.json").toFile()));
        assertEquals(Files.readAllLines(unbroken.resolve("events.jsonl")).size(), Files.readAllLines(stopped.resolve("events.jsonl")).size());

        // A resume that would change the training rows is refused in one line; the run stays as it was.
        String status = Files.readString(stopped.resolve("status.json"));
        String config = Files.readString(stopped.resolve("config.yaml"));
        Console.Outcome changed = Console.run("train", "--resume", "--out", stopped.toString(), "--set", "train.epochs=3",
                "--set", "seed=99");
        assertEquals(2, changed.code(), changed.stderr());
        assertEquals(1, changed.stderr().lines().count(), changed.stderr());
        assertTrue(changed.stderr().startsWith("error: --resume cannot change seed (the run has ")
                && changed.stderr().contains(", this resume 99)"),
                changed.stderr());
        assertEquals(status, Files.readString(stopped.resolve("status.json")));
        assertEquals(config, Files.readString(stopped.resolve("config.yaml")));
    }
}
