package dev.trainspark.driver.config;

/**
 * Where the images are and how to read them.
 *
 * @param path           image folder root ({@code root/<class>/<image>}), CSV manifest, or an
 *                       ingested dataset folder; any Hadoop URI
 * @param image          size and channels every image is brought to
 * @param thumbnailSize  side of the thumbnail kept as a feature vector (default 8)
 */
public record DataConfig(String path, ImageConfig image, Integer thumbnailSize) {
    public DataConfig {
        if (path != null && path.isBlank()) {
            throw new IllegalArgumentException("data.path is empty; accepted: a folder, a CSV manifest or an ingested dataset");
        }
        image = image == null ? new ImageConfig(null, null, null) : image;
        thumbnailSize = thumbnailSize == null ? 8 : thumbnailSize;
        Checks.positive("data.thumbnail_size", thumbnailSize);
        if (thumbnailSize > Math.min(image.height(), image.width())) {
            throw new IllegalArgumentException("data.thumbnail_size is " + thumbnailSize + "; accepted: at most the image side ("
                    + Math.min(image.height(), image.width()) + ")");
        }
    }
}
