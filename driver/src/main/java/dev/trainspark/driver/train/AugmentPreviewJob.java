package dev.trainspark.driver.train;

import dev.trainspark.driver.config.TrainsparkConfig;
import dev.trainspark.driver.run.RunDirectory;
import dev.trainspark.pipeline.augment.AugmentPipeline;
import dev.trainspark.pipeline.augment.PreviewGrid;
import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.PngWriter;
import dev.trainspark.pipeline.image.UnreadableImageException;
import dev.trainspark.pipeline.ingest.DatasetColumns;
import dev.trainspark.pipeline.split.ClassRank;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code augment} command: {@code preview.png} in the run folder, training rows of the config's
 * split (the classes taken in turn) each beside {@code perRow} augmented versions, as the workers
 * would make them, and a mixed row when the config mixes minibatches.
 */
public final class AugmentPreviewJob {
    public static final String PREVIEW = "preview.png";

    private final SparkSession spark;
    private final TrainsparkConfig config;
    private final RunDirectory run;
    private final PrintStream console;

    public AugmentPreviewJob(SparkSession spark, TrainsparkConfig config, RunDirectory run, PrintStream console) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.console = console;
    }

    public PreviewGrid.Image run(int rows, int perRow) throws IOException, UnreadableImageException {
        PreparedData data = PreparedData.load(spark, config, run, console);
        List<String> classes = data.classes();
        long each = (rows + classes.size() - 1) / classes.size();
        Map<String, Long> wanted = new LinkedHashMap<>();
        classes.forEach(c -> wanted.put(c, each));
        List<Row> picked = new ArrayList<>(ClassRank.firstPerClass(data.train(), wanted, config.seed())
                .select(DatasetColumns.ID, DatasetColumns.LABEL, DatasetColumns.CONTENT).collectAsList());
        // Classes in turn, so the first rows show as many classes as there are rows.
        Map<String, Integer> seenOfClass = new LinkedHashMap<>();
        List<int[]> ranks = new ArrayList<>();
        picked.sort(Comparator.comparing((Row r) -> r.getString(0)));
        for (int i = 0; i < picked.size(); i++) {
            int k = seenOfClass.merge(picked.get(i).getString(1), 1, Integer::sum);
            ranks.add(new int[]{k, classes.indexOf(picked.get(i).getString(1)), i});
        }
        ranks.sort(Comparator.<int[]>comparingInt(r -> r[0]).thenComparingInt(r -> r[1]));

        ImageShape shape = config.data().image().shape();
        ImageDecoder decoder = new ImageDecoder(shape);
        List<String> ids = new ArrayList<>();
        List<float[]> originals = new ArrayList<>();
        for (int[] r : ranks.subList(0, Math.min(rows, ranks.size()))) {
            Row row = picked.get(r[2]);
            ids.add(row.getString(0));
            originals.add(decoder.decode((byte[]) row.get(2)));
        }
        AugmentPipeline pipeline = config.augment().pipeline(shape.channels());
        PreviewGrid.Image cells = PreviewGrid.of(ids, originals, shape, pipeline, config.seed(), perRow);
        PreviewGrid.Image grid = cells.scaled(cells.zoomFor(shape));
        run.writeBytes(PREVIEW, PngWriter.encode(grid.pixels(), grid.shape()));
        console.printf("augment: %d originals with %d augmented versions each%s: %s (%d x %d pixels)%n", ids.size(), perRow,
                pipeline.mix() != null ? " and a row mixed by " + config.augment().mix() : "", run.path(PREVIEW),
                grid.shape().width(), grid.shape().height());
        return grid;
    }
}
