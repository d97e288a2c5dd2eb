package dev.trainspark.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainspark.pipeline.testing.DemoImages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingest, train and the run folder on a real HDFS (a MiniDFSCluster with a NameNode and a DataNode). */
class HdfsTrainTest {
    private static final String[] DIGITS = {"0", "1", "7"};

    @TempDir
    static java.nio.file.Path tmp;
    private static MiniDFSCluster cluster;
    private static FileSystem hdfs;
    private static String root;

    @BeforeAll
    static void startHdfs() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
        root = hdfs.getUri().toString();
        java.nio.file.Path local = DemoImages.copyClasses(tmp.resolve("digits"), 60, DIGITS);
        hdfs.copyFromLocalFile(new Path(local.toUri()), new Path(root + "/data/digits"));
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void trainsFromAndWritesToHdfs() throws Exception {
        String out = root + "/runs/hdfs-train";
        int code = Main.run("train", "--data", root + "/data/digits", "--out", out,
                "--set", "split.test_per_class=15", "--set", "train.epochs=2", "--set", "train.averaging_frequency=2");
        assertEquals(0, code);
        ObjectMapper json = new ObjectMapper();
        assertEquals("complete", read(json, out + "/status.json").path("state").asText());
        JsonNode metrics = read(json, out + "/metrics.json");
        assertEquals(45, sumSupport(metrics), "15 test images of each of 3 classes");
        assertTrue(metrics.path("accuracy").asDouble() > 0.8, "accuracy " + metrics.path("accuracy"));
        for (String f : new String[]{"/model/network.zip", "/checkpoints/epoch-0002/state.bin", "/report.html",
                "/dataset/dataset.json", "/events.jsonl"}) {
            assertTrue(hdfs.exists(new Path(out + f)), f + " on HDFS");
        }
    }

    private static long sumSupport(JsonNode metrics) {
        long n = 0;
        for (String d : DIGITS) {
            n += metrics.path("per_class").path(d).path("support").asLong();
        }
        return n;
    }

    private static JsonNode read(ObjectMapper json, String path) throws Exception {
        try (InputStream in = hdfs.open(new Path(path))) {
            return json.readTree(in);
        }
    }
}
