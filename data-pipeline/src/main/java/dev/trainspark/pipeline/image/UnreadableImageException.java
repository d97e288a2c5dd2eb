package dev.trainspark.pipeline.image;

/** The bytes are not a complete PNG or JPEG image, or one too large to decode; the message says why. */
public class UnreadableImageException extends Exception {
    public UnreadableImageException(String reason) {
        super(reason);
    }
}
