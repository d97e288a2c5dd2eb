/**
 * Ingest: image folders ({@code root/<class>/<image>}) or a CSV manifest ({@code path,label[,group]})
 * read from one listing by the executors into the Parquet dataset (stable id, label, group,
 * encoded bytes, thumbnail features), with unreadable files skipped and reported, never fatal.
 */
package dev.trainspark.pipeline.ingest;
