package dev.trainspark.workers.decode;

import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.UnreadableImageException;
import dev.trainspark.pipeline.augment.RandomAffine;
import dev.trainspark.pipeline.random.DerivedSeed;
import dev.trainspark.pipeline.rebalance.RebalanceColumns;
import dev.trainspark.pipeline.rebalance.SmoothedNoise;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Executor-side decode of rows into samples. Two row layouts:
 * <ul>
 *   <li>{@code (id, label, content, path)}: an ingested image;</li>
 *   <li>{@link #RECIPE_COLUMNS}: a rebalanced row, made into pixels here — a copy of parent a,
 *       optionally with smoothed-bootstrap noise, or {@code a + lambda (b - a)} for a synthetic row.</li>
 * </ul>
 * Ingest already proved every kept file decodes, so a failure here means the dataset changed
 * underneath the run.
 */
public final class DecodeSamples implements FlatMapFunction<Iterator<Row>, Sample> {
    /** Column order of recipe rows after the parents' content has been joined on. */
    public static final String[] RECIPE_COLUMNS = {"id", "label", "kind", "content_a", "content_b", "lambda", "noise_seed", "noise_scale"};

    private final ImageShape shape;
    private final List<String> classes;
    private final Broadcast<Map<String, float[]>> pixelStd;
    private final RandomAffine copyAugmentation;

    public DecodeSamples(ImageShape shape, List<String> classes) {
        this(shape, classes, null, null);
    }

    /**
     * @param pixelStd          per-class pixel standard deviations for smoothed-bootstrap rows, or null
     * @param copyAugmentation  warp applied to duplicate rows, seeded by the row id, or null
     */
    public DecodeSamples(ImageShape shape, List<String> classes, Broadcast<Map<String, float[]>> pixelStd,
                  RandomAffine copyAugmentation) {
        this.shape = shape;
        this.classes = List.copyOf(classes);
        this.pixelStd = pixelStd;
        this.copyAugmentation = copyAugmentation;
    }

    @Override
    public Iterator<Sample> call(Iterator<Row> rows) {
        ImageDecoder decoder = new ImageDecoder(shape);
        List<Sample> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String id = r.getString(0);
            String label = r.getString(1);
            try {
                out.add(r.size() == RECIPE_COLUMNS.length
                        ? new Sample(id, classes.indexOf(label), recipePixels(decoder, r, label))
                        : new Sample(id, classes.indexOf(label), decoder.decode((byte[]) r.get(2)), r.size() > 3 ? r.getString(3) : ""));
            } catch (UnreadableImageException e) {
                throw new IllegalStateException("row " + id + " no longer decodes: " + e.getMessage(), e);
            }
        }
        return out.iterator();
    }

    private float[] recipePixels(ImageDecoder decoder, Row r, String label) throws UnreadableImageException {
        float[] a = decoder.decode((byte[]) r.get(3));
        if (!r.isNullAt(4)) {
            float[] b = decoder.decode((byte[]) r.get(4));
            float lambda = (float) r.getDouble(5);
            for (int p = 0; p < a.length; p++) {
                a[p] += lambda * (b[p] - a[p]);
            }
            return a;
        }
        if (!r.isNullAt(7)) {
            if (pixelStd == null) {
                throw new IllegalStateException("row " + r.getString(0) + " asks for smoothed-bootstrap noise but no pixel deviations were given");
            }
            a = SmoothedNoise.apply(a, pixelStd.value().get(label), r.getLong(6), r.getDouble(7));
        }
        if (copyAugmentation != null && RebalanceColumns.DUPLICATE.equals(r.getString(2))) {
            // Each copy's warp follows from its own id, so it is the same on every worker and every epoch.
            a = copyAugmentation.apply(a, shape.channels(), shape.height(), shape.width(), DerivedSeed.ofRow(r.getString(0)));
        }
        return a;
    }
}
