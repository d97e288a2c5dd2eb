package dev.trainspark.models;


import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model made inference-only: every member's batch normalization folded into the layer
 * before it ({@link BatchNormFolding}), its spec marked {@link NetworkSpec#inferenceOnly()} so it is
 * rebuilt folded, classes and decision offsets as they were. The provenance still names the
 * training (config, seed, data); its parent is the trained model and its time the export's.
 */
public final class InferenceExport {
    private InferenceExport() {
    }

    /**
     * @param parent where the trained model was read from
     * @throws IllegalArgumentException when the model is inference-only already
     */
    public static SavedModel of(SavedModel trained, String parent, Instant now) {
        if (trained.spec().inferenceOnly()) {
            throw new IllegalArgumentException("the model at " + parent + " is inference-only already (exported before); "
                    + "accepted: a trained model");
        }
        List<ModelState> members = new ArrayList<>();
        for (ModelState member : trained.members()) {
            TrainableNetwork net = Networks.build(trained.spec());
            net.setParams(member.params());
            members.add(new ModelState(net.foldedParams().toFloatVector(), new float[0]));
        }
        Provenance p = trained.provenance();
        Provenance exported = new Provenance(p.trainsparkVersion(), p.configSha256(), p.seed(), p.trainDigest(),
                p.evaluationDigest(), parent, now.toString(), p.sparkApplicationId());
        return new SavedModel(trained.spec().asInferenceOnly(), trained.classes(), members, trained.offsets(), exported);
    }
}
