package dev.trainspark.workers.evaluate;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.TrainableNetwork;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.metrics.Prediction;
import dev.trainspark.pipeline.rebalance.ThresholdMoving;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.models.ModelState;
import dev.trainspark.workers.fit.NetworkPool;
import dev.trainspark.workers.fit.Sample;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Scores a partition's rows with one network or an ensemble (mean of the members' class
 * probabilities: a soft vote) and decides each row's class: argmax, or argmax after the model's
 * per-class decision offsets. With test-time augmentation the mean runs over every member and
 * every view of the image.
 */
public final class PartitionPredictor implements Serializable {
    private final NetworkSpec spec;
    private final int batchSize;
    private final double[] offsets;
    private final TestTimeAugmentation tta;

    /** @param offsets per-class decision offsets, or null for a plain argmax */
    public PartitionPredictor(NetworkSpec spec, int batchSize, double[] offsets) {
        this(spec, batchSize, offsets, TestTimeAugmentation.NONE);
    }

    /**
     * @param offsets per-class decision offsets, or null for a plain argmax
     * @param tta     the views each image is scored in
     */
    public PartitionPredictor(NetworkSpec spec, int batchSize, double[] offsets, TestTimeAugmentation tta) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("train.eval_batch_size is " + batchSize + "; accepted: an integer >= 1");
        }
        this.spec = spec;
        this.batchSize = batchSize;
        this.offsets = offsets == null ? null : offsets.clone();
        this.tta = Objects.requireNonNull(tta, "tta");
    }

    public Iterator<Prediction> predict(Iterator<Sample> rows, List<ModelState> members) {
        TaskBinding.bindCurrentTask();
        List<Prediction> out = new ArrayList<>();
        TrainableNetwork net = NetworkPool.borrow(spec);
        try {
            List<INDArray> params = new ArrayList<>(members.size());
            for (ModelState member : members) {
                params.add(Nd4j.create(member.params()));
            }
            if (params.size() == 1) {
                net.setParams(params.get(0));
            }
            List<Sample> batch = new ArrayList<>(batchSize);
            while (rows.hasNext()) {
                batch.add(rows.next());
                if (batch.size() == batchSize || !rows.hasNext()) {
                    scoreBatch(net, batch, params, out);
                    batch.clear();
                }
            }
            return out.iterator();
        } finally {
            NetworkPool.release(spec, net);
        }
    }

    /** @param params the members' parameters; with one member they are already set on {@code net} */
    private void scoreBatch(TrainableNetwork net, List<Sample> batch, List<INDArray> params, List<Prediction> out) {
        INDArray[] views = new INDArray[tta.viewCount()];
        views[0] = Minibatch.featuresOf(batch, spec.channels(), spec.height(), spec.width());
        for (int v = 1; v < views.length; v++) {
            views[v] = Minibatch.featuresOf(viewOf(batch, v), spec.channels(), spec.height(), spec.width());
        }
        float[][] mean = new float[batch.size()][];
        for (INDArray member : params) {
            if (params.size() > 1) {
                net.setParams(member);
            }
            for (INDArray features : views) {
                float[][] p = net.output(features).toFloatMatrix();
                for (int i = 0; i < p.length; i++) {
                    if (mean[i] == null) {
                        mean[i] = p[i];
                    } else {
                        for (int c = 0; c < p[i].length; c++) {
                            mean[i][c] += p[i][c];
                        }
                    }
                }
            }
        }
        int scored = params.size() * views.length;
        for (int i = 0; i < batch.size(); i++) {
            float[] probs = mean[i];
            if (scored > 1) {
                for (int c = 0; c < probs.length; c++) {
                    probs[c] /= scored;
                }
            }
            int predicted = offsets != null ? ThresholdMoving.predict(probs, offsets) : argmax(probs);
            Sample s = batch.get(i);
            out.add(new Prediction(s.id(), s.path(), s.label(), predicted, probs));
        }
    }

    /** The batch's rows with their pixels replaced by view {@code v}. */
    private List<Sample> viewOf(List<Sample> batch, int v) {
        ImageShape shape = new ImageShape(spec.height(), spec.width(), spec.channels());
        List<Sample> out = new ArrayList<>(batch.size());
        for (Sample s : batch) {
            out.add(new Sample(s.id(), s.label(), tta.view(s.pixels(), shape, v), s.path()));
        }
        return out;
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
