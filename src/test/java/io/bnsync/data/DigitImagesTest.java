package io.bnsync.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DigitImagesTest {
    /** A white-on-black "digit": a bright 8x16 bar with a soft edge, black background. */
    private static byte[] digit() {
        byte[] pixels = new byte[MnistDataset.PIXELS];
        for (int y = 6; y < 22; y++) {
            for (int x = 10; x < 18; x++) {
                pixels[y * 28 + x] = (byte) (x == 10 || x == 17 ? 128 : 253);
            }
        }
        return pixels;
    }

    @Test
    void a28x28GrayPngComesBackUnchanged() {
        byte[] pixels = digit();
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, pixels);
        assertArrayEquals(pixels, DigitImages.decode(png(image), "digit.png"));
    }

    @Test
    void aDarkOnLightColourImageOfTwiceTheSizeIsInvertedAndShrunk() {
        byte[] pixels = digit();
        BufferedImage image = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int v = 255 - (pixels[(y / 2) * 28 + x / 2] & 0xFF);
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        assertArrayEquals(pixels, DigitImages.decode(png(image), "digit.png"));
    }

    @Test
    void aSmallImageIsEnlargedAndTransparencyCountsAsPaper() {
        BufferedImage image = new BufferedImage(7, 7, BufferedImage.TYPE_INT_ARGB); // all transparent
        for (int y = 1; y < 6; y++) {
            image.setRGB(3, y, 0xFF000000); // an opaque black stroke
        }
        byte[] pixels = DigitImages.toMnistPixels(image);
        assertEquals(0, pixels[0] & 0xFF, "transparent paper becomes the black background");
        // Bilinear: output column 14 lies 1/8 of a source pixel off the stroke's centre.
        assertEquals(223, pixels[14 * 28 + 14] & 0xFF, "the dark stroke becomes white");
        assertEquals(0, pixels[14 * 28 + 20] & 0xFF, "beside the stroke stays black");
    }

    @Test
    void whatIsNotAnImageIsADataErrorNamingTheFile() {
        DataException e = assertThrows(DataException.class,
                () -> DigitImages.decode("just text".getBytes(), "notes.txt"));
        assertTrue(e.getMessage().startsWith("notes.txt: "), e.getMessage());
    }

    @Test
    void areaAveragingKeepsTheMeanBrightness() {
        double[] source = new double[90 * 60];
        for (int i = 0; i < source.length; i++) {
            source[i] = (i * 37) % 256;
        }
        double[] resized = GrayResize.resize(source, 90, 60, 28, 28);
        assertEquals(java.util.Arrays.stream(source).average().orElseThrow(),
                java.util.Arrays.stream(resized).average().orElseThrow(), 1e-9);
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
