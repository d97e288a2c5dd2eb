/**
 * Networks and what a trained one is: network definitions (LeNet, a small CNN with batch
 * normalization, ResNet-18/34 as computation graphs), one view of a built network whichever kind it
 * is ({@link dev.trainspark.models.TrainableNetwork}), the specification they are built from,
 * losses, the flat parameter and updater state averaged between workers, and the saved-model format with its provenance. DL4J only:
 * nothing here knows about Spark or file systems (a {@link dev.trainspark.models.ModelFolder} is
 * given by the caller). The classic networks (AlexNet, VGG, Inception) adapt to small inputs as
 * {@link dev.trainspark.models.SmallInputs} says. A trained network's batch normalization folds into
 * the layers before it for inference ({@link dev.trainspark.models.BatchNormFolding}).
 */
package dev.trainspark.models;
