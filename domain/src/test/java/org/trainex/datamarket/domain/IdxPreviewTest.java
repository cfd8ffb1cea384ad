package org.trainex.datamarket.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class IdxPreviewTest {
    static byte[] images(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(IdxInspector.IMAGES_MAGIC);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < rows * cols; p++) {
                out.writeByte(i * 40); // image i is a flat grey of level 40 i
            }
        }
        return b.toByteArray();
    }

    @Test
    void rendersTheFirstImagesAsAGridWithOnePixelGaps() throws IOException {
        byte[] png = IdxPreview.png(new ByteArrayInputStream(images(5, 3, 2)), 4, 3);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        // 3 cells of 2+1 px plus a border = 10 wide; 2 rows of 3+1 px plus a border = 9 high
        assertEquals(10, img.getWidth());
        assertEquals(9, img.getHeight());
        assertEquals(0, img.getRaster().getSample(1, 1, 0), "image 0 is black");
        assertEquals(120, img.getRaster().getSample(1, 5, 0), "image 3 starts the second row");
        assertEquals(128, img.getRaster().getSample(7, 5, 0), "the missing 5th cell stays background");
    }

    @Test
    void refusesWhatIsNoIdxImageFileAndBadCounts() {
        assertThrows(IOException.class, () -> IdxPreview.png(new ByteArrayInputStream(new byte[] {0, 0, 8, 1, 0, 0,
            0, 1}), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> IdxPreview.png(new ByteArrayInputStream(new byte[0]), 0,
                1));
        assertThrows(IOException.class, () -> IdxPreview.png(new ByteArrayInputStream(
                java.util.Arrays.copyOf(images(2, 3, 2), 20)), 2, 2), "truncated");
    }
}
