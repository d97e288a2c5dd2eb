package dev.trainspark.pipeline.rebalance;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;

/**
 * A query row's best candidates from some of the reference blocks, at most k, sorted by (distance,
 * id, label) as Spark sorts the {@link NearestNeighbours#NEIGHBOUR} structs; two lists of the same
 * query merge into the best k of both. The search's per-block lists meet in a {@code reduceByKey},
 * merged as they come (also before the shuffle), instead of being collected and sorted per query.
 */
final class NeighbourList implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] distances;
    private final String[] ids;
    private final String[] labels;

    private NeighbourList(double[] distances, String[] ids, String[] labels) {
        this.distances = distances;
        this.ids = ids;
        this.labels = labels;
    }

    /** The candidates of one block pair's search; {@code refLabel(i)} is the label of the block's row {@code best.index(i)}. */
    static NeighbourList of(CandidateList best, String[] refIds, String[] refLabels) {
        int n = best.size();
        double[] d = new double[n];
        String[] id = new String[n];
        String[] label = new String[n];
        for (int i = 0; i < n; i++) {
            d[i] = best.distance(i);
            id[i] = refIds[best.index(i)];
            label[i] = refLabels[best.index(i)];
        }
        // The list is in (distance, id) order; a tie on both (one id in two classes) is put in label order.
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0 && compare(d[j], id[j], label[j], d[j - 1], id[j - 1], label[j - 1]) < 0; j--) {
                swap(d, id, label, j, j - 1);
            }
        }
        return new NeighbourList(d, id, label);
    }

    private static void swap(double[] d, String[] id, String[] label, int a, int b) {
        double td = d[a];
        d[a] = d[b];
        d[b] = td;
        String ti = id[a];
        id[a] = id[b];
        id[b] = ti;
        String tl = label[a];
        label[a] = label[b];
        label[b] = tl;
    }

    /** The best {@code k} of both lists, in order. */
    static NeighbourList merge(NeighbourList a, NeighbourList b, int k) {
        int n = Math.min(k, a.size() + b.size());
        double[] d = new double[n];
        String[] id = new String[n];
        String[] label = new String[n];
        int i = 0;
        int j = 0;
        for (int out = 0; out < n; out++) {
            boolean fromA = j >= b.size() || i < a.size()
                    && compare(a.distances[i], a.ids[i], a.labels[i], b.distances[j], b.ids[j], b.labels[j]) <= 0;
            NeighbourList from = fromA ? a : b;
            int at = fromA ? i++ : j++;
            d[out] = from.distances[at];
            id[out] = from.ids[at];
            label[out] = from.labels[at];
        }
        return new NeighbourList(d, id, label);
    }

    int size() {
        return distances.length;
    }

    /** The query's row of {@link NearestNeighbours#SCHEMA}. */
    Row toRow(String id, String label) {
        Row[] neighbours = new Row[size()];
        for (int i = 0; i < neighbours.length; i++) {
            neighbours[i] = RowFactory.create(distances[i], ids[i], labels[i]);
        }
        return RowFactory.create(id, label, neighbours);
    }

    /** Spark's order of the neighbour structs: distance, then id and label by code point. */
    static int compare(double distanceA, String idA, String labelA, double distanceB, String idB, String labelB) {
        int byDistanceAndId = NearestNeighbours.compare(distanceA, idA, distanceB, idB);
        return byDistanceAndId != 0 ? byDistanceAndId : NearestNeighbours.compare(0, labelA, 0, labelB);
    }
}
