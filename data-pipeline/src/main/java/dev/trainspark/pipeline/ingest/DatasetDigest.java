package dev.trainspark.pipeline.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An order-independent digest of a set of ingested rows: each row's id, label and image bytes are
 * hashed on the executors (SHA-256) and the hashes summed modulo 2^64, so the same rows give the
 * same digest however they are partitioned, and any changed, added or removed image changes it.
 */
public final class DatasetDigest {
    private DatasetDigest() {
    }

    /** {@code <rows>:<16 hex digits>}, e.g. {@code 5234:9f2c4e01a7b3d5c8}. */
    public static String of(Dataset<Row> rows) {
        Dataset<Row> columns = rows.select(DatasetColumns.ID, DatasetColumns.LABEL, DatasetColumns.CONTENT);
        long[] sumAndCount = columns.javaRDD()
                .map(r -> rowHash(r.getString(0), r.getString(1), (byte[]) r.get(2)))
                .aggregate(new long[2], (acc, h) -> new long[]{acc[0] + h, acc[1] + 1},
                        (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
        return sumAndCount[1] + ":" + String.format("%016x", sumAndCount[0]);
    }

    static long rowHash(String id, String label, byte[] content) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(id.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(label.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content);
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
