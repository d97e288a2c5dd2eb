package dev.trainspark.driver.train;

/**
 * Training ran but could not do what it was asked (it kept diverging, or could not overfit a
 * handful of images): an expected outcome, reported in one line that says why.
 */
public final class TrainingFailedException extends RuntimeException {
    public TrainingFailedException(String message) {
        super(message);
    }
}
