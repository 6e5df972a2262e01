package io.bnsync.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Turns an ordinary picture of a digit (PNG, JPEG, any size, colour or gray) into the 784 pixels
 * MNIST images are made of: gray (Rec. 601 luma, transparent areas composited onto white),
 * scaled to 28x28 (area averaging when shrinking, bilinear when enlarging; the aspect ratio is
 * not kept), and white digit on black. MNIST digits are white on a black background, most photos
 * and scans are the opposite, so an image whose border is bright on average is inverted.
 */
public final class DigitImages {
    /** Mean border brightness above which the background is taken to be white. */
    static final double BRIGHT_BORDER = 127;

    static {
        // Decoding needs no display; keep AWT from looking for one on a server.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private DigitImages() {
    }

    /** Decodes an image file's bytes; anything ImageIO cannot decode is a {@link DataException} naming {@code name}. */
    public static byte[] decode(byte[] content, String name) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            throw new DataException(name + ": cannot decode image (" + e.getMessage() + ")", e);
        }
        if (image == null) {
            throw new DataException(name + ": not a readable image (expected PNG, JPEG, GIF or BMP)");
        }
        return toMnistPixels(image);
    }

    /** The image as 28x28 row-major unsigned pixels, white digit on black. */
    public static byte[] toMnistPixels(BufferedImage image) {
        double[] gray = GrayResize.resize(gray(image), image.getWidth(), image.getHeight(),
                MnistDataset.COLS, MnistDataset.ROWS);
        boolean invert = borderMean(gray) > BRIGHT_BORDER;
        byte[] pixels = new byte[MnistDataset.PIXELS];
        for (int p = 0; p < pixels.length; p++) {
            long v = Math.round(Math.max(0, Math.min(255, gray[p])));
            pixels[p] = (byte) (invert ? 255 - v : v);
        }
        return pixels;
    }

    /** Gray levels 0..255, row-major. */
    static double[] gray(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        boolean grayModel = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1;
        return grayModel ? fromGrayRaster(image) : fromRgb(image);
    }

    /**
     * Gray images are read from the raster: {@code getRGB} would map the linear gray colour space
     * to sRGB and change every level, so a 28x28 MNIST PNG would not come back unchanged.
     */
    private static double[] fromGrayRaster(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        double levelScale = 255.0 / ((1L << cm.getComponentSize(0)) - 1);
        int alphaBand = cm.hasAlpha() ? raster.getNumBands() - 1 : -1;
        double alphaMax = cm.hasAlpha() ? (1L << cm.getComponentSize(alphaBand)) - 1 : 1;
        double[] gray = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double level = raster.getSample(x, y, 0) * levelScale;
                double alpha = alphaBand < 0 ? 1 : raster.getSample(x, y, alphaBand) / alphaMax;
                gray[y * w + x] = onWhite(level, alpha);
            }
        }
        return gray;
    }

    private static double[] fromRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        double[] gray = new double[w * h];
        for (int i = 0; i < argb.length; i++) {
            int c = argb[i];
            double luma = 0.299 * ((c >> 16) & 0xFF) + 0.587 * ((c >> 8) & 0xFF) + 0.114 * (c & 0xFF);
            gray[i] = onWhite(luma, ((c >>> 24) & 0xFF) / 255.0);
        }
        return gray;
    }

    /** Transparent pixels count as paper: drawing apps save dark strokes on a transparent background. */
    private static double onWhite(double level, double alpha) {
        return level * alpha + 255 * (1 - alpha);
    }

    /** Mean of the outermost ring of a 28x28 image. */
    static double borderMean(double[] pixels) {
        int rows = MnistDataset.ROWS;
        int cols = MnistDataset.COLS;
        double sum = 0;
        int n = 0;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                if (y == 0 || y == rows - 1 || x == 0 || x == cols - 1) {
                    sum += pixels[y * cols + x];
                    n++;
                }
            }
        }
        return sum / n;
    }
}
