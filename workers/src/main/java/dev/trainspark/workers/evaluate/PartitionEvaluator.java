package dev.trainspark.workers.evaluate;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.pipeline.metrics.ConfusionState;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.workers.fit.ModelState;
import dev.trainspark.workers.fit.NetworkPool;
import dev.trainspark.workers.fit.Sample;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Predicts a partition's rows with the broadcast parameters and counts them into a confusion state. */
public final class PartitionEvaluator implements Serializable {
    private final NetworkSpec spec;
    private final int batchSize;

    public PartitionEvaluator(NetworkSpec spec, int batchSize) {
        this.spec = spec;
        this.batchSize = batchSize;
    }

    public ConfusionState evaluate(Iterator<Sample> rows, ModelState state) {
        TaskBinding.bindCurrentTask();
        ConfusionState confusion = new ConfusionState(spec.numClasses());
        MultiLayerNetwork net = NetworkPool.borrow(spec);
        try {
            net.setParams(Nd4j.create(state.params()));
            List<Sample> batch = new ArrayList<>(batchSize);
            while (rows.hasNext()) {
                batch.add(rows.next());
                if (batch.size() == batchSize || !rows.hasNext()) {
                    INDArray out = net.output(Minibatch.featuresOf(batch, spec.channels(), spec.height(), spec.width()));
                    int[] predicted = out.argMax(1).toIntVector();
                    for (int i = 0; i < batch.size(); i++) {
                        confusion.add(batch.get(i).label(), predicted[i]);
                    }
                    batch.clear();
                }
            }
            return confusion;
        } finally {
            NetworkPool.release(spec, net);
        }
    }
}
