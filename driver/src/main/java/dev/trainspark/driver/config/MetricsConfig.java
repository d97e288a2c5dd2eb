package dev.trainspark.driver.config;

import dev.trainspark.pipeline.metrics.MetricsOptions;

/**
 * The {@code metrics} section: how probability and ranking metrics are computed.
 *
 * @param topK              k of {@code top_k_accuracy} (default 5, capped at the number of classes)
 * @param eceBins           equal-width confidence bins of the expected calibration error (default 15)
 * @param curveMode         exact (a distributed sort, default) or binned (per-class histograms with
 *                          a reported error bound)
 * @param curveBins         histogram bins per class in binned mode (default 10000)
 * @param averagePrecision  stepwise (scikit-learn's, default), voc11 or coco101
 * @param curvePoints       most points per class kept for the ROC and PR plots (default 1000)
 */
public record MetricsConfig(Integer topK, Integer eceBins, String curveMode, Integer curveBins, String averagePrecision,
                            Integer curvePoints) {
    public MetricsConfig {
        MetricsOptions d = MetricsOptions.defaults();
        topK = topK == null ? d.topK() : topK;
        eceBins = eceBins == null ? d.eceBins() : eceBins;
        curveMode = curveMode == null ? d.curveMode().name().toLowerCase() : curveMode;
        curveBins = curveBins == null ? d.curveBins() : curveBins;
        averagePrecision = averagePrecision == null ? d.apConvention().name().toLowerCase() : averagePrecision;
        curvePoints = curvePoints == null ? d.curvePoints() : curvePoints;
        // Fields are assigned only after this body, so validate from the parameters.
        new MetricsOptions(topK, eceBins, MetricsOptions.parseCurveMode(curveMode), curveBins,
                MetricsOptions.parseApConvention(averagePrecision), curvePoints);
    }

    public MetricsOptions options() {
        return new MetricsOptions(topK, eceBins, MetricsOptions.parseCurveMode(curveMode), curveBins,
                MetricsOptions.parseApConvention(averagePrecision), curvePoints);
    }
}
