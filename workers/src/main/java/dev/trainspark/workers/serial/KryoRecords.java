package dev.trainspark.workers.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.factories.ReflectionSerializerFactory;
import com.esotericsoftware.kryo.factories.SerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

import java.io.Serializable;

/**
 * Lets a job run under {@code spark.serializer=org.apache.spark.serializer.KryoSerializer}, a
 * common setting of a cluster's {@code spark-defaults.conf}. Spark's Kryo (4.x) builds a
 * field-by-field serializer for every class it was not told about: it cannot make one for a Java
 * record (a record's fields cannot be set by reflection), so the first broadcast of a model state
 * failed, and it skips transient fields, so a round's result (its state kept transient and written
 * in bulk by {@code writeObject}) would arrive empty. This project's serializable classes, and
 * records, therefore keep their own Java serialization under Kryo, exactly what they do without it;
 * everything else is left to Kryo as before. The driver names this registrator in
 * {@code spark.kryo.registrator} whenever Kryo is the serializer.
 */
public final class KryoRecords implements KryoRegistrator {
    /** The {@code spark.serializer} under which the driver names this registrator. */
    public static final String KRYO = "org.apache.spark.serializer.KryoSerializer";

    private static final String PROJECT = "dev.trainspark.";

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
        SerializerFactory kryoDefault = new ReflectionSerializerFactory(FieldSerializer.class);
        kryo.setDefaultSerializer((SerializerFactory) (k, type) -> ownJavaSerialization(type)
                ? new JavaSerializer() : kryoDefault.makeSerializer(k, type));
    }

    /** Whether Kryo should hand {@code type} to Java serialization: a serializable class of this project. */
    static boolean ownJavaSerialization(Class<?> type) {
        return Serializable.class.isAssignableFrom(type) && type.getName().startsWith(PROJECT);
    }
}
