package dev.trainspark.driver.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a Spark distribution would be for the cluster tests, where none is served: a Spark home whose
 * {@code jars/} links exactly the jars spark-submit brings (the driver module's provided scope and
 * what Spark ships of its compile scope), and the cluster jar built by {@code package}. Only the
 * cluster jar brings trainspark, ND4J and picocli.
 *
 * @param home       the Spark home
 * @param clusterJar driver/target/trainspark-&lt;version&gt;-cluster.jar
 */
record SparkDistribution(Path home, Path clusterJar) {

    /** Links the jars into {@code home/jars} (failsafe names the target folder and the jar). */
    static SparkDistribution assemble(Path home) throws IOException {
        Path target = Path.of(System.getProperty("trainspark.target", "target")).toAbsolutePath();
        Path clusterJar = target.resolve(System.getProperty("trainspark.clusterJar", "trainspark-cluster.jar"));
        assertTrue(Files.isRegularFile(clusterJar), clusterJar + " is built by package before this test runs");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String file : List.of("spark-classpath.txt", "spark-shipped-classpath.txt")) {
            for (String entry : Files.readString(target.resolve(file)).trim().split(":")) {
                Path jar = Path.of(entry);
                if (!Files.exists(jars.resolve(jar.getFileName()))) {
                    Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
                }
            }
        }
        try (Stream<Path> listed = Files.list(jars)) {
            List<String> names = listed.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("spark-core_")), "the Spark home holds Spark");
            assertFalse(names.stream().anyMatch(n -> n.startsWith("trainspark") || n.startsWith("picocli")
                    || n.startsWith("nd4j") || n.startsWith("deeplearning4j")), "only the cluster jar brings trainspark: " + names);
        }
        return new SparkDistribution(home, clusterJar);
    }

    Path jars() {
        return home.resolve("jars");
    }

    /**
     * Writes {@code bin/spark-submit} as a distribution's launcher would run it: Spark's SparkSubmit on
     * the Spark jars, with the Hadoop and YARN configuration folders on the classpath and the
     * {@code --add-opens} flags Java 17 needs.
     */
    Path writeSparkSubmit() throws IOException {
        Path script = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
        Files.writeString(script, String.join("\n",
                "#!/usr/bin/env bash",
                "exec \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" -Xmx512m "
                        + System.getProperty("trainspark.addOpens", "") + " \\",
                "  -cp \"${HADOOP_CONF_DIR:+$HADOOP_CONF_DIR:}${YARN_CONF_DIR:+$YARN_CONF_DIR:}$SPARK_HOME/jars/*\" \\",
                "  org.apache.spark.deploy.SparkSubmit \"$@\"", ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
