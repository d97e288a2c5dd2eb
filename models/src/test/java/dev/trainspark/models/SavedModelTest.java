package dev.trainspark.models;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SavedModelTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1,
            List.of(2.0, 1.0, 0.5));
    private static final List<String> CLASSES = List.of("cat", "dog", "fox");
    private static final Provenance PROVENANCE = new Provenance("0.1.0", "ab12", 42, "72:00ff", "8:0a0b", "runs/earlier",
            "2024-05-01T10:00:00Z", "local-123");

    private static ModelState member(long seed) {
        NetworkSpec spec = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, seed);
        return ModelState.of(Networks.build(spec));
    }

    @Test
    void anEnsembleWithOffsetsAndProvenanceReadsBackAsWritten() throws IOException {
        SavedModel model = new SavedModel(SPEC, CLASSES, List.of(member(1), member(2)), new double[]{0, -0.5, 1.25}, PROVENANCE);
        MemoryModelFolder folder = new MemoryModelFolder();
        model.write(folder);
        assertTrue(folder.exists("members/member-01.zip") && folder.exists("members/member-02.zip"), folder.names().toString());
        assertFalse(folder.exists(ModelFiles.NETWORK));

        SavedModel read = SavedModel.read(folder);
        assertEquals(SPEC, read.spec());
        assertEquals(CLASSES, read.classes());
        assertTrue(read.isEnsemble());
        assertEquals(2, read.members().size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(model.members().get(i).params(), read.members().get(i).params(), "member " + i);
        }
        assertArrayEquals(new double[]{0, -0.5, 1.25}, read.offsets());
        assertEquals(PROVENANCE, read.provenance());
    }

    @Test
    void aSingleNetworkWithoutOffsetsIsOneZip() throws IOException {
        ModelState only = member(3);
        MemoryModelFolder folder = new MemoryModelFolder();
        new SavedModel(SPEC, CLASSES, List.of(only), null, PROVENANCE).write(folder);
        assertTrue(folder.exists(ModelFiles.NETWORK));
        assertFalse(folder.exists("ensemble.json") || folder.exists("thresholds.json"), folder.names().toString());
        SavedModel read = SavedModel.read(folder);
        assertFalse(read.isEnsemble());
        assertArrayEquals(only.params(), read.members().get(0).params());
        assertNull(read.offsets());
    }

    @Test
    void aGraphNetworkReadsBackAsAGraphAndPredictsTheSame() throws IOException {
        NetworkSpec spec = new NetworkSpec(Architecture.RESNET18, 28, 28, 1, 3, new OptimizerSpec("adam", 1e-3, 0), 4,
                List.of(), null, 0.125);
        TrainableNetwork trained = Networks.build(spec);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        trained.fit(x, Nd4j.eye(3).getRows(0, 1, 2, 0).castTo(DataType.FLOAT));
        MemoryModelFolder folder = new MemoryModelFolder();
        new SavedModel(spec, CLASSES, List.of(ModelState.of(trained)), null, PROVENANCE).write(folder);

        SavedModel read = SavedModel.read(folder);
        assertEquals(spec, read.spec());
        TrainableNetwork loaded = Networks.build(read.spec());
        loaded.setParams(Nd4j.create(read.members().get(0).params()));
        assertEquals(trained.output(x), loaded.output(x));
    }

    @Test
    void provenanceIsWrittenWithSnakeCaseKeys() throws IOException {
        MemoryModelFolder folder = new MemoryModelFolder();
        new SavedModel(SPEC, CLASSES, List.of(member(1)), null, PROVENANCE).write(folder);
        String json = new String(folder.read(SavedModel.PROVENANCE), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"config_sha256\"") && json.contains("\"train_digest\"") && json.contains("\"spark_application_id\""), json);
    }

    @Test
    void aFolderWithoutProvenanceReadsAsUnrecorded() throws IOException {
        MemoryModelFolder folder = new MemoryModelFolder();
        new SavedModel(SPEC, CLASSES, List.of(member(1)), null, PROVENANCE).write(folder);
        folder.remove(SavedModel.PROVENANCE);
        assertEquals(Provenance.unrecorded(), SavedModel.read(folder).provenance());
    }

    @Test
    void inconsistentModelsAreRefused() {
        ModelState m = member(1);
        assertThrows(IllegalArgumentException.class, () -> new SavedModel(SPEC, CLASSES, List.of(), null, PROVENANCE));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(SPEC, List.of("cat", "dog"), List.of(m), null, PROVENANCE)).getMessage().contains("2 class names"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new SavedModel(SPEC, CLASSES, List.of(m), new double[2], PROVENANCE)).getMessage().contains("2 decision offsets"));
        assertThrows(IllegalArgumentException.class, () -> new SavedModel(SPEC, CLASSES, List.of(m), null, null));
    }

    @Test
    void readsTheSpecOfAFolderWrittenBeforeTheOptimiserHadItsOwnRecord() throws IOException {
        String earlier = "{\"architecture\":\"LENET\",\"height\":28,\"width\":28,\"channels\":1,\"numClasses\":3,"
                + "\"updater\":\"nesterovs\",\"learningRate\":0.01,\"l2\":0.0005,\"seed\":7,"
                + "\"classWeights\":[2.0,1.0,0.5],\"loss\":{\"kind\":\"focal\",\"gamma\":2.0,\"alpha\":[]}}";
        NetworkSpec spec = SavedModel.readSpec(earlier);
        assertEquals(new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "nesterovs", 0.01, 0.0005, 7, List.of(2.0, 1.0, 0.5),
                new LossSpec("focal", 2, List.of())), spec);
        assertEquals(1.0, spec.widthMultiplier());
        assertEquals(0.9, spec.optimizer().momentum(), "nesterovs kept the momentum it always had");
    }

    @Test
    void readsTheSpecOfAFolderWrittenBeforeTheOptimiserHadASchedule() throws IOException {
        String earlier = "{\"architecture\":\"LENET\",\"height\":28,\"width\":28,\"channels\":1,\"numClasses\":3,"
                + "\"optimizer\":{\"updater\":\"adam\",\"learningRate\":0.001,\"l2\":0.0005},\"seed\":7,"
                + "\"classWeights\":[],\"loss\":{\"kind\":\"cross_entropy\",\"gamma\":0.0,\"alpha\":[]},\"widthMultiplier\":1.0}";
        NetworkSpec spec = SavedModel.readSpec(earlier);
        assertEquals(new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 0.001, 0.0005, 7), spec);
        assertEquals(ScheduleSpec.constant(), spec.optimizer().schedule());
        assertEquals(0.9, spec.optimizer().momentum());
    }

    @Test
    void aSpecWithEveryOptimiserSettingReadsBackAsWritten() throws IOException {
        OptimizerSpec optimizer = new OptimizerSpec("momentum", 0.05, 0, 1e-5, 0.8, 0.001,
                new ScheduleSpec("cosine", 10, 0.1, 0, 0, 0, 1e-4, 0), "lecun_normal", 0.2, 5);
        NetworkSpec spec = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, optimizer, 7, null, null, 1.0);
        MemoryModelFolder folder = new MemoryModelFolder();
        new SavedModel(spec, CLASSES, List.of(ModelState.of(Networks.build(spec))), null, PROVENANCE).write(folder);
        assertEquals(spec, SavedModel.read(folder).spec());
    }
}
