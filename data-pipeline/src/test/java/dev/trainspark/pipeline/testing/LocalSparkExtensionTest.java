package dev.trainspark.pipeline.testing;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalSparkExtensionTest {
    private static SparkSession stopped;

    @Test
    @Order(1)
    void sessionAndContextParametersShareOneLocalContext(SparkSession spark, JavaSparkContext sc) {
        assertSame(spark.sparkContext(), sc.sc());
        assertEquals("local[2]", sc.master());
        assertEquals("4", spark.conf().get("spark.sql.shuffle.partitions"));
        assertEquals(3, spark.range(3).count());
    }

    @Test
    @Order(2)
    void aTestMayStopTheSession(SparkSession spark) {
        spark.stop();
        stopped = spark;
        assertTrue(spark.sparkContext().isStopped());
    }

    @Test
    @Order(3)
    void theNextParameterIsALiveSessionAgain(SparkSession spark) {
        assertNotSame(stopped, spark);
        assertFalse(spark.sparkContext().isStopped());
        assertEquals(3, spark.range(3).count());
    }
}
