package dev.trainspark.pipeline.ingest;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Column names and schema of the ingested Parquet dataset. */
public final class DatasetColumns {
    public static final String ID = "id";
    public static final String PATH = "path";
    public static final String LABEL = "label";
    public static final String GROUP = "group";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String CONTENT = "content";
    public static final String THUMB = "thumb";

    public static final StructType SCHEMA = new StructType()
            .add(ID, DataTypes.StringType, false)
            .add(PATH, DataTypes.StringType, false)
            .add(LABEL, DataTypes.StringType, false)
            .add(GROUP, DataTypes.StringType, true)
            .add(WIDTH, DataTypes.IntegerType, false)
            .add(HEIGHT, DataTypes.IntegerType, false)
            .add(CONTENT, DataTypes.BinaryType, false)
            .add(THUMB, DataTypes.createArrayType(DataTypes.FloatType, false), false);

    private DatasetColumns() {
    }
}
