package dev.trainspark.driver.run;

import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes distributed lines as one CSV file of the run: lines are made on the executors and written
 * by one task into a hidden folder, then the file is moved into place, so the file either exists
 * complete or not at all.
 */
public final class SingleCsv {
    private SingleCsv() {
    }

    public static void write(JavaRDD<String> lines, String header, RunDirectory run, String name) throws IOException {
        HadoopFiles files = run.files();
        Path target = run.path(name);
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".parts");
        files.delete(tmp);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(lines.context());
        sc.parallelize(List.of(header), 1).union(lines).coalesce(1).saveAsTextFile(tmp.toString());
        FileStatus[] parts = files.fs(tmp).listStatus(tmp, p -> p.getName().startsWith("part-"));
        if (parts.length != 1) {
            throw new IllegalStateException("expected one part file in " + tmp + ", found " + Arrays.toString(parts));
        }
        files.moveIntoPlace(parts[0].getPath(), target);
        files.delete(tmp);
    }
}
