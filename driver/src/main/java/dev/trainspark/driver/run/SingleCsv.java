package dev.trainspark.driver.run;

import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes distributed lines as one CSV file of the run: lines are made on the executors and written
 * by one task into a hidden folder; the header and that part are then streamed into a hidden file
 * (never held in memory) which is moved into place, so the file either exists complete or not at all.
 */
public final class SingleCsv {
    private SingleCsv() {
    }

    public static void write(JavaRDD<String> lines, String header, RunDirectory run, String name) throws IOException {
        HadoopFiles files = run.files();
        Path target = run.path(name);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".parts");
        files.delete(tmp);
        lines.coalesce(1).saveAsTextFile(tmp.toString());
        FileStatus[] parts = files.fs(tmp).listStatus(tmp, p -> p.getName().startsWith("part-"));
        if (parts.length != 1) {
            throw new IllegalStateException("expected one part file in " + tmp + ", found " + Arrays.toString(parts));
        }
        Path assembled = new Path(target.getParent(), "." + target.getName() + ".tmp");
        try (FSDataOutputStream out = files.create(assembled);
             InputStream in = files.fs(parts[0].getPath()).open(parts[0].getPath())) {
            out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
            in.transferTo(out);
        }
        files.moveIntoPlace(assembled, target);
        files.delete(tmp);
    }
}
