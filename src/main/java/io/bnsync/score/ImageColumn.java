package io.bnsync.score;

import io.bnsync.data.DataException;
import io.bnsync.data.MnistDataset;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A column of images: 784 bytes ({@code binary}, as {@code prepare} writes {@code image}) or a Spark ML
 * {@code Vector} of 784 pixel values in 0–255, row-major 28×28.
 */
public record ImageColumn(int column, boolean vector) implements BatchScorer.PixelReader {

    /** The column {@code name} of {@code schema}; refused unless binary or a vector. */
    public static ImageColumn of(StructType schema, String name) {
        if (!java.util.List.of(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("features column '" + name + "' not found (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.apply(name).dataType();
        if (!(type instanceof BinaryType) && !(type instanceof VectorUDT)) {
            throw new IllegalArgumentException("features column '" + name + "' is " + type.simpleString()
                    + "; expected binary (784 bytes) or a vector of 784 pixel values in 0-255");
        }
        return new ImageColumn(schema.fieldIndex(name), type instanceof VectorUDT);
    }

    @Override
    public byte[] pixels(Row row) {
        if (!vector) {
            return (byte[]) row.get(column);
        }
        Vector v = (Vector) row.get(column);
        if (v == null || v.size() != MnistDataset.PIXELS) {
            throw new DataException("a features vector has " + (v == null ? "no" : v.size()) + " values, expected "
                    + MnistDataset.PIXELS);
        }
        byte[] pixels = new byte[MnistDataset.PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            double value = v.apply(i);
            if (!(value >= 0 && value <= 255)) {
                throw new DataException("a features vector holds " + value + "; pixel values are 0-255");
            }
            pixels[i] = (byte) Math.round(value);
        }
        return pixels;
    }
}
