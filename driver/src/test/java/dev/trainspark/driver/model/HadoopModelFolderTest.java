package dev.trainspark.driver.model;

import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.models.Architecture;
import dev.trainspark.models.ModelState;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.Networks;
import dev.trainspark.models.Provenance;
import dev.trainspark.models.SavedModel;
import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HadoopModelFolderTest {
    private static final NetworkSpec SPEC = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "sgd", 0.05, 1e-4, 9);
    private static final List<String> CLASSES = List.of("0", "3", "8");
    private static final Provenance PROVENANCE = new Provenance("0.1.0", "c0ffee", 7, "72:0123456789abcdef", null, null,
            "2024-05-01T10:00:00Z", "local-1");
    private final HadoopFiles files = new HadoopFiles(new Configuration());
    @TempDir
    Path tmp;

    private static ModelState member(long seed) {
        return ModelState.of(Networks.build(new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "sgd", 0.05, 1e-4, seed)));
    }

    private HadoopModelFolder folder(Path dir) {
        return new HadoopModelFolder(files, new org.apache.hadoop.fs.Path(dir.toUri()));
    }

    @Test
    void aWrittenEnsembleReadsBackWithSpecClassesMembersOffsetsAndProvenance() throws IOException {
        SavedModel model = new SavedModel(SPEC, CLASSES, List.of(member(1), member(2)), new double[]{0, 0.7, -1.5}, PROVENANCE);
        Path dir = tmp.resolve("model");
        model.write(folder(dir));
        assertTrue(Files.isRegularFile(dir.resolve("members/member-02.zip")));

        SavedModel read = HadoopModelFolder.read(files, dir.toString());
        assertEquals(SPEC, read.spec());
        assertEquals(CLASSES, read.classes());
        assertEquals(2, read.members().size());
        assertArrayEquals(model.members().get(0).params(), read.members().get(0).params());
        assertArrayEquals(model.members().get(1).params(), read.members().get(1).params());
        assertArrayEquals(new double[]{0, 0.7, -1.5}, read.offsets());
        assertEquals(PROVENANCE, read.provenance());
    }

    @Test
    void aRunFolderIsReadThroughItsModelFolder() throws IOException {
        ModelState only = member(3);
        Path run = tmp.resolve("run");
        new SavedModel(SPEC, CLASSES, List.of(only), null, PROVENANCE).write(folder(run.resolve(RunDirectory.MODEL)));
        SavedModel read = HadoopModelFolder.read(files, run.toUri().toString());
        assertArrayEquals(only.params(), read.members().get(0).params());
        assertEquals(PROVENANCE, read.provenance());
    }

    @Test
    void aFolderWithoutSpecIsNotAModelFolder() throws IOException {
        Path dir = tmp.resolve("model");
        new SavedModel(SPEC, CLASSES, List.of(member(1)), null, PROVENANCE).write(folder(dir));
        Files.delete(dir.resolve(SavedModel.SPEC));
        BadDataException e = assertThrows(BadDataException.class, () -> HadoopModelFolder.read(files, dir.toString()));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("spec.json"), e.getMessage());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(BadDataException.class, () -> HadoopModelFolder.read(files, empty.toString()));
        assertTrue(e.getMessage().contains("'" + empty + "'") && e.getMessage().contains("not a model folder"), e.getMessage());
    }

    @Test
    void aMissingNetworkFileIsNamed() throws IOException {
        Path dir = tmp.resolve("model");
        new SavedModel(SPEC, CLASSES, List.of(member(1)), null, PROVENANCE).write(folder(dir));
        Files.delete(dir.resolve("network.zip"));
        BadDataException e = assertThrows(BadDataException.class, () -> HadoopModelFolder.read(files, dir.toString()));
        assertTrue(e.getMessage().contains("network.zip") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aFolderWrittenWithoutProvenanceReadsAsUnrecorded() throws IOException {
        Path dir = tmp.resolve("model");
        new SavedModel(SPEC, CLASSES, List.of(member(1)), null, PROVENANCE).write(folder(dir));
        Files.delete(dir.resolve(SavedModel.PROVENANCE));
        assertEquals(Provenance.unrecorded(), HadoopModelFolder.read(files, dir.toString()).provenance());
    }
}
