package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rebalance, train with an ensemble and threshold moving, evaluate, predict, metrics and cv, end to
 * end on real digits: three classes made long-tailed (50, 25 and 13 training images).
 */
class RebalanceAndScoringCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] DIGITS = {"0", "1", "7"};

    @TempDir
    static Path tmp;
    private static Path images;

    @BeforeAll
    static void data() throws Exception {
        images = DemoImages.copyClasses(tmp.resolve("digits"), 60, DIGITS);
    }

    private static Console.Outcome run(Path out, String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--data", images.toString(), "--out", out.toString(),
                "--set", "split.test_per_class=10", "--set", "split.long_tail_ratio=4", "--set", "train.epochs=1",
                "--set", "train.batch_size=16", "--set", "spark.master=local[2]"));
        args.addAll(Arrays.asList(extra));
        return capture(args.toArray(String[]::new));
    }

    private static Console.Outcome capture(String... args) {
        return Console.run(args);
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], f[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Set<String> pairs(Path manifest) throws Exception {
        Set<String> pairs = new HashSet<>();
        for (Map<String, String> r : csv(manifest)) {
            if (r.get("kind").equals("synthetic")) {
                pairs.add(r.get("parent_a") + ">" + r.get("parent_b"));
            }
        }
        return pairs;
    }

    private static long duplicates(Path manifest) throws Exception {
        List<String> all = new ArrayList<>();
        for (Map<String, String> r : csv(manifest)) {
            if (r.get("kind").equals("synthetic")) {
                all.add(r.get("parent_a") + ">" + r.get("parent_b"));
            }
        }
        return all.size() - new HashSet<>(all).size();
    }

    private static float[] gray(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        float[] v = new float[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                v[y * image.getWidth() + x] = image.getRaster().getSample(x, y, 0) / 255f;
            }
        }
        return v;
    }

    @Test
    void smoteWritesImagesAManifestAndCountsWithSyntheticPixelsBetweenTheirParents() throws Exception {
        Path out = tmp.resolve("smote");
        Console.Outcome o = run(out, "rebalance", "--set", "rebalance.method=smote", "--set", "rebalance.k_neighbors=3");
        assertEquals(0, o.code(), o.stderr());
        List<Map<String, String>> manifest = csv(out.resolve("rebalanced/manifest.csv"));
        Map<String, Integer> perClass = new HashMap<>();
        Map<String, String> labelOf = new HashMap<>();
        manifest.forEach(r -> {
            perClass.merge(r.get("label"), 1, Integer::sum);
            labelOf.put(r.get("id"), r.get("label"));
        });
        assertEquals(Map.of("0", 50, "1", 50, "7", 50), perClass, "every class raised to the majority's 50");
        long synthetic = manifest.stream().filter(r -> r.get("kind").equals("synthetic")).count();
        assertEquals(25 + 37, synthetic);
        int checked = 0;
        for (Map<String, String> r : manifest) {
            assertTrue(Files.isRegularFile(out.resolve("rebalanced").resolve(r.get("path"))), r.get("path"));
            if (!r.get("kind").equals("synthetic")) {
                continue;
            }
            assertEquals(r.get("label"), labelOf.get(r.get("parent_a")), "parent a is an original of the class");
            assertEquals(r.get("label"), labelOf.get(r.get("parent_b")), "parent b is an original of the class");
            double lambda = Double.parseDouble(r.get("lambda"));
            assertTrue(lambda >= 0 && lambda < 1, "lambda " + lambda);
            if (checked++ < 5) {
                Path dir = out.resolve("rebalanced");
                Map<String, String> pathOf = new HashMap<>();
                manifest.forEach(m -> pathOf.put(m.get("id"), m.get("path")));
                float[] a = gray(dir.resolve(pathOf.get(r.get("parent_a"))));
                float[] b = gray(dir.resolve(pathOf.get(r.get("parent_b"))));
                float[] s = gray(dir.resolve(r.get("path")));
                for (int p = 0; p < s.length; p++) {
                    assertEquals(a[p] + lambda * (b[p] - a[p]), s[p], 1.01 / 255 + 1e-6, "pixel " + p);
                }
            }
        }
        List<String> counts = Files.readAllLines(out.resolve("rebalanced/counts.csv"));
        assertTrue(counts.contains("1,7,13,50"), counts.toString());
        assertTrue(o.stdout().contains("rebalance: 7                13       50"), o.stdout());
    }

    @Test
    void rebalancingValuesThatDoNotFitTheDataAreUsageErrorsNamingTheKey() {
        Console.Outcome k = run(tmp.resolve("k"), "train", "--set", "rebalance.method=smote", "--set", "rebalance.k_neighbors=13");
        assertEquals(2, k.code(), k.stderr());
        assertTrue(k.stderr().contains("rebalance.k_neighbors") && k.stderr().contains("'7'") && k.stderr().contains("1 to 12"), k.stderr());
        Console.Outcome ratio = run(tmp.resolve("ratio"), "train", "--set", "rebalance.method=random_over", "--set", "rebalance.sampling_strategy=0.5");
        assertEquals(2, ratio.code(), ratio.stderr());
        assertTrue(ratio.stderr().contains("rebalance.sampling_strategy"), ratio.stderr());
        Console.Outcome method = run(tmp.resolve("method"), "train", "--set", "rebalance.method=smoteish");
        assertEquals(2, method.code(), method.stderr());
        assertTrue(method.stderr().contains("rebalance.method") && method.stderr().contains("borderline_smote"), method.stderr());
        Console.Outcome below = run(tmp.resolve("below"), "train", "--set", "rebalance.method=random_over",
                "--set", "rebalance.sampling_strategy={'0': 10}");
        assertEquals(2, below.code(), below.stderr());
        assertTrue(below.stderr().contains("rebalance.sampling_strategy.0"), below.stderr());
        assertFalse(Files.exists(tmp.resolve("method")), "a config error leaves no run folder");
    }

    @Test
    void ensembleWithThresholdsThenEvaluatePredictAndMetricsAgree() throws Exception {
        Path trained = tmp.resolve("ensemble");
        Console.Outcome t = run(trained, "train", "--set", "rebalance.method=easy_ensemble", "--set", "rebalance.n_subsets=2",
                "--set", "rebalance.threshold_moving=true", "--set", "rebalance.validation_fraction=0.2");
        assertEquals(0, t.code(), t.stderr());
        // "auto" under-samples every class but the minority, which each subset keeps whole; the
        // validation share (20%) has come out first: 40, 20 and 10 training images remain.
        assertTrue(t.stdout().contains("easy_ensemble: balanced subset {0=10, 1=10, 7=10}"), t.stdout());
        for (String f : List.of("model/members/member-01.zip", "model/members/member-02.zip", "model/ensemble.json",
                "model/thresholds.json", "predictions.csv", "roc.png", "precision_recall.png", "reliability.png",
                "accuracy.png", "checkpoints/member-02/epoch-0001/state.bin")) {
            assertTrue(Files.isRegularFile(trained.resolve(f)), f);
        }
        assertEquals(30, csv(trained.resolve("predictions.csv")).size(), "one line per test image");

        Path evaluated = tmp.resolve("evaluated");
        Console.Outcome e = capture("evaluate", "--model", trained.toString(), "--data", images.toString(), "--out", evaluated.toString(),
                "--set", "spark.master=local[2]");
        assertEquals(0, e.code(), e.stderr());
        List<Map<String, String>> predictions = csv(evaluated.resolve("predictions.csv"));
        assertEquals(180, predictions.size());
        assertEquals(180, new HashSet<>(predictions.stream().map(r -> r.get("id")).toList()).size());
        assertTrue(predictions.stream().allMatch(r -> r.get("path").endsWith(".png")));

        Path recomputed = tmp.resolve("recomputed");
        Console.Outcome m = capture("metrics", "--predictions", evaluated.resolve("predictions.csv").toString(),
                "--out", recomputed.toString(), "--set", "spark.master=local[2]");
        assertEquals(0, m.code(), m.stderr());
        JsonNode a = JSON.readTree(evaluated.resolve("metrics.json").toFile());
        JsonNode b = JSON.readTree(recomputed.resolve("metrics.json").toFile());
        for (String key : List.of("accuracy", "balanced_accuracy", "macro_f1", "kappa", "mcc", "top_k_accuracy", "log_loss",
                "ece", "auc_ovr_macro", "average_precision_macro")) {
            assertEquals(a.path(key).asDouble(), b.path(key).asDouble(), 1e-12, key);
        }
        assertEquals(a.path("confusion_matrix"), b.path("confusion_matrix"));

        // SMOTE partners found in the first member's penultimate-layer embedding instead of the thumbnails.
        Path embedded = tmp.resolve("embedded");
        Console.Outcome emb = run(embedded, "rebalance", "--set", "rebalance.method=smote", "--set", "rebalance.k_neighbors=3",
                "--set", "rebalance.knn_space=embedding", "--set", "rebalance.knn_model=" + trained);
        assertEquals(0, emb.code(), emb.stderr());
        Path thumbs = tmp.resolve("thumbs");
        assertEquals(0, run(thumbs, "rebalance", "--set", "rebalance.method=smote", "--set", "rebalance.k_neighbors=3").code());
        Set<String> embeddedPairs = pairs(embedded.resolve("rebalanced/manifest.csv"));
        assertEquals(25 + 37, embeddedPairs.size() + duplicates(embedded.resolve("rebalanced/manifest.csv")));
        assertFalse(embeddedPairs.equals(pairs(thumbs.resolve("rebalanced/manifest.csv"))),
                "neighbours in the embedding differ from neighbours in thumbnail space");

        Path predicted = tmp.resolve("predicted");
        Console.Outcome p = capture("predict", "--model", trained.resolve("model").toString(), "--data", images.toString(),
                "--out", predicted.toString(), "--set", "spark.master=local[2]");
        assertEquals(0, p.code(), p.stderr());
        assertEquals(Files.readAllLines(evaluated.resolve("predictions.csv")).size(),
                Files.readAllLines(predicted.resolve("predictions.csv")).size());
    }

    @Test
    void aPredictionsFileWithABadRowIsABadDataErrorNamingTheLineAndColumn() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.csv"), "id,path,label,predicted,p_a,p_b\n"
                + "r1,x.png,a,a,0.9,0.1\n"
                + "r2,y.png,b,a,NaN,0.5\n");
        Console.Outcome o = capture("metrics", "--predictions", file.toString(), "--out", tmp.resolve("bad-run").toString(),
                "--set", "spark.master=local[2]");
        assertEquals(3, o.code(), o.stderr());
        assertTrue(o.stderr().contains("line 3") && o.stderr().contains("p_a"), o.stderr());
        Path missing = Files.writeString(tmp.resolve("missing.csv"), "id,label,predicted,p_a,p_b\nr1,a,a,0.9,0.1\n");
        Console.Outcome m = capture("metrics", "--predictions", missing.toString(), "--out", tmp.resolve("missing-run").toString());
        assertEquals(3, m.code(), m.stderr());
        assertTrue(m.stderr().contains("path"), m.stderr());
    }

    @Test
    void crossValidationTrainsOneModelPerFoldAndPredictsEveryRowOnce() throws Exception {
        Path out = tmp.resolve("cv");
        Console.Outcome o = run(out, "cv", "--set", "cv.scheme=stratified_kfold", "--set", "cv.n_splits=2",
                "--set", "split.long_tail_ratio=1", "--set", "rebalance.method=random_over");
        assertEquals(0, o.code(), o.stderr());
        JsonNode summary = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(2, summary.path("folds").size());
        double mean = (summary.path("folds").get(0).path("accuracy").asDouble() + summary.path("folds").get(1).path("accuracy").asDouble()) / 2;
        assertEquals(mean, summary.path("mean").path("accuracy").asDouble(), 1e-12);
        for (String f : List.of("folds/fold-01/metrics.json", "folds/fold-02/model/network.zip", "folds/fold-02/report.html", "report.html",
                "out_of_fold/metrics.json", "out_of_fold/roc.png", "out_of_fold/report.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode provenance = JSON.readTree(out.resolve("folds/fold-01/model/provenance.json").toFile());
        assertEquals(42, provenance.path("seed").asLong());
        assertTrue(provenance.path("train_digest").asText().startsWith("90:"), "fold 1 trains on half the 180 rows: " + provenance);
        assertTrue(provenance.path("evaluation_digest").asText().startsWith("90:"), provenance.toString());
        assertFalse(provenance.path("train_digest").asText().equals(JSON.readTree(out.resolve("folds/fold-02/model/provenance.json")
                .toFile()).path("train_digest").asText()), "the folds train on different rows");
        List<Map<String, String>> oof = csv(out.resolve("predictions.csv"));
        Set<String> ids = new HashSet<>(oof.stream().map(r -> r.get("id")).toList());
        assertEquals(180, oof.size(), "every image predicted by the model that did not train on it");
        assertEquals(180, ids.size());
        long correct = oof.stream().filter(r -> r.get("label").equals(r.get("predicted"))).count();
        JsonNode pooled = JSON.readTree(out.resolve("out_of_fold/metrics.json").toFile());
        assertEquals(correct / 180.0, pooled.path("accuracy").asDouble(), 1e-12, "pooled metrics are the out-of-fold file's");
    }

    @Test
    void crossValidationDryRunShowsTheFoldsWithoutTraining() throws Exception {
        Path out = tmp.resolve("cv-dry");
        Console.Outcome o = run(out, "cv", "--dry-run", "--set", "cv.scheme=stratified_kfold", "--set", "cv.n_splits=3",
                "--set", "split.long_tail_ratio=1");
        assertEquals(0, o.code(), o.stderr());
        assertFalse(Files.exists(out.resolve("folds")), "a dry run trains nothing");
        assertFalse(Files.exists(out.resolve("model")));
        List<Map<String, String>> rows = csv(out.resolve("folds.csv"));
        assertEquals(180, rows.size(), "every row listed once");
        Map<String, Map<String, Integer>> testPerSplitAndClass = new HashMap<>();
        for (Map<String, String> r : rows) {
            String split = r.get("test_in");
            assertTrue(split.matches("[123]"), "k-fold puts every row in exactly one test fold: " + split);
            testPerSplitAndClass.computeIfAbsent(split, k -> new HashMap<>()).merge(r.get("label"), 1, Integer::sum);
        }
        JsonNode summary = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(3, summary.path("per_split").size());
        for (JsonNode split : summary.path("per_split")) {
            String n = split.path("split").asText();
            for (String digit : DIGITS) {
                int test = split.path("test_per_class").path(digit).asInt();
                assertEquals(testPerSplitAndClass.get(n).get(digit), test, "folds.csv and the printed counts agree");
                assertEquals(20, test, "60 images of a class in 3 stratified folds");
                assertEquals(40, split.path("train_per_class").path(digit).asInt());
            }
        }
        assertTrue(o.stdout().contains("cv: split 2/3"), o.stdout());
        assertEquals("complete", JSON.readTree(out.resolve("status.json").toFile()).path("state").asText());
    }
}
