/**
 * Getting MNIST into memory, whatever form it arrives in.
 *
 * <p>Training code only ever sees an {@link io.bnsync.data.MnistDataset}; this package hides
 * where it came from: the canonical IDX files (raw or gzipped, on a local disk or any Hadoop
 * file system) via {@link io.bnsync.data.MnistFiles}, a Parquet copy written by {@code prepare}
 * via {@link io.bnsync.data.ParquetMnist}, or a download from public mirrors via
 * {@link io.bnsync.data.MnistDownloader}. A command's location is resolved once into a
 * {@link io.bnsync.data.DataLocation} (which layout is there), and {@link io.bnsync.data.MnistSource} reads it. Every problem with the input surfaces as a {@link io.bnsync.data.DataException} whose
 * one-line message names the file and what is wrong with it, so a user can fix the input
 * without reading a stack trace.
 */
package io.bnsync.data;
