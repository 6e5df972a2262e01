package io.bnsync.data;

/**
 * One image to classify: where it came from ({@code file}, or {@code file#index} for an image of
 * an IDX file) and its 784 MNIST pixels (row-major, 0..255 as unsigned bytes, white on black).
 */
public record DigitInput(String source, byte[] pixels) {
    public DigitInput {
        if (pixels.length != MnistDataset.PIXELS) {
            throw new IllegalArgumentException(source + ": " + pixels.length + " pixels, expected " + MnistDataset.PIXELS);
        }
    }
}
