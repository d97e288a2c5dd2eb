package dev.trainspark.pipeline.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test methods, lifecycle methods and constructors of the class may take a {@code SparkSession}
 * or {@code JavaSparkContext} parameter; see {@link LocalSparkExtension} for how long it lives.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(LocalSparkExtension.class)
public @interface WithLocalSpark {
}
