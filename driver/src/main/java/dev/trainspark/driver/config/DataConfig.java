package dev.trainspark.driver.config;

import dev.trainspark.pipeline.image.ImageDecoder;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * Where the images are and how to read them.
 *
 * @param path           image folder root ({@code root/<class>/<image>}), CSV manifest, or an
 *                       ingested dataset folder; any Hadoop URI
 * @param image          size and channels every image is brought to
 * @param thumbnailSize  side of the thumbnail kept as a feature vector (default 8)
 * @param maxPixels      most pixels (width x height, read from the file's header) an image may have
 *                       to be decoded; larger ones are skipped at ingest (default 50,000,000)
 */
public record DataConfig(String path, ImageConfig image, Integer thumbnailSize, Integer maxPixels) {
    public DataConfig {
        CONFIG.require(path == null || !path.isBlank(), "data.path", path,
                "a folder, a CSV manifest or an ingested dataset");
        image = image == null ? new ImageConfig(null, null, null) : image;
        thumbnailSize = thumbnailSize == null ? 8 : thumbnailSize;
        int side = Math.min(image.height(), image.width());
        CONFIG.between("data.thumbnail_size", thumbnailSize, 1, side);
        maxPixels = maxPixels == null ? ImageDecoder.DEFAULT_MAX_PIXELS : maxPixels;
        CONFIG.positive("data.max_pixels", maxPixels);
    }
}
