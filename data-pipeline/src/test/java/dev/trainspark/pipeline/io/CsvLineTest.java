package dev.trainspark.pipeline.io;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvLineTest {

    @Test
    void plainFieldsAreJoinedByCommasWithoutQuotes() {
        assertEquals("id-1,data/3/a.png,3", CsvLine.of("id-1", "data/3/a.png", "3"));
        assertEquals("a,,b", CsvLine.of("a", "", "b"));
        assertEquals("", CsvLine.of(List.of()));
        assertEquals("x y;z", CsvLine.of(List.of("x y;z")));
    }

    @Test
    void aFieldWithACommaIsQuoted() {
        assertEquals("\"a,b\",c", CsvLine.of("a,b", "c"));
    }

    @Test
    void quotesAreDoubledInsideAQuotedField() {
        assertEquals("\"say \"\"hi\"\"\",1", CsvLine.of("say \"hi\"", "1"));
        assertEquals("\"\"\"\"", CsvLine.of("\""));
        assertEquals("\"a,\"\"b\"\"\"", CsvLine.of("a,\"b\""));
    }

    @Test
    void lineBreaksAreRefusedNamingTheField() {
        IllegalArgumentException lf = assertThrows(IllegalArgumentException.class, () -> CsvLine.of("ok", "two\nlines"));
        assertTrue(lf.getMessage().contains("two\nlines") && lf.getMessage().contains("line break"), lf.getMessage());
        IllegalArgumentException cr = assertThrows(IllegalArgumentException.class, () -> CsvLine.of(List.of("carriage\rreturn")));
        assertTrue(cr.getMessage().contains("line break"), cr.getMessage());
    }
}
