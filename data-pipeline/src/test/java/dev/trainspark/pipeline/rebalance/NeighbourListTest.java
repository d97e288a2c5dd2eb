package dev.trainspark.pipeline.rebalance;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NeighbourListTest {
    private record Candidate(double distance, String id, String label) {
    }

    private static final Comparator<Candidate> SPARK_ORDER = (a, b) ->
            NeighbourList.compare(a.distance(), a.id(), a.label(), b.distance(), b.id(), b.label());

    /** A block's list as the search makes it: its k best by (distance, id), labels beside. */
    private static NeighbourList blockList(List<Candidate> block, int k) {
        CandidateList best = new CandidateList(k);
        String[] ids = new String[block.size()];
        String[] labels = new String[block.size()];
        for (int i = 0; i < block.size(); i++) {
            Candidate c = block.get(i);
            ids[i] = c.id();
            labels[i] = c.label();
            best.offer(c.distance(), c.id(), i);
        }
        return NeighbourList.of(best, ids, labels);
    }

    private static List<Candidate> candidates(Row row) {
        List<Candidate> out = new ArrayList<>();
        for (Object o : (Object[]) row.get(2)) {
            Row n = (Row) o;
            out.add(new Candidate(n.getDouble(0), n.getString(1), n.getString(2)));
        }
        return out;
    }

    @Test
    void mergingBlockListsInAnyOrderGivesTheKBestOfAllSortedAsSparkSortsTheStructs() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int k = 1 + random.nextInt(6);
            List<List<Candidate>> blocks = new ArrayList<>();
            List<Candidate> all = new ArrayList<>();
            int id = 0;
            for (int b = 0; b < 1 + random.nextInt(5); b++) {
                List<Candidate> block = new ArrayList<>();
                for (int i = 0; i < random.nextInt(8); i++) {
                    // Few distinct distances and ids reused across classes: ties on distance, and on distance and id.
                    String rowId = "r" + (random.nextInt(3) == 0 ? random.nextInt(3) : id++);
                    Candidate c = new Candidate(random.nextInt(4) * 0.5, rowId, random.nextBoolean() ? "b" : "a");
                    if (block.stream().noneMatch(x -> x.id().equals(c.id()) && x.label().equals(c.label()))) {
                        block.add(c);
                    }
                }
                blocks.add(block);
                all.addAll(block);
            }
            // Each block can contribute only its own k best by (distance, id): the expected lists are the
            // best k of those, sorted by (distance, id, label).
            List<Candidate> expected = new ArrayList<>();
            for (List<Candidate> block : blocks) {
                List<Candidate> sorted = new ArrayList<>(block);
                sorted.sort((a, b) -> NearestNeighbours.compare(a.distance(), a.id(), b.distance(), b.id()));
                expected.addAll(sorted.subList(0, Math.min(k, sorted.size())));
            }
            expected.sort(SPARK_ORDER);
            expected = expected.subList(0, Math.min(k, expected.size()));

            NeighbourList forward = blockList(blocks.get(0), k);
            for (int b = 1; b < blocks.size(); b++) {
                forward = NeighbourList.merge(forward, blockList(blocks.get(b), k), k);
            }
            NeighbourList backward = blockList(blocks.get(blocks.size() - 1), k);
            for (int b = blocks.size() - 2; b >= 0; b--) {
                backward = NeighbourList.merge(blockList(blocks.get(b), k), backward, k);
            }
            assertEquals(expected, candidates(forward.toRow("q", "a")), "trial " + trial + ": " + all);
            assertEquals(expected, candidates(backward.toRow("q", "a")), "trial " + trial + ": " + all);
        }
    }

    @Test
    void aTieOnDistanceAndIdIsOrderedByLabel() {
        CandidateList best = new CandidateList(3);
        best.offer(1.0, "x", 0);
        best.offer(1.0, "x", 1);
        best.offer(0.5, "y", 2);
        NeighbourList list = NeighbourList.of(best, new String[]{"x", "x", "y"}, new String[]{"b", "a", "c"});
        assertEquals(Arrays.asList(new Candidate(0.5, "y", "c"), new Candidate(1.0, "x", "a"), new Candidate(1.0, "x", "b")),
                candidates(list.toRow("q", "c")));
    }
}
