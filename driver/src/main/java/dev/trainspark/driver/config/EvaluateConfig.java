package dev.trainspark.driver.config;

import dev.trainspark.workers.evaluate.TestTimeAugmentation;

/**
 * How a saved model scores images: in {@code evaluate}, {@code predict} and the test evaluation at
 * the end of {@code train} and {@code cv}.
 *
 * @param tta test-time augmentation: {@code none} (default) or {@code flips} (the mean of the
 *            class probabilities of the image and its left-right mirror)
 */
public record EvaluateConfig(String tta) {
    public EvaluateConfig {
        tta = tta == null ? TestTimeAugmentation.NONE.configName() : tta;
        TestTimeAugmentation.fromConfigName(tta);
    }

    public TestTimeAugmentation testTimeAugmentation() {
        return TestTimeAugmentation.fromConfigName(tta);
    }
}
