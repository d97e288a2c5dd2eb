package dev.trainspark.models;

/**
 * Turns on DL4J's oneDNN kernels for convolution, pooling, batch normalization and local response
 * normalization on the CPU backend.
 *
 * <p>Without them DL4J 1.0.0-M2.1 runs a convolution as im2col into a permuted 6-d view, a
 * strided copy and a BLAS product assembled from Java, and LeNet spends a third of its training
 * time in that copy; with them it trains about three times faster per core ({@code bench train}
 * prints the figures; the property below runs it on the built-in kernels for comparison). Two things stand in the way in that release: helper
 * creation is off unless the system property {@value #DISABLE_PROPERTY} is {@code false}, and the
 * check that the native library was built with oneDNN looks up a class under the package it had
 * before it moved, so it always failed ({@code org.nd4j.nativeblas.Nd4jCpu} in this module answers
 * that check from the library that is loaded). The native classifier is the oneDNN build
 * ({@code nd4j.classifier} in the root POM); oneDNN picks its kernels for the CPU it finds at run
 * time, so the same jar serves AVX2 and AVX-512 nodes.
 *
 * <p>{@code -D}{@value #DISABLE_PROPERTY}{@code =true} on a JVM keeps DL4J's built-in kernels.
 */
public final class OneDnnKernels {
    /** DL4J's switch: helpers are created only when it reads {@code false}. */
    public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnnKernels() {
    }

    /**
     * Lets layers created after this call use oneDNN, unless the JVM was started with the property
     * set. Layers pick their kernels when they are created, so this runs before any network is built
     * or loaded.
     */
    public static void enable() {
        if (System.getProperty(DISABLE_PROPERTY) == null) {
            System.setProperty(DISABLE_PROPERTY, "false");
        }
    }
}
