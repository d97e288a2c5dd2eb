package dev.trainspark.pipeline.ingest;

import dev.trainspark.pipeline.image.ImageDecoder;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.image.Pixels;
import dev.trainspark.pipeline.image.Resampling;
import dev.trainspark.pipeline.image.UnreadableImageException;
import dev.trainspark.pipeline.io.HadoopFiles;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Executor-side step of ingest: one file's bytes to one dataset row, or to a skip reason. Rows are
 * made in Spark's internal form (UTF-8 strings, the thumbnail as a primitive array): converting
 * external rows generated and compiled a converter in every task and boxed every thumbnail value,
 * which cost about a sixth of a task's time on small images.
 */
final class RowDecoding implements Serializable {
    static final String REASON = "skip_reason";
    static final StructType OUTPUT_SCHEMA = new StructType()
            .add(DatasetColumns.ID, DataTypes.StringType, true)
            .add(DatasetColumns.PATH, DataTypes.StringType, false)
            .add(DatasetColumns.LABEL, DataTypes.StringType, true)
            .add(DatasetColumns.GROUP, DataTypes.StringType, true)
            .add(DatasetColumns.WIDTH, DataTypes.IntegerType, true)
            .add(DatasetColumns.HEIGHT, DataTypes.IntegerType, true)
            .add(DatasetColumns.CONTENT, DataTypes.BinaryType, true)
            .add(DatasetColumns.THUMB, DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add(REASON, DataTypes.StringType, true);

    private final ImageShape shape;
    private final int thumbSize;
    private final long maxPixels;
    private final String rootPath;

    RowDecoding(ImageShape shape, int thumbSize, long maxPixels, String rootPath) {
        this.shape = shape;
        this.thumbSize = thumbSize;
        this.maxPixels = maxPixels;
        this.rootPath = rootPath.endsWith("/") ? rootPath : rootPath + "/";
    }

    /**
     * Files found under the folder root, read one at a time as the partition is consumed: the first
     * folder below the root is a file's class. All are read from {@code fs}, the root's file system.
     */
    Iterator<InternalRow> fromFolderFiles(Iterator<String> paths, FileSystem fs) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return paths.hasNext();
            }

            @Override
            public InternalRow next() {
                return fromFolderFile(paths.next(), fs);
            }
        };
    }

    private InternalRow fromFolderFile(String path, FileSystem fs) {
        String relative = relativeToRoot(path);
        int slash = relative.indexOf('/');
        if (slash <= 0) {
            return skipped(path, "not in a class folder: files must be at root/<class>/<image>");
        }
        return read(new Path(path), path, relative, relative.substring(0, slash), null, fs);
    }

    /**
     * Rows of a manifest (path, label, group), each with a path and a label (the manifest was checked
     * before): reads each listed file through Hadoop.
     */
    Iterator<InternalRow> fromManifestRows(Iterator<Row> rows, HadoopFiles files) {
        List<InternalRow> out = new ArrayList<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String listed = r.getString(0);
            String label = r.getString(1);
            String group = r.getString(2);
            Path path = URI.create(listed.replace(" ", "%20")).isAbsolute() || listed.startsWith("/")
                    ? new Path(listed) : new Path(new Path(rootPath), listed);
            out.add(read(path, path.toString(), listed, label, group, files.uncheckedFs(path)));
        }
        return out.iterator();
    }

    private InternalRow read(Path file, String path, String relative, String label, String group, FileSystem fs) {
        byte[] bytes;
        try {
            bytes = HadoopFiles.readBytes(fs, file);
        } catch (FileNotFoundException e) {
            return skipped(path, "file not found");
        } catch (IOException e) {
            return skipped(path, "unreadable file: " + e.getMessage());
        }
        return decode(path, relative, label, group, bytes);
    }

    private InternalRow decode(String path, String relative, String label, String group, byte[] bytes) {
        try {
            Pixels pixels = new ImageDecoder(shape, maxPixels).read(bytes);
            float[] thumb = Resampling.thumbnail(pixels, shape, thumbSize);
            return new GenericInternalRow(new Object[]{utf8(stableId(relative)), utf8(path), utf8(label), utf8(group),
                    pixels.width(), pixels.height(), bytes, UnsafeArrayData.fromPrimitiveArray(thumb), null});
        } catch (UnreadableImageException e) {
            return skipped(path, e.getMessage());
        }
    }

    private String relativeToRoot(String path) {
        String p = URI.create(path.replace(" ", "%20")).getPath();
        if (p == null) {
            p = path;
        }
        return p.startsWith(rootPath) ? p.substring(rootPath.length()) : p;
    }

    /** First 16 hex digits of SHA-256 of the path relative to the dataset root. */
    static String stableId(String relativePath) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(relativePath.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InternalRow skipped(String path, String reason) {
        return new GenericInternalRow(new Object[]{null, utf8(path), null, null, null, null, null, null, utf8(reason)});
    }

    private static UTF8String utf8(String s) {
        return s == null ? null : UTF8String.fromString(s);
    }
}
