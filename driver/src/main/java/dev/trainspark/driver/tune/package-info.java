/**
 * Commands that look for good hyperparameters before a real run. The learning-rate range test
 * (Smith 2017; fast.ai's {@code lr_find}): one network trained from its initial state while the
 * rate rises exponentially, the smoothed loss recorded against the rate, and a rate suggested from
 * where it falls fastest.
 */
package dev.trainspark.driver.tune;
