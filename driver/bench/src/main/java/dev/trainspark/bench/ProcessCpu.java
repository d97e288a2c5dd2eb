package dev.trainspark.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM. */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /**
     * CPU time of this JVM, which in local mode runs the executors too: on a shared machine it moves
     * less than the wall time. -1e9 where the JVM does not report it.
     */
    static long nanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1_000_000_000L;
    }
}
