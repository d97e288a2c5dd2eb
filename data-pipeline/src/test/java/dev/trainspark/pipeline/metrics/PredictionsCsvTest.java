package dev.trainspark.pipeline.metrics;

import dev.trainspark.pipeline.BadDataException;
import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@WithLocalSpark
class PredictionsCsvTest {
    private static final List<String> CLASSES = List.of("cat", "dog", "bird, small");
    private static final String HEADER = "id,path,label,predicted,p_cat,p_dog,\"p_bird, small\"";
    private static JavaSparkContext sc;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(JavaSparkContext context) {
        sc = context;
    }

    @Test
    void writtenRowsReadBackEqual() throws Exception {
        List<Prediction> rows = List.of(
                new Prediction("a1", "s3a://bucket/x,\"y\".png", 0, 1, new float[] {0.25f, 0.7f, 0.05f}),
                new Prediction("a2", "", 2, 2, new float[] {1e-8f, 0.1f, 0.9f - 1e-8f}),
                new Prediction("a3", "/data/c.jpg", 1, 0, new float[] {1f / 3, 1f / 3, 1f / 3}));
        assertEquals(HEADER, PredictionsCsv.header(CLASSES));
        List<String> lines = new ArrayList<>();
        lines.add(PredictionsCsv.header(CLASSES));
        rows.forEach(p -> lines.add(PredictionsCsv.line(p, CLASSES)));
        assertEquals("a1,\"s3a://bucket/x,\"\"y\"\".png\",cat,dog,0.25,0.7,0.05", lines.get(1));
        Path file = tmp.resolve("predictions.csv");
        Files.write(file, lines);

        PredictionsCsv.Loaded loaded = PredictionsCsv.read(sc, file.toUri().toString());
        assertEquals(CLASSES, loaded.classNames());
        List<Prediction> back = new ArrayList<>(loaded.predictions().collect());
        back.sort(Comparator.comparing(Prediction::id));
        assertEquals(rows, back);
    }

    @Test
    void aLineBreakInAFieldIsRefusedOnWrite() {
        assertThrows(IllegalArgumentException.class, () -> PredictionsCsv.line(
                new Prediction("a\nb", "", 0, 0, new float[] {1, 0, 0}), CLASSES));
    }

    @Test
    void headerWithoutTheLabelColumnNamesLineAndColumn() throws Exception {
        Path file = write("bad-header.csv", "id,path,truth,predicted,p_cat,p_dog", "a,,cat,cat,1,0");
        BadDataException e = assertThrows(BadDataException.class, () -> PredictionsCsv.read(sc, file.toString()));
        assertMessage(e, "bad-header.csv line 1, column 3", "'truth'", "expected 'label'");
    }

    @Test
    void headerWithoutProbabilityColumnsIsBadData() throws Exception {
        Path file = write("no-p.csv", "id,path,label,predicted", "a,,cat,cat");
        assertMessage(assertThrows(BadDataException.class, () -> PredictionsCsv.read(sc, file.toString())),
                "no-p.csv line 1, column 5", "p_<class>");
    }

    @Test
    void emptyAndMissingFilesAreBadData() throws Exception {
        Path empty = write("empty.csv");
        assertMessage(assertThrows(BadDataException.class, () -> PredictionsCsv.read(sc, empty.toString())),
                "empty.csv", "empty");
        assertMessage(assertThrows(BadDataException.class,
                () -> PredictionsCsv.read(sc, tmp.resolve("nope.csv").toString())), "nope.csv", "no such");
    }

    @Test
    void wrongFieldCountNamesTheLine() throws Exception {
        assertRowRejected("a,,cat,cat,1,0", "line 3", "6 fields; expected 7");
    }

    @Test
    void unknownLabelNamesLineAndColumn() throws Exception {
        assertRowRejected("a,,cow,cat,1,0,0", "line 3, column 3 (label)", "'cow'");
        assertRowRejected("a,,cat,cow,1,0,0", "line 3, column 4 (predicted)", "'cow'");
    }

    @Test
    void nanNonNumericAndNegativeScoresNameTheColumn() throws Exception {
        assertRowRejected("a,,cat,cat,NaN,0,0", "line 3, column 5 (p_cat)", "NaN");
        assertRowRejected("a,,cat,cat,0.5,abc,0.5", "line 3, column 6 (p_dog)", "'abc'");
        assertRowRejected("a,,cat,cat,1.5,-0.5,0", "line 3, column 5 (p_cat)", "1.5");
        assertRowRejected("a,,cat,cat,0.5,0.5,-0.0001", "line 3, column 7 (p_bird, small)", "-0.0001");
    }

    @Test
    void probabilitiesMustSumToOneWithinTheTolerance() throws Exception {
        assertRowRejected("a,,cat,cat,0.5,0.4,0.09", "line 3, columns p_cat..p_bird, small", "sum to");
        Path fine = write("fine.csv", HEADER, "a,,cat,cat,0.5,0.4,0.0995");
        assertEquals(1, PredictionsCsv.read(sc, fine.toString()).predictions().count());
    }

    private void assertRowRejected(String badRow, String... fragments) throws Exception {
        Path file = write("rows.csv", HEADER, "ok,,dog,dog,0.1,0.8,0.1", badRow, "ok2,,cat,dog,0.3,0.6,0.1");
        PredictionsCsv.Loaded loaded = PredictionsCsv.read(sc, file.toString());
        Throwable thrown = assertThrows(Throwable.class, () -> loaded.predictions().count());
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof BadDataException)) {
            cause = cause.getCause();
        }
        if (cause == null) {
            fail("no BadDataException in the cause chain of " + thrown);
        }
        List<String> all = new ArrayList<>(List.of(fragments));
        all.add(0, "rows.csv");
        assertMessage((BadDataException) cause, all.toArray(new String[0]));
    }

    private static void assertMessage(BadDataException e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
    }

    private Path write(String name, String... lines) throws Exception {
        Path file = tmp.resolve(name);
        Files.write(file, List.of(lines));
        return file;
    }
}
