package dev.trainspark.workers.embed;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.GraphDefinition;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.OptimizerSpec;
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
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

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
    private static final SavedModel MODEL = model(SPEC);
    /** ResNet-18 at an eighth of its width: the global average pool before the output holds 512 / 8 values. */
    private static final NetworkSpec RESNET = new NetworkSpec(Architecture.RESNET18, 28, 28, 1, 3,
            new OptimizerSpec("adam", 1e-3, 0), 1, List.of(), null, 0.125);
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

    private static SavedModel model(NetworkSpec spec) {
        return new SavedModel(spec, List.of("a", "b", "c"), List.of(ModelState.of(Networks.build(spec))), null,
                Provenance.unrecorded());
    }

    static Stream<Arguments> bothKinds() {
        return Stream.of(Arguments.of(Named.of("lenet", SPEC), PENULTIMATE_WIDTH), Arguments.of(Named.of("resnet18/8", RESNET), 64));
    }

    /**
     * What the output layer takes for one image, computed here with DL4J's own network and without
     * Spark: LeNet's dense layer, ResNet's global average pool.
     */
    private static Function<INDArray, INDArray> penultimate(SavedModel model) {
        NetworkSpec spec = model.spec();
        INDArray params = Nd4j.create(model.members().get(0).params());
        if (spec.architecture().definition() instanceof GraphDefinition graph) {
            ComputationGraph net = new ComputationGraph(graph.configure(spec));
            net.init();
            net.setParams(params);
            return features -> net.feedForward(features, false).get("avgpool");
        }
        MultiLayerNetwork net = new MultiLayerNetwork(((StackDefinition) spec.architecture().definition()).configure(spec));
        net.init();
        net.setParams(params);
        return features -> {
            List<INDArray> activations = net.feedForwardToLayer(net.getnLayers() - 2, features, false);
            return activations.get(activations.size() - 1);
        };
    }

    private static INDArray features(byte[] content) throws Exception {
        return Minibatch.featuresOf(List.of(new Sample("x", 0, new ImageDecoder(SHAPE).decode(content))), 1, 28, 28);
    }

    @ParameterizedTest
    @MethodSource("bothKinds")
    void theThumbIsReplacedByThePenultimateLayersActivations(NetworkSpec spec, int embeddingWidth) throws Exception {
        SavedModel model = spec == SPEC ? MODEL : model(spec);
        Function<INDArray, INDArray> reference = penultimate(model);
        List<Row> rows = new ArrayList<>();
        rows.add(row("r0", "a", square(6)));
        rows.add(row("r1", "b", square(12)));
        rows.add(row("r2", "c", square(20)));
        rows.add(row("r3", "a", square(6)));
        rows.add(row("r4", "b", square(3)));
        Dataset<Row> data = spark.createDataFrame(rows, DatasetColumns.SCHEMA);
        // Batches of 2 put the two identical images (r0, r3) into different minibatches.
        Dataset<Row> embedded = EmbeddingSpace.apply(spark, data, model, SHAPE, 2);
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
            assertEquals(embeddingWidth, vector.length);
            float[] expected = reference.apply(features((byte[]) in.get(content))).reshape(1, -1).toFloatVector();
            assertArrayEquals(expected, vector, 1e-5f, in.getString(0));
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
