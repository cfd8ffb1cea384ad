package org.trainex.datamarket.domain;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Renders the first images of an IDX image file (plain or gzip) as one PNG grid, so curators and initiators can
 * look at a proposal before voting (issue 4 item 2). Pixels are IDX unsigned bytes, drawn as grey levels
 * (0 = black); a 1-pixel gap separates the cells.
 */
public final class IdxPreview {
    /** Most images in a preview. */
    public static final int MAX_IMAGES = 100;

    private IdxPreview() {
    }

    /**
     * @param images   the IDX images stream (read up to the last rendered image)
     * @param count    images to render, 1..{@value #MAX_IMAGES} (fewer if the file holds fewer)
     * @param perRow   cells per grid row, &gt;= 1
     * @return PNG bytes
     * @throws IOException              if the stream is not an IDX image file or ends early
     * @throws IllegalArgumentException if count or perRow is out of range
     */
    public static byte[] png(InputStream images, int count, int perRow) throws IOException {
        if (count < 1 || count > MAX_IMAGES || perRow < 1) {
            throw new IllegalArgumentException("count must be in 1.." + MAX_IMAGES + " and perRow >= 1");
        }
        DataInputStream in = new DataInputStream(IdxInspector.maybeGunzip(images));
        if (in.readInt() != IdxInspector.IMAGES_MAGIC) {
            throw new IOException("not an IDX image file (wrong magic)");
        }
        int n = in.readInt();
        int rows = in.readInt();
        int cols = in.readInt();
        if (n < 0 || rows < 1 || cols < 1 || rows > IdxInspector.MAX_SIDE || cols > IdxInspector.MAX_SIDE) {
            throw new IOException("IDX header out of range: " + n + " x " + rows + " x " + cols);
        }
        int shown = Math.min(count, n);
        int gridCols = Math.max(1, Math.min(perRow, shown));
        int gridRows = Math.max(1, (shown + gridCols - 1) / gridCols);
        BufferedImage img = new BufferedImage(gridCols * (cols + 1) + 1, gridRows * (rows + 1) + 1,
                BufferedImage.TYPE_BYTE_GRAY);
        var raster = img.getRaster();
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                raster.setSample(x, y, 0, 128);
            }
        }
        byte[] pixels = new byte[rows * cols];
        for (int i = 0; i < shown; i++) {
            in.readFully(pixels);
            int ox = 1 + (i % gridCols) * (cols + 1);
            int oy = 1 + (i / gridCols) * (rows + 1);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    raster.setSample(ox + c, oy + r, 0, pixels[r * cols + c] & 0xff);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new UncheckedIOException(new IOException("no PNG writer"));
        }
        return out.toByteArray();
    }
}
