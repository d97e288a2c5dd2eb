package dev.trainspark.driver.config;

import dev.trainspark.pipeline.BadParameterException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundSyncConfigTest {
    @Test
    void roundsAreSparkJobsUnlessAllreduceIsAskedFor() {
        assertEquals(RoundSync.DRIVER, ConfigLoader.load("", "test", List.of()).train().roundSync());
        TrainsparkConfig c = ConfigLoader.load("train:\n  sync: allreduce\n", "test.yaml", List.of());
        assertEquals(RoundSync.ALLREDUCE, c.train().roundSync());
        assertEquals(c, ConfigLoader.load(ConfigLoader.toYaml(c), "resolved", List.of()));
    }

    @Test
    void anUnknownModeNamesTheKeyAndTheModes() {
        BadParameterException e = assertThrows(BadParameterException.class,
                () -> ConfigLoader.load("", "test", List.of("train.sync=ring")));
        assertTrue(e.getMessage().contains("train.sync is 'ring'; accepted: driver, allreduce"), e.getMessage());
    }
}
