package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.rebalance.Points.Point;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float-product screen of {@link BlockPairKnn} against the pair-by-pair double search: the same
 * neighbour ids in the same order, with the same distances, on data built to make float rounding
 * reorder neighbours.
 */
class BlockPairKnnTest {

    @Test
    void theBackendMultipliesInFloatPrecision() {
        assertTrue(FloatProduct.isFloatPrecise());
    }

    @Test
    void gaussianBlobsGiveThePairwiseLists() {
        Random random = new Random(1);
        List<Point> refs = blobs(random, 400, 48, 6, "r");
        List<Point> queries = new ArrayList<>(blobs(random, 150, 48, 6, "q"));
        queries.addAll(refs.subList(0, 100));
        for (int k : new int[]{1, 5, 17}) {
            assertSameAsPairwise(queries, refs, k);
        }
    }

    @Test
    void bothDirectionsOfAPairAreTheTwoSearches() {
        Random random = new Random(3);
        List<Point> a = blobs(random, 230, 40, 4, "a");
        List<Point> b = new ArrayList<>(blobs(random, 170, 40, 4, "b"));
        // A row in both blocks must not be its own neighbour in either direction.
        b.add(a.get(7));
        for (int k : new int[]{1, 5, 12}) {
            CandidateList[][] both = BlockPairKnn.searchBoth(block(a), block(b), k);
            CandidateList[] ab = BlockPairKnn.search(block(a), block(b), k);
            CandidateList[] ba = BlockPairKnn.search(block(b), block(a), k);
            assertEquals(ab.length, both[0].length);
            assertEquals(ba.length, both[1].length);
            for (int i = 0; i < ab.length; i++) {
                assertEquals(describe(ab[i]), describe(both[0][i]), "a" + i + ", k = " + k);
            }
            for (int j = 0; j < ba.length; j++) {
                assertEquals(describe(ba[j]), describe(both[1][j]), "b" + j + ", k = " + k);
            }
        }
    }

    @Test
    void duplicatePointsTieAndAreOrderedById() {
        Random random = new Random(2);
        List<Point> distinct = blobs(random, 12, 20, 2, "d");
        List<Point> refs = new ArrayList<>();
        for (int copy = 0; copy < 9; copy++) {
            for (Point p : distinct) {
                refs.add(new Point(String.format("%s-%d", p.id(), 8 - copy), p.label(), p.v().clone()));
            }
        }
        // Ids in no particular order within the block, one of them twice.
        Collections.shuffle(refs, random);
        refs.add(new Point(refs.get(0).id(), "x", refs.get(0).v().clone()));
        List<Point> queries = new ArrayList<>(refs.subList(0, 40));
        queries.addAll(distinct);
        for (int k : new int[]{3, 8, 9, 10}) {
            assertSameAsPairwise(queries, refs, k);
        }
    }

    /**
     * Neighbours at distances 1, 1 + 1e-7, 1 + 2e-7, ... from the query, around a large common
     * offset: the float products are off by far more than the gaps (the screen alone would order
     * them by noise), the double sums are not.
     */
    @Test
    void distancesCloserThanFloatRoundingKeepTheirDoubleOrder() {
        Random random = new Random(3);
        int dims = 64;
        List<Point> queries = new ArrayList<>();
        List<Point> refs = new ArrayList<>();
        for (int q = 0; q < 20; q++) {
            float[] centre = new float[dims];
            for (int d = 0; d < dims; d++) {
                centre[d] = (float) (50 + 10 * random.nextGaussian());
            }
            queries.add(new Point(String.format("q%02d", q), "x", centre));
            for (int j = 0; j < 30; j++) {
                // Along one axis, so the double sum of squares sees a single non-zero difference.
                float[] v = centre.clone();
                int axis = random.nextInt(dims);
                v[axis] = (float) (centre[axis] + (1 + 1e-7 * random.nextInt(5)) * (random.nextBoolean() ? 1 : -1));
                refs.add(new Point(String.format("r%02d-%02d", q, 29 - j), "x", v));
            }
        }
        for (int d = 0; d < 40; d++) {
            float[] far = new float[dims];
            for (int i = 0; i < dims; i++) {
                far[i] = (float) (50 + 10 * random.nextGaussian());
            }
            refs.add(new Point(String.format("f%02d", d), "x", far));
        }
        Collections.shuffle(refs, random);
        VectorBlock q = block(queries);
        VectorBlock r = block(refs);
        // The premise: at this offset the product's error bound is wider than the gaps.
        double bound = BlockPairKnn.relativeBound(dims) * (q.squaredNorms[0] + q.squaredNorms[0]);
        assertTrue(bound > 1e-5, "bound " + bound);
        for (int k : new int[]{1, 4, 12, 30, 31}) {
            assertSameAsPairwise(queries, refs, k);
        }
    }

