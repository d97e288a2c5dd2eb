package dev.trainspark.pipeline.testing;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link SparkSession} and {@link JavaSparkContext} parameters of test classes marked
 * {@link WithLocalSpark} with a {@code local[2]} session: no UI, few shuffle partitions.
 *
 * <p>Starting Spark costs seconds, so by default one session serves every class of the test JVM
 * and stops when the run ends; after each class its cached data is dropped, and a session that a
 * test stopped is started again for the next class.
 *
 * <p>A module whose tests also run commands that build their own session with
 * {@code SparkSession.builder().getOrCreate()} sets {@value #SCOPE_KEY}{@code =class} in its
 * {@code junit-platform.properties}, which stops the session after each class: getOrCreate would
 * otherwise adopt a live shared session, with its master and conf, instead of the one the
 * command asks for.
 */
public final class LocalSparkExtension implements ParameterResolver, AfterAllCallback {
    private static final String SCOPE_KEY = "trainspark.local-spark.scope";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SparkSession.class || type == JavaSparkContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SparkSession spark = shared(context).session();
        if (parameter.getParameter().getType() == JavaSparkContext.class) {
            return JavaSparkContext.fromSparkContext(spark.sparkContext());
        }
        return spark;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // A nested class ends while its enclosing class still holds the session.
        boolean topLevel = context.getParent().orElseThrow() == context.getRoot();
        ExtensionContext.Store store = store(context);
        SharedSession shared = store.get(SharedSession.class, SharedSession.class);
        if (!topLevel || shared == null) {
            return;
        }
        if (context.getConfigurationParameter(SCOPE_KEY).orElse("run").equals("class")) {
            store.remove(SharedSession.class);
            shared.close();
        } else {
            shared.dropCachedData();
        }
    }

    private static SharedSession shared(ExtensionContext context) {
        return store(context).getOrComputeIfAbsent(SharedSession.class);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(LocalSparkExtension.class));
    }

    /** The session of the test JVM; the root store closes it when the run ends. */
    private static final class SharedSession implements AutoCloseable {
        private SparkSession spark;

        SparkSession session() {
            if (spark == null || spark.sparkContext().isStopped()) {
                spark = SparkSession.builder()
                        .master("local[2]")
                        .appName("trainspark-test")
                        .config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "4")
                        .getOrCreate();
                spark.sparkContext().setLogLevel("WARN");
            }
            return spark;
        }

        /** So that a class starts with as much free memory as on a fresh session. */
        void dropCachedData() {
            if (spark == null || spark.sparkContext().isStopped()) {
                return;
            }
            spark.catalog().clearCache();
            JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs()
                    .values().forEach(rdd -> rdd.unpersist(false));
        }

        @Override
        public void close() {
            if (spark != null) {
                spark.stop();
            }
        }
    }
}
