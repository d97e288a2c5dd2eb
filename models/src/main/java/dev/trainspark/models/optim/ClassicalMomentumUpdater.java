package dev.trainspark.models.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.learning.GradientUpdater;

import java.util.Map;

/** The state and step of {@link ClassicalMomentum}: one velocity value per parameter. */
final class ClassicalMomentumUpdater implements GradientUpdater<ClassicalMomentum> {
    static final String VELOCITY = "V";

    private final ClassicalMomentum config;
    private INDArray velocity;

    ClassicalMomentumUpdater(ClassicalMomentum config) {
        this.config = config;
    }

    @Override
    public ClassicalMomentum getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> state, boolean initialize) {
        if (state == null || state.size() != 1 || !state.containsKey(VELOCITY)) {
            throw new IllegalStateException("classical momentum keeps one state array, " + VELOCITY + "; got "
                    + (state == null ? null : state.keySet()));
        }
        velocity = state.get(VELOCITY);
        if (initialize) {
            velocity.assign(0);
        }
    }

    @Override
    public Map<String, INDArray> getState() {
        return Map.of(VELOCITY, velocity);
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        if (initialize) {
            viewArray.assign(0);
        }
        // A view, not a copy: the network's updater state array is where DL4J (and parameter averaging) reads it.
        velocity = Shape.newShapeNoCopy(viewArray, gradientShape, gradientOrder == 'f');
        if (velocity == null) {
            throw new IllegalStateException("cannot view the momentum state with the gradient's shape");
        }
    }

    /** On return {@code gradient} holds the step DL4J subtracts from the parameters. */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (velocity == null) {
            throw new IllegalStateException("the momentum updater has no state array yet");
        }
        double learningRate = config.getLearningRate(iteration, epoch);
        velocity.muli(config.getMomentum()).addi(gradient.muli(learningRate));
        gradient.assign(velocity);
    }
}
