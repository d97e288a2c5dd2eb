package dev.trainspark.driver.config;

import dev.trainspark.pipeline.BadParameterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@code train --resume} may change in a run's config. A resumed run goes on from its checkpoint
 * over the same training rows with the same network, so it may train longer and run differently
 * (epochs, checkpoints kept, how replicas are averaged, Spark's resources, what is reported), but
 * not change what it trains on or what it trains: data, split, seed, model, rebalancing,
 * augmentation, selection, workers, batch, the validation share. A changed key of that kind would
 * move rows between the training and test (or validation) sides under the run, or load a
 * checkpoint into another network.
 */
public final class ResumeChanges {
    /** Keys, or key prefixes ending in a dot, a resume may change. */
    static final List<String> CHANGEABLE = List.of(
            "train.epochs", "train.keep_checkpoints", "train.prefetch", "train.sync", "train.eval_batch_size",
            "train.sanity", "train.sanity_factor", "train.divergence.", "train.early_stopping.patience",
            "train.early_stopping.min_delta", "spark.", "metrics.", "evaluate.", "registry.", "retrain.");

    private ResumeChanges() {
    }

    /** Refuses (exit 2) a resume whose overrides change a key that must stay as the run had it. */
    public static void check(TrainsparkConfig saved, TrainsparkConfig resumed) {
        Map<String, String> before = ConfigLoader.flatten(saved);
        Map<String, String> after = ConfigLoader.flatten(resumed);
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> refused = new ArrayList<>();
        for (String key : keys) {
            String was = before.get(key);
            String is = after.get(key);
            if (!Objects.equals(was, is) && !changeable(key)) {
                refused.add(key + " (the run has " + (was == null ? "it unset" : was) + ", this resume "
                        + (is == null ? "unsets it" : is) + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new BadParameterException("--resume cannot change " + String.join(", ", refused)
                    + ": a resumed run keeps its data, split, seed, model, rebalancing, augmentation, selection, workers, batch "
                    + "and validation share; accepted: the run's values, or a new run without --resume; a resume may change "
                    + String.join(", ", CHANGEABLE.stream().map(k -> k.endsWith(".") ? k + "*" : k).toList()));
        }
    }

    static boolean changeable(String key) {
        return CHANGEABLE.stream().anyMatch(k -> k.endsWith(".") ? key.startsWith(k) : key.equals(k));
    }
}
