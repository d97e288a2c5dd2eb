package dev.trainspark.pipeline.rebalance;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A float array column as bytes (little-endian floats): Spark hands a row's array to Java code as
 * boxed floats, bytes come as one array that unpacks in bulk.
 */
final class PackedFloats {
    private static final UserDefinedFunction PACK = org.apache.spark.sql.functions.udf(
            (UDF1<Seq<Float>, byte[]>) PackedFloats::pack, DataTypes.BinaryType).asNonNullable();

    private PackedFloats() {
    }

    /** The bytes of a non-null float array column. */
    static Column pack(Column floats) {
        return PACK.apply(floats);
    }

    static byte[] pack(Seq<Float> values) {
        int n = values.length();
        ByteBuffer bytes = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            bytes.putFloat(values.apply(i));
        }
        return bytes.array();
    }

    static byte[] pack(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return bytes.array();
    }

    static float[] unpack(byte[] bytes) {
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
