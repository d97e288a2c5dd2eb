package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import dev.trainspark.pipeline.metrics.ClassificationMetrics;
import dev.trainspark.pipeline.metrics.ConfusionState;
import org.junit.jupiter.api.Test;

class ConfusionHeatmapTest {

    static BufferedImage decodePng(byte[] png) throws Exception {
        assertTrue(png.length > 8, "PNG bytes");
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "ImageIO could not decode the bytes");
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
        return image;
    }

    @Test
    void rendersADecodablePng() throws Exception {
        BufferedImage image = decodePng(ConfusionHeatmap.png(ReportFixtures.threeClasses()));
        assertTrue(image.getWidth() >= 480, "width " + image.getWidth());
    }

    @Test
    void putsClassNamesOnBothAxesFirstClassOnTop() {
        var chart = ConfusionHeatmap.chart(ReportFixtures.threeClasses());
        var series = chart.getHeatMapSeries();
        List<String> names = ReportFixtures.threeClasses().classNames();
        assertEquals(names, series.getXData());
        List<Object> reversed = new ArrayList<>(series.getYData());
        Collections.reverse(reversed);
        assertEquals(names, reversed);
        // cat predicted as cat (5) sits in the top row, first column.
        boolean found = false;
        for (Number[] cell : series.getHeatData()) {
            found |= cell[0].intValue() == 0 && cell[1].intValue() == 2 && cell[2].longValue() == 5;
        }
        assertTrue(found, "cell (cat, cat) with count 5 in the top row");
    }

    @Test
    void handlesManyClassesAndEmptyRows() throws Exception {
        int k = 40;
        ConfusionState state = new ConfusionState(k);
        for (int i = 0; i < k; i += 2) {
            state.add(i, (i + 1) % k);
        }
        List<String> names = IntStream.range(0, k).mapToObj(i -> "class_" + i).toList();
        decodePng(ConfusionHeatmap.png(ClassificationMetrics.of(state, names)));
    }
}
