package dev.trainspark.driver.deploy;

import dev.trainspark.driver.config.ConfigLoader;
import dev.trainspark.driver.config.TrainsparkConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** conf/yarn.yaml and conf/k8s.yaml are valid configs that set event logging and JavaCPP's cache. */
class ClusterConfigsTest {
    private static Map<String, String> sparkConf(String file) throws IOException {
        String text = Files.readString(RepoFiles.root().resolve("conf").resolve(file));
        TrainsparkConfig config = ConfigLoader.load(text, file, List.of());
        return config.spark().conf();
    }

    @Test
    void yarnConfigLoadsWithEventLogAndExecutorCache() throws IOException {
        Map<String, String> conf = sparkConf("yarn.yaml");
        assertEquals("true", conf.get("spark.eventLog.enabled"));
        assertTrue(conf.get("spark.eventLog.dir").startsWith("hdfs://"));
        assertEquals("-Dorg.bytedeco.javacpp.cachedir=javacpp-cache", conf.get("spark.executor.extraJavaOptions"));
    }

    @Test
    void kubernetesConfigLoadsWithOneGpuPerTask() throws IOException {
        Map<String, String> conf = sparkConf("k8s.yaml");
        assertEquals("true", conf.get("spark.eventLog.enabled"));
        assertEquals("1", conf.get("spark.executor.resource.gpu.amount"));
        assertEquals("1", conf.get("spark.task.resource.gpu.amount"));
        assertEquals("/opt/trainspark/gpu/discover-gpus.sh", conf.get("spark.executor.resource.gpu.discoveryScript"));
        assertEquals("-Dorg.bytedeco.javacpp.cachedir=javacpp-cache", conf.get("spark.executor.extraJavaOptions"));
    }
}
