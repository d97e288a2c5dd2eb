package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.model.HadoopModelFolder;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.Provenance;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.testing.DemoImages;
import org.apache.hadoop.conf.Configuration;
import dev.trainspark.models.TrainableNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export} folds a trained small_cnn_bn; {@code predict} and {@code evaluate} on the export score as on the original. */
class ExportCommandTest {
    private static final String[] DIGITS = {"2", "4", "7"};
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.SMALL_CNN_BN, 28, 28, 1, 3, "adam", 1e-2, 0, 5);

    @TempDir
    static Path tmp;
    private static Path model;
    private static Path images;

    /** A model a few steps into training on random data, so its normalizations hold statistics of their own. */
    @BeforeAll
    static void trainedModelAndImages() throws Exception {
        TrainableNetwork net = Networks.build(SPEC);
        Nd4j.getRandom().setSeed(11);
        for (int step = 0; step < 4; step++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 3);
            for (int i = 0; i < 16; i++) {
                y.putScalar(i, (i + step) % 3, 1);
            }
            net.fit(x, y);
        }
        model = tmp.resolve("trained");
        Provenance provenance = new Provenance("0.1.0", "ab12", 5, "12:00ff", null, null, "2024-05-01T10:00:00Z", null);
        new SavedModel(SPEC, List.of(DIGITS), List.of(new ModelState(net.params().toFloatVector(), new float[0])), null, provenance)
                .write(new HadoopModelFolder(new HadoopFiles(new Configuration()), new org.apache.hadoop.fs.Path(model.toUri())));
        images = DemoImages.copyClasses(tmp.resolve("digits"), 4, DIGITS);
    }

    /** Each image's predicted class and probabilities, by id. */
    private static Map<String, String> predict(String command, Path modelDir, String out) throws Exception {
        Console.Outcome o = Console.run(command, "--model", modelDir.toString(), "--data", images.toString(),
                "--out", tmp.resolve(out).toString(), "--set", "spark.master=local[2]");
        assertEquals(0, o.code(), o.stderr());
        List<String> lines = Files.readAllLines(tmp.resolve(out).resolve("predictions.csv"));
        assertEquals("id,path,label,predicted,p_2,p_4,p_7", lines.get(0));
        Map<String, String> byId = new HashMap<>();
        lines.subList(1, lines.size()).forEach(line -> byId.put(line.substring(0, line.indexOf(',')), line));
        assertEquals(12, byId.size());
        return byId;
    }

    @Test
    void theExportIsFoldedFlaggedAndPredictsAsTheTrainedModel() throws Exception {
        Path out = tmp.resolve("export");
        Console.Outcome exported = Console.run("export", "--model", model.toString(), "--out", out.toString());
        assertEquals(0, exported.code(), exported.stderr());
        // small_cnn_bn: three convolution-normalization pairs, each normalization's 4 x filters replaced by a bias.
        assertTrue(exported.stdout().contains("small_cnn_bn, batch normalization folded: 14 -> 11 layers, "), exported.stdout());
        ObjectMapper json = new ObjectMapper();
        Path folded = out.resolve("model");
        assertTrue(json.readTree(folded.resolve("spec.json").toFile()).path("inferenceOnly").asBoolean());
        JsonNode provenance = json.readTree(folded.resolve("provenance.json").toFile());
        assertTrue(provenance.path("parent").asText().endsWith("/trained"), provenance.toString());
        assertEquals("ab12", provenance.path("config_sha256").asText());

        Map<String, String> before = predict("predict", model, "before");
        Map<String, String> after = predict("predict", out, "after");
        for (Map.Entry<String, String> row : before.entrySet()) {
            String[] a = row.getValue().split(",", -1);
            String[] b = after.get(row.getKey()).split(",", -1);
            assertEquals(a[3], b[3], "predicted class of " + a[1]);
            for (int c = 4; c < 7; c++) {
                assertEquals(Double.parseDouble(a[c]), Double.parseDouble(b[c]), 1e-5, a[1] + " column " + c);
            }
        }

        Map<String, String> evaluated = predict("evaluate", folded, "evaluated");
        assertEquals(after.keySet(), evaluated.keySet());
        assertTrue(Files.exists(tmp.resolve("evaluated").resolve("metrics.json")));
    }

    @Test
    void anExportIsNotExportedAgainAndAFolderWithoutAModelIsBadData() {
        Path out = tmp.resolve("export-twice");
        assertEquals(0, Console.run("export", "--model", model.toString(), "--out", out.toString()).code());
        Console.Outcome again = Console.run("export", "--model", out.toString(), "--out", tmp.resolve("again").toString());
        assertEquals(2, again.code(), again.stderr());
        assertTrue(again.stderr().contains("is inference-only already"), again.stderr());
        assertFalse(Files.exists(tmp.resolve("again")));

        Console.Outcome none = Console.run("export", "--model", images.toString(), "--out", tmp.resolve("none").toString());
        assertEquals(3, none.code(), none.stderr());
        assertTrue(none.stderr().contains("is not a model folder"), none.stderr());
        assertFalse(Files.exists(tmp.resolve("none")));
    }
}
