package dev.trainspark.driver.train;

import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.UnreadableImageException;
import dev.trainspark.workers.fit.Sample;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Executor-side decode of (id, label, content) rows into samples. Ingest already proved every kept
 * file decodes, so a failure here means the dataset changed underneath the run.
 */
final class DecodeSamples implements FlatMapFunction<Iterator<Row>, Sample> {
    private final ImageShape shape;
    private final List<String> classes;

    DecodeSamples(ImageShape shape, List<String> classes) {
        this.shape = shape;
        this.classes = List.copyOf(classes);
    }

    @Override
    public Iterator<Sample> call(Iterator<Row> rows) {
        ImageDecoder decoder = new ImageDecoder(shape);
        List<Sample> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String id = r.getString(0);
            try {
                out.add(new Sample(id, classes.indexOf(r.getString(1)), decoder.decode((byte[]) r.get(2))));
            } catch (UnreadableImageException e) {
                throw new IllegalStateException("row " + id + " no longer decodes: " + e.getMessage(), e);
            }
        }
        return out.iterator();
    }
}
