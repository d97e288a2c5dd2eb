package dev.trainspark.driver.config;

/** The whole run configuration; every section has defaults, so an empty file is a valid config. */
public record TrainsparkConfig(DataConfig data, SplitConfig split, ModelConfig model, TrainConfig train,
                               SparkConfig spark, Long seed) {
    public TrainsparkConfig {
        data = data == null ? new DataConfig(null, null, null) : data;
        split = split == null ? new SplitConfig(null, null, null) : split;
        model = model == null ? new ModelConfig(null, null, null, null) : model;
        train = train == null ? new TrainConfig(null, null, null, null, null) : train;
        spark = spark == null ? new SparkConfig(null, null, null) : spark;
        seed = seed == null ? 42L : seed;
    }
}
