package dev.trainspark.workers.select;

/** The selector of each {@link SelectionSpec.Method}: a new selector is registered here. */
public final class BatchSelectors {
    private BatchSelectors() {
    }

    /** The selector, or null for {@link SelectionSpec.Method#NONE}, where nothing is forwarded ahead. */
    public static BatchSelector of(SelectionSpec spec) {
        return switch (spec.method()) {
            case NONE -> null;
            case OHEM -> new HardestFirst();
            case S_OHEM -> new StratifiedHard(spec.strataWeights());
            case SELECTIVE_BACKPROP -> new SelectiveBackprop(spec.beta());
        };
    }
}
