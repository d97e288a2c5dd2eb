package dev.trainspark.workers.device;

import dev.trainspark.pipeline.NativeThreads;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits ND4J to the Spark task that is running: on a GPU executor the task's assigned GPU becomes
 * ND4J's device for this thread; on CPU, ND4J's native and BLAS thread pools get as many threads as
 * the task has cores, so concurrent tasks do not oversubscribe the executor.
 */
public final class TaskBinding {
    private static final Logger LOG = LoggerFactory.getLogger(TaskBinding.class);
    /** The GPU each executor thread was last bound to, so a binding is logged once, not every round. */
    private static final ThreadLocal<String> BOUND_GPU = new ThreadLocal<>();

    private TaskBinding() {
    }

    /**
     * Binds the current thread to the running task's GPU and cores. Outside a Spark task (a direct
     * call, as in tests) ND4J is left as it is: its thread settings are the process's, and changing
     * them there changed what later tasks in the same JVM computed.
     */
    public static void bindCurrentTask() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return;
        }
        ResourceInformation gpu = task.resources().get("gpu").getOrElse(() -> null);
        if (gpu != null && gpu.addresses().length > 0) {
            String address = gpu.addresses()[0].trim();
            // On the CPU backend this is a no-op; the log line still shows which address Spark assigned.
            Nd4j.getAffinityManager().unsafeSetDevice(Integer.parseInt(address));
            if (!address.equals(BOUND_GPU.get())) {
                BOUND_GPU.set(address);
                LOG.info("task {} (partition {}) bound ND4J to GPU address {} on backend {}", task.taskAttemptId(),
                        task.partitionId(), address, Nd4j.getBackend().getClass().getSimpleName());
            }
        }
        setThreads(Math.max(1, task.cpus()));
    }

    /**
     * Sets ND4J's native threads: its own pool and the BLAS library's for this process, and the
     * OpenMP team of the calling thread, which oneDNN's kernels use. OpenMP keeps that setting per
     * thread (every new thread starts from one per core), so each task thread sets its own: with
     * two one-core tasks each opening a two-thread team, LeNet's fit ran ten times slower on two
     * busy cores.
     */
    public static void setThreads(int threads) {
        NativeThreads.set(threads);
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        if (ops.ompGetMaxThreads() != threads) {
            ops.setOmpNumThreads(threads);
        }
    }

    /** The OpenMP team size of the calling thread. */
    public static int threadTeamSize() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
