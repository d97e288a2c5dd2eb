package dev.trainspark.workers.device;

import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ND4J's threads follow the task: each task thread opens an OpenMP team of its task's cores. */
@WithLocalSpark
class TaskBindingTest {
    private static SparkSession spark;
    private final int processThreads = Nd4j.getEnvironment().maxThreads();

    @BeforeAll
    static void start(SparkSession session) {
        spark = session;
    }

    @AfterEach
    void restore() {
        TaskBinding.setThreads(processThreads);
    }

    @Test
    void everyTaskThreadOfALocalSessionGetsATeamOfItsOneCore() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> teams = sc.parallelize(List.of(1, 2, 3, 4, 5, 6), 6).map(i -> {
            // As a thread left by other work with a larger team would be.
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(3);
            TaskBinding.bindCurrentTask();
            return TaskBinding.threadTeamSize();
        }).collect();
        assertEquals(List.of(1, 1, 1, 1, 1, 1), teams);
    }

    @Test
    void theTeamSizeIsTheCallingThreadsOwn() throws Exception {
        int[] teams = new int[3];
        Thread before = new Thread(() -> teams[0] = TaskBinding.threadTeamSize());
        before.start();
        before.join();
        int other = teams[0] == 1 ? 2 : 1;
        Thread setter = new Thread(() -> {
            TaskBinding.setThreads(other);
            teams[1] = TaskBinding.threadTeamSize();
        });
        setter.start();
        setter.join();
        Thread after = new Thread(() -> teams[2] = TaskBinding.threadTeamSize());
        after.start();
        after.join();
        assertEquals(other, teams[1]);
        assertEquals(teams[0], teams[2], "another thread keeps the team every new thread starts with");
    }
}
