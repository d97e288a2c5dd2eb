package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Answers DL4J 1.0.0-M2.1's check for a oneDNN-enabled native library
 * ({@code BaseMKLDNNHelper.mklDnnEnabled()}), which looks the environment up by reflection under this
 * class name, where it lived before the CPU bindings moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}. The answer is the loaded library's own:
 * whether it was built with oneDNN and has it switched on. Reached by reflection so that the module
 * still compiles against the CUDA backend, where DL4J never asks.
 *
 * @see dev.trainspark.models.OneDnnKernels
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The environment as DL4J's check expects it: a singleton with {@code isUseMKLDNN()}. */
    public static final class Environment {
        private static final String BINDINGS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** True when the loaded native library uses oneDNN; false when it cannot tell. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> bindings = Class.forName(BINDINGS);
                Object environment = bindings.getMethod("getInstance").invoke(null);
                Method useOneDnn = bindings.getMethod("isUseONEDNN");
                return (Boolean) useOneDnn.invoke(environment);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
