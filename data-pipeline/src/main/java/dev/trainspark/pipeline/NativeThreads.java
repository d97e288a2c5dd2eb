package dev.trainspark.pipeline;

import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's native thread pools (its own and the BLAS library's), sized to the cores a Spark task was
 * given, so concurrent tasks on one executor do not oversubscribe it.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /**
     * Sizes ND4J to the running task's cores. Outside a Spark task (a direct call, as in tests)
     * ND4J is left as it is: its settings are the process's, and changing them there changes what
     * later work in the same JVM computes with.
     */
    public static void fitCurrentTask() {
        TaskContext task = TaskContext.get();
        if (task != null) {
            set(Math.max(1, task.cpus()));
        }
    }

    /** Sets ND4J's native threads for this process. */
    public static void set(int threads) {
        if (Nd4j.getEnvironment().maxThreads() != threads) {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }
}
