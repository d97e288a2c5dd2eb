package dev.trainspark.pipeline.rebalance;

/** The k smallest (distance, id) candidates seen so far, kept sorted by insertion. */
final class CandidateList {
    private final double[] distances;
    private final String[] ids;
    private final int[] indices;
    private int size;

    CandidateList(int k) {
        distances = new double[k];
        ids = new String[k];
        indices = new int[k];
    }

    void offer(double distance, String id, int index) {
        int k = distances.length;
        if (size == k && NearestNeighbours.compare(distance, id, distances[k - 1], ids[k - 1]) >= 0) {
            return;
        }
        int pos = size < k ? size++ : k - 1;
        while (pos > 0 && NearestNeighbours.compare(distance, id, distances[pos - 1], ids[pos - 1]) < 0) {
            distances[pos] = distances[pos - 1];
            ids[pos] = ids[pos - 1];
            indices[pos] = indices[pos - 1];
            pos--;
        }
        distances[pos] = distance;
        ids[pos] = id;
        indices[pos] = index;
    }

    int size() {
        return size;
    }

    /** Squared distance beyond which a candidate cannot enter the list, with a margin for rounding. */
    double abandonAbove() {
        if (size < distances.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = distances[distances.length - 1];
        return worst * worst * (1 + 1e-9) + Double.MIN_NORMAL;
    }

    double distance(int i) {
        return distances[i];
    }

    String id(int i) {
        return ids[i];
    }

    int index(int i) {
        return indices[i];
    }
}
