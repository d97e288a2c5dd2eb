/**
 * Files on any Hadoop file system ({@code file://}, {@code hdfs://}, {@code s3a://}): whole-file
 * reads and atomic writes, and a serializable carrier for the Hadoop configuration so executors
 * open the same file systems the driver does; the CSV line splitting that predictions and manifests
 * share.
 */
package dev.trainspark.pipeline.io;