    @Test
    void moreNeighboursAskedThanThereAreGivesEveryOtherRow() {
        Random random = new Random(4);
        List<Point> refs = blobs(random, 30, 8, 2, "r");
        assertSameAsPairwise(refs, refs, 50);
        assertEquals(29, BlockPairKnn.search(block(refs), block(refs), 50)[0].size());
    }

    @Test
    void blocksTheProductCannotBoundArePairwiseAndStillExact() {
        Random random = new Random(5);
        List<Point> refs = new ArrayList<>(blobs(random, 60, 10, 2, "r"));
        List<Point> queries = blobs(random, 20, 10, 2, "q");
        VectorBlock plain = block(refs);
        assertTrue(BlockPairKnn.screens(block(queries), plain));
        for (float odd : new float[]{Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, 3e18f}) {
            List<Point> withOdd = new ArrayList<>(refs);
            float[] v = refs.get(7).v().clone();
            v[3] = odd;
            withOdd.set(7, new Point("odd", "x", v));
            assertFalse(BlockPairKnn.screens(block(queries), block(withOdd)), "value " + odd);
            assertEquals(Points.bruteForce(queries, withOdd, 4, false), lists(queries, withOdd, 4), "value " + odd);
        }
    }

    @Test
    void inMemorySearchOverSeveralBlocksEqualsBruteForce() {
        Random random = new Random(6);
        List<Point> points = new ArrayList<>(blobs(random, 500, 24, 5, "p"));
        // Exact duplicates across blocks.
        for (int i = 0; i < 30; i++) {
            points.add(new Point(String.format("dup%02d", i), "x", points.get(i * 7).v().clone()));
        }
        Collections.shuffle(points, random);
        float[][] rows = points.stream().map(Point::v).toArray(float[][]::new);
        String[] ids = points.stream().map(Point::id).toArray(String[]::new);
        int[][] found = InMemoryKnn.neighbours(rows, ids, 5, 64, 2);
        Map<String, List<String>> expected = Points.bruteForce(points, points, 5, false);
        for (int i = 0; i < rows.length; i++) {
            List<String> got = new ArrayList<>();
            for (int j : found[i]) {
                got.add(ids[j]);
            }
            assertEquals(expected.get(ids[i]), got, ids[i]);
        }
    }

    @Test
    void blocksShrinkWithTheVectorLength() {
        assertEquals(1024, BlockwiseKnn.blockRowsFor(1024, 784));
        int wide = BlockwiseKnn.blockRowsFor(1024, 64 * 64 * 3);
        assertTrue(wide < 1024 && wide >= 16, "rows " + wide);
        assertTrue(2L * 5 * 4 * 64 * 64 * 3 * wide + 8L * wide * wide <= BlockwiseKnn.BLOCK_PAIR_BYTES);
    }

    private static void assertSameAsPairwise(List<Point> queries, List<Point> refs, int k) {
        VectorBlock q = block(queries);
        VectorBlock r = block(refs);
        assertTrue(BlockPairKnn.screens(q, r), "the product path is under test");
        CandidateList[] screened = BlockPairKnn.search(q, r, k);
        CandidateList[] pairwise = BlockPairKnn.pairwise(q, r, k);
        for (int i = 0; i < screened.length; i++) {
            assertEquals(describe(pairwise[i]), describe(screened[i]), "query " + q.ids[i] + ", k = " + k);
        }
        assertEquals(Points.bruteForce(queries, refs, k, false), lists(queries, refs, k));
    }

    private static Map<String, List<String>> lists(List<Point> queries, List<Point> refs, int k) {
        CandidateList[] found = BlockPairKnn.search(block(queries), block(refs), k);
        Map<String, List<String>> result = new java.util.HashMap<>();
        for (int i = 0; i < found.length; i++) {
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < found[i].size(); n++) {
                ids.add(found[i].id(n));
            }
            result.put(queries.get(i).id(), ids);
        }
        return result;
    }

    private static List<String> describe(CandidateList list) {
        List<String> out = new ArrayList<>();
        for (int n = 0; n < list.size(); n++) {
            out.add(list.id(n) + "@" + list.distance(n) + "#" + list.index(n));
        }
        return out;
    }

    private static VectorBlock block(List<Point> points) {
        return new VectorBlock(points.stream().map(Point::id).toArray(String[]::new),
                points.stream().map(Point::v).toArray(float[][]::new));
    }

    private static List<Point> blobs(Random random, int n, int dims, int blobs, String prefix) {
        float[][] centres = new float[blobs][dims];
        for (float[] c : centres) {
            for (int d = 0; d < dims; d++) {
                c[d] = (float) (4 * random.nextDouble());
            }
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] c = centres[random.nextInt(blobs)];
            float[] v = new float[dims];
            for (int d = 0; d < dims; d++) {
                v[d] = (float) (c[d] + 0.5 * random.nextGaussian());
            }
            points.add(new Point(String.format("%s%04d", prefix, i), "x", v));
        }
        return points;
    }
}
