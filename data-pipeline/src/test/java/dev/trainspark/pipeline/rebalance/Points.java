package dev.trainspark.pipeline.rebalance;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Test fixtures of (id, label, thumb) rows and a brute-force kNN to check searches against. */
final class Points {
    record Point(String id, String label, float[] v) {
    }

    static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, false)
            .add("thumb", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private Points() {
    }

    static Dataset<Row> frame(SparkSession spark, List<Point> points) {
        List<Row> rows = new ArrayList<>();
        for (Point p : points) {
            rows.add(RowFactory.create(p.id(), p.label(), p.v()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    static Point p(String id, String label, float... v) {
        return new Point(id, label, v);
    }

    /**
     * Points on a coarse integer grid (so many distances tie) around one centre per class; ids
     * zero-padded so their order is the numeric order.
     */
    static List<Point> grid(Map<String, Integer> perClass, int dims, long seed) {
        Random random = new Random(seed);
        List<Point> points = new ArrayList<>();
        int c = 0;
        int n = 0;
        for (Map.Entry<String, Integer> e : perClass.entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                float[] v = new float[dims];
                for (int d = 0; d < dims; d++) {
                    v[d] = 2 * c + random.nextInt(4);
                }
                points.add(new Point(String.format("r%04d", n++), e.getKey(), v));
            }
            c++;
        }
        return points;
    }

    static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - (double) b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** Each query's k nearest reference points (never itself), ordered by distance then id. */
    static Map<String, List<String>> bruteForce(List<Point> queries, List<Point> reference, int k, boolean sameLabel) {
        Map<String, List<String>> result = new HashMap<>();
        for (Point q : queries) {
            List<Point> candidates = new ArrayList<>();
            for (Point r : reference) {
                if (!r.id().equals(q.id()) && (!sameLabel || r.label().equals(q.label()))) {
                    candidates.add(r);
                }
            }
            candidates.sort(Comparator.<Point>comparingDouble(r -> distance(q.v(), r.v())).thenComparing(Point::id));
            result.put(q.id(), candidates.subList(0, Math.min(k, candidates.size())).stream().map(Point::id).toList());
        }
        return result;
    }

    /** Neighbour ids per query id from a {@link NearestNeighbours#SCHEMA} dataset. */
    static Map<String, List<String>> lists(Dataset<Row> neighbourLists) {
        Map<String, List<String>> result = new HashMap<>();
        for (Row r : neighbourLists.collectAsList()) {
            List<Row> ns = r.getList(r.fieldIndex(NearestNeighbours.NEIGHBOURS));
            result.put(r.getString(0), ns.stream().map(n -> n.getString(1)).toList());
        }
        return result;
    }
}
