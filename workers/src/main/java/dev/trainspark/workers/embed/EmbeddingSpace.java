package dev.trainspark.workers.embed;

import dev.trainspark.models.SavedModel;
import dev.trainspark.models.NetworkSpec;
import dev.trainspark.models.TrainableNetwork;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.UnreadableImageException;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.workers.device.TaskBinding;
import dev.trainspark.workers.fit.Minibatch;
import dev.trainspark.models.ModelState;
import dev.trainspark.workers.fit.NetworkPool;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The kNN space of {@code rebalance.knn_space: embedding}: each row's {@code thumb} column is
 * replaced by the penultimate-layer activations of a trained model (the first member of an
 * ensemble), computed on the executors, so SMOTE, ADASYN, Tomek links and cluster centroids find
 * neighbours by what the network has learned instead of by raw pixels.
 */
public final class EmbeddingSpace {
    private EmbeddingSpace() {
    }

    public static Dataset<Row> apply(SparkSession spark, Dataset<Row> rows, SavedModel model, ImageShape shape, int batchSize) {
        NetworkSpec spec = model.spec();
        if (spec.height() != shape.height() || spec.width() != shape.width() || spec.channels() != shape.channels()) {
            throw new dev.trainspark.pipeline.BadParameterException("rebalance.knn_model expects " + spec.channels() + "x"
                    + spec.height() + "x" + spec.width() + " images but data.image is " + shape
                    + "; accepted: a model trained on images of the configured size");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ModelState> state = sc.broadcast(model.members().get(0));
        int thumb = rows.schema().fieldIndex(DatasetColumns.THUMB);
        int content = rows.schema().fieldIndex(DatasetColumns.CONTENT);
        int id = rows.schema().fieldIndex(DatasetColumns.ID);
        JavaRDD<Row> embedded = rows.javaRDD().mapPartitions(part -> embed(part, spec, shape, state.value(), id, thumb, content, batchSize));
        return spark.createDataFrame(embedded, rows.schema());
    }

    private static Iterator<Row> embed(Iterator<Row> rows, NetworkSpec spec, ImageShape shape, ModelState state, int id, int thumb,
                                       int content, int batchSize) throws UnreadableImageException {
        TaskBinding.bindCurrentTask();
        ImageDecoder decoder = new ImageDecoder(shape);
        TrainableNetwork net = NetworkPool.borrow(spec);
        List<Row> out = new ArrayList<>();
        try {
            net.setParams(state.params());
            List<Row> batch = new ArrayList<>(batchSize);
            List<Sample> samples = new ArrayList<>(batchSize);
            while (rows.hasNext()) {
                Row r = rows.next();
                batch.add(r);
                samples.add(new Sample(r.getString(id), 0, decoder.decode((byte[]) r.get(content))));
                if (batch.size() == batchSize || !rows.hasNext()) {
                    INDArray features = Minibatch.featuresOf(samples, spec.channels(), spec.height(), spec.width());
                    float[][] embedding = net.embedding(features).toFloatMatrix();
                    for (int i = 0; i < batch.size(); i++) {
                        Object[] values = new Object[batch.get(i).size()];
                        for (int f = 0; f < values.length; f++) {
                            values[f] = batch.get(i).get(f);
                        }
                        values[thumb] = toBoxed(embedding[i]);
                        out.add(RowFactory.create(values));
                    }
                    batch.clear();
                    samples.clear();
                }
            }
            return out.iterator();
        } finally {
            NetworkPool.release(spec, net);
        }
    }

    /** The external form Spark's row encoder takes for an {@code array<float>} column: a Scala sequence. */
    private static scala.collection.Seq<Object> toBoxed(float[] v) {
        return scala.Predef$.MODULE$.wrapFloatArray(v);
    }
}
