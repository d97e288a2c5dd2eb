package dev.trainspark.driver.config;

import dev.trainspark.workers.fit.MinibatchSteps;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * Parameter-averaging settings.
 *
 * @param workers             shards, one Spark task each (default 2)
 * @param epochs              passes over the shards (default 10)
 * @param batchSize           examples per minibatch per worker (default 32)
 * @param averagingFrequency  minibatches each worker fits between averagings (default 5)
 * @param evalBatchSize       examples per forward pass in evaluation (default 256)
 * @param keepCheckpoints     newest epoch checkpoints kept, besides the one with the best test balanced accuracy
 *                            (with early stopping: the best validation epoch's instead) (default 2)
 * @param prefetch            minibatches each worker assembles (augments, mixes) ahead of the fit on a
 *                            background thread (default 2); 0 assembles each on the fitting thread
 * @param sanity              compare the first round's loss with the loss an untrained network should
 *                            show, and warn when it is far off (default true)
 * @param sanityFactor        how far off, as a ratio either way, before that warning (default 2)
 * @param divergence          roll-back and learning-rate cut when a round's loss blows up
 * @param earlyStopping       stop on a validation share of the training split; null (absent) = off
 * @param sync                how replicas are averaged after each round: {@code driver} (a Spark job per
 *                            round, the default) or {@code allreduce} (a barrier stage per epoch, the tasks
 *                            averaging among themselves); see {@link RoundSync}
 */
public record TrainConfig(Integer workers, Integer epochs, Integer batchSize, Integer averagingFrequency,
                          Integer evalBatchSize, Integer keepCheckpoints, Integer prefetch, Boolean sanity,
                          Double sanityFactor, DivergenceConfig divergence, EarlyStoppingConfig earlyStopping, String sync) {
    public TrainConfig {
        workers = workers == null ? 2 : workers;
        epochs = epochs == null ? 10 : epochs;
        batchSize = batchSize == null ? 32 : batchSize;
        averagingFrequency = averagingFrequency == null ? 5 : averagingFrequency;
        evalBatchSize = evalBatchSize == null ? 256 : evalBatchSize;
        keepCheckpoints = keepCheckpoints == null ? 2 : keepCheckpoints;
        prefetch = prefetch == null ? MinibatchSteps.DEFAULT_PREFETCH : prefetch;
        sanity = sanity == null ? Boolean.TRUE : sanity;
        sanityFactor = sanityFactor == null ? 2.0 : sanityFactor;
        divergence = divergence == null ? DivergenceConfig.defaults() : divergence;
        sync = sync == null ? RoundSync.DRIVER.configName() : sync;
        RoundSync.fromConfigName(sync);
        CONFIG.positive("train.workers", workers);
        CONFIG.positive("train.epochs", epochs);
        CONFIG.positive("train.batch_size", batchSize);
        CONFIG.positive("train.averaging_frequency", averagingFrequency);
        CONFIG.positive("train.eval_batch_size", evalBatchSize);
        CONFIG.atLeast("train.keep_checkpoints", keepCheckpoints, 1);
        CONFIG.atLeast("train.prefetch", prefetch, 0);
        CONFIG.require(sanityFactor > 1 && !sanityFactor.isInfinite(), "train.sanity_factor", sanityFactor,
                "a finite number > 1");
    }

    /** {@link #sync()} as the mode it names. */
    public RoundSync roundSync() {
        return RoundSync.fromConfigName(sync);
    }
}
