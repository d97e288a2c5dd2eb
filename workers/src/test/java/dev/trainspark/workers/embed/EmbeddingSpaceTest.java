package dev.trainspark.workers.embed;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.StackDefinition;
import dev.trainspark.models.Networks;
import dev.trainspark.models.Provenance;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.BadParameterException;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.PngWriter;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class EmbeddingSpaceTest {
    private static final ImageShape SHAPE = new ImageShape(28, 28, 1);
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1);
    /** Width of LeNet's dense layer, the one before the output. */
    private static final int PENULTIMATE_WIDTH = 500;
    private static final SavedModel MODEL = new SavedModel(SPEC, List.of("a", "b", "c"),
            List.of(ModelState.of(Networks.build(SPEC))), null, Provenance.unrecorded());
    private static SparkSession spark;

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }


    /** A square of side {@code size} at the top left corner. */
    private static byte[] square(int size) {
        float[] pixels = new float[SHAPE.size()];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                pixels[y * SHAPE.width() + x] = 1f;
            }
        }
        return PngWriter.encode(pixels, SHAPE);
    }

    private static Row row(String id, String label, byte[] content) {
        return RowFactory.create(id, "/data/" + label + "/" + id + ".png", label, null, 28, 28, content, List.of(0.5f, 0.25f));
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** The dense layer's activations for one image, computed here without Spark. */
    private static float[] penultimate(byte[] content) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(((StackDefinition) SPEC.architecture().definition()).configure(SPEC));
        net.init();
        net.setParams(Nd4j.create(MODEL.members().get(0).params()));
        INDArray features = Minibatch.featuresOf(List.of(new Sample("x", 0, new ImageDecoder(SHAPE).decode(content))), 1, 28, 28);
        List<INDArray> activations = net.feedForwardToLayer(net.getnLayers() - 2, features, false);
        return activations.get(activations.size() - 1).reshape(1, -1).toFloatVector();
    }

    @Test
    void theThumbIsReplacedByThePenultimateLayersActivations() throws Exception {
        List<Row> rows = new ArrayList<>();
        rows.add(row("r0", "a", square(6)));
        rows.add(row("r1", "b", square(12)));
        rows.add(row("r2", "c", square(20)));
        rows.add(row("r3", "a", square(6)));
        rows.add(row("r4", "b", square(3)));
        Dataset<Row> data = spark.createDataFrame(rows, DatasetColumns.SCHEMA);
        // Batches of 2 put the two identical images (r0, r3) into different minibatches.
        Dataset<Row> embedded = EmbeddingSpace.apply(spark, data, MODEL, SHAPE, 2);
        assertEquals(DatasetColumns.SCHEMA, embedded.schema());
        Map<String, Row> byId = new HashMap<>();
        for (Row r : embedded.collectAsList()) {
            byId.put(r.getString(0), r);
        }
        assertEquals(5, byId.size());
        int thumb = embedded.schema().fieldIndex(DatasetColumns.THUMB);
        int content = embedded.schema().fieldIndex(DatasetColumns.CONTENT);
        for (Row in : rows) {
            Row out = byId.get(in.getString(0));
            float[] vector = floats(out.getList(thumb));
            assertEquals(PENULTIMATE_WIDTH, vector.length);
            assertArrayEquals(penultimate((byte[]) in.get(content)), vector, 1e-5f, in.getString(0));
            assertEquals(in.getString(2), out.getString(2), "label kept");
            assertArrayEquals((byte[]) in.get(content), (byte[]) out.get(content), "content kept");
        }
        float[] r0 = floats(byId.get("r0").getList(thumb));
        assertArrayEquals(r0, floats(byId.get("r3").getList(thumb)), "identical images, identical vectors");
        assertFalse(Arrays.equals(r0, floats(byId.get("r1").getList(thumb))), "another image, another vector");
    }

    @Test
    void aModelForAnotherImageSizeIsRefusedNamingItsKey() {
        Dataset<Row> data = spark.createDataFrame(List.of(row("r0", "a", square(6))), DatasetColumns.SCHEMA);
        for (ImageShape other : List.of(new ImageShape(32, 32, 1), new ImageShape(28, 28, 3))) {
            BadParameterException e = assertThrows(BadParameterException.class,
                    () -> EmbeddingSpace.apply(spark, data, MODEL, other, 2));
            assertTrue(e.getMessage().contains("rebalance.knn_model"), e.getMessage());
        }
    }
}
