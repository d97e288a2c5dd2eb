package dev.trainspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.driver.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench smote} on a small generated dataset: it makes every synthetic row it should, reports
 * both timings, and the distributed partners are the single-process search's neighbours.
 */
class SmoteBenchmarkTest {
    @TempDir
    Path tmp;

    @Test
    void smallRunBalancesTheMinorityAndReportsBothContenders() throws Exception {
        Path out = tmp.resolve("bench");
        assertEquals(0, Main.run("bench", "smote", "--rows", "2000", "--dims", "16", "--minority-share", "0.1",
                "--in-process", "--out", out.toString(), "--set", "spark.master=local[2]"));
        JsonNode r = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(2000 - 200 - 200, r.path("syntheticRows").asLong(), "minority raised to the majority's 1800");
        assertEquals(2000L * 16 * 4, r.path("datasetBytes").asLong());
        assertTrue(r.path("distributedSeconds").asDouble() > 0 && r.path("singleProcessSeconds").asDouble() > 0);
        assertTrue(r.path("sparkFloorSeconds").asDouble() > 0, "Spark's floor, the same I/O without the search, is measured");
        assertEquals(r.path("syntheticRows").asLong(), r.path("partnersChecked").asLong());
        assertEquals(0, r.path("partnersOutsideLists").asLong());
        assertTrue(r.path("executorsInDriverJvm").asBoolean(), "local[2] shares the driver's JVM and says so");
    }
}
