package dev.trainspark.driver.config;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.OptimizerSpec;
import dev.trainspark.pipeline.rebalance.RebalanceSpec;
import dev.trainspark.pipeline.split.FoldSpec;

/** The whole run configuration; every section has defaults, so an empty file is a valid config. */
public record TrainsparkConfig(DataConfig data, SplitConfig split, RebalanceSpec rebalance, AugmentConfig augment,
                               SelectConfig select, ModelConfig model, TrainConfig train, FoldSpec cv, MetricsConfig metrics,
                               EvaluateConfig evaluate, RegistryConfig registry, RetrainConfig retrain, SparkConfig spark,
                               Long seed) {
    public TrainsparkConfig {
        data = data == null ? new DataConfig(null, null, null, null) : data;
        split = split == null ? new SplitConfig(null, null, null) : split;
        rebalance = rebalance == null ? RebalanceSpec.defaults() : rebalance;
        augment = augment == null ? AugmentConfig.none() : augment;
        cv = cv == null ? FoldSpec.defaults() : cv;
        metrics = metrics == null ? new MetricsConfig(null, null, null, null, null, null) : metrics;
        evaluate = evaluate == null ? new EvaluateConfig(null) : evaluate;
        registry = registry == null ? new RegistryConfig(null, null) : registry;
        retrain = retrain == null ? new RetrainConfig(null, null, null, null) : retrain;
        select = select == null ? new SelectConfig(null, null, null, null, null, null) : select;
        model = model == null ? new ModelConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null) : model;
        train = train == null ? new TrainConfig(null, null, null, null, null, null, null, null, null, null, null, null) : train;
        spark = spark == null ? new SparkConfig(null, null, null) : spark;
        seed = seed == null ? 42L : seed;
        augment.requireUsableWith(data.image().channels());
    }

    /** The network this config describes, for a dataset with {@code numClasses} classes. */
    public NetworkSpec networkSpec(int numClasses) {
        ImageConfig image = data.image();
        return new NetworkSpec(Architecture.fromConfigName(model.architecture()), image.height(), image.width(),
                image.channels(), numClasses, model.optimizerSpec(), seed, null, model.lossSpec(), model.width());
    }
}
