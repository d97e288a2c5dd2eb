package dev.trainspark.workers.decode;

import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.PngWriter;
import dev.trainspark.pipeline.io.HadoopFiles;
import dev.trainspark.pipeline.io.SerializableConf;
import dev.trainspark.workers.fit.Sample;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;

import java.io.IOException;
import java.util.List;

/**
 * Samples written as PNG files by the executors that hold them, one file per row under
 * {@code <root>/images/<class>/<id>.png}, so nothing but the file names passes through the driver.
 */
public final class SampleImages {
    private SampleImages() {
    }

    public static void write(JavaRDD<Sample> samples, String root, SerializableConf conf, List<String> classes,
                             ImageShape shape) {
        List<String> names = List.copyOf(classes);
        samples.foreachPartition(rows -> {
            while (rows.hasNext()) {
                Sample s = rows.next();
                write(new Path(root, relativePath(names.get(s.label()), s.id())), s, conf, shape);
            }
        });
    }

    private static void write(Path file, Sample s, SerializableConf conf, ImageShape shape) throws IOException {
        try (FSDataOutputStream out = new HadoopFiles(conf.get()).create(file)) {
            out.write(PngWriter.encode(s.pixels(), shape));
        }
    }

    /** Where a row's image is written, relative to the root: class and id made safe as file names. */
    public static String relativePath(String label, String id) {
        return "images/" + safe(label) + "/" + safe(id) + ".png";
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
