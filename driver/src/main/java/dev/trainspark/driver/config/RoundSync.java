package dev.trainspark.driver.config;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * How the workers' replicas are averaged after each round ({@code train.sync}).
 */
public enum RoundSync {
    /**
     * Every round is a Spark job: the driver broadcasts the state, each task fits its minibatches
     * and returns its replica, {@code treeAggregate} sums them and the driver takes the mean.
     * Works on any master and with dynamic allocation; pays a job's launch, a broadcast and an
     * aggregation through the driver every round.
     */
    DRIVER("driver"),
    /**
     * Every epoch is one Spark barrier stage: the tasks stay up for the whole epoch and average among
     * themselves over a TCP ring after each round (each sends and receives about twice its state,
     * whatever the number of workers); the driver broadcasts once and gets the state back once per
     * epoch. Needs a task slot for every worker at once, and no dynamic allocation.
     */
    ALLREDUCE("allreduce");

    private final String configName;

    RoundSync(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static RoundSync fromConfigName(String name) {
        for (RoundSync s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        throw CONFIG.rejection("train.sync", name, "driver, allreduce");
    }
}
