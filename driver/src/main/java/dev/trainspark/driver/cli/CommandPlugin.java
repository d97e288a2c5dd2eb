package dev.trainspark.driver.cli;

/**
 * A picocli command class that lives in a module the cluster jar leaves out (the benchmarks, with the
 * DL4J Spark peer they measure against). {@link Main} adds every one that {@link java.util.ServiceLoader}
 * finds under {@code META-INF/services/dev.trainspark.driver.cli.CommandPlugin}, so the driver never
 * names such a class.
 */
public interface CommandPlugin {
}
