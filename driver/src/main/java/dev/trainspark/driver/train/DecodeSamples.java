package dev.trainspark.driver.train;

import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.UnreadableImageException;
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
final class DecodeSamples implements FlatMapFunction<Iterator<Row>, Sample> {
    /** Column order of recipe rows after the parents' content has been joined on. */
    static final String[] RECIPE_COLUMNS = {"id", "label", "content_a", "content_b", "lambda", "noise_seed", "noise_scale"};

    private final ImageShape shape;
    private final List<String> classes;
    private final Broadcast<Map<String, float[]>> pixelStd;

    DecodeSamples(ImageShape shape, List<String> classes) {
        this(shape, classes, null);
    }

    /** @param pixelStd per-class pixel standard deviations for smoothed-bootstrap rows, or null */
    DecodeSamples(ImageShape shape, List<String> classes, Broadcast<Map<String, float[]>> pixelStd) {
        this.shape = shape;
        this.classes = List.copyOf(classes);
        this.pixelStd = pixelStd;
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
        float[] a = decoder.decode((byte[]) r.get(2));
        if (!r.isNullAt(3)) {
            float[] b = decoder.decode((byte[]) r.get(3));
            float lambda = (float) r.getDouble(4);
            for (int p = 0; p < a.length; p++) {
                a[p] += lambda * (b[p] - a[p]);
            }
            return a;
        }
        if (!r.isNullAt(6)) {
            if (pixelStd == null) {
                throw new IllegalStateException("row " + r.getString(0) + " asks for smoothed-bootstrap noise but no pixel deviations were given");
            }
            SmoothedNoise.apply(a, pixelStd.value().get(label), r.getLong(5), r.getDouble(6));
        }
        return a;
    }
}
