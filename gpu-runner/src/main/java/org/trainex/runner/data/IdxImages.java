package org.trainex.runner.data;

/**
 * The images of an IDX {@code idx3-ubyte} file: {@code count} images of {@code rows x columns} unsigned
 * bytes, row-major, in file order (pixel 0 is the top-left pixel of image 0).
 *
 * @param count   N, number of images
 * @param rows    image height in pixels
 * @param columns image width in pixels
 * @param pixels  N x rows x columns bytes; read as unsigned (0..255)
 */
public record IdxImages(int count, int rows, int columns, byte[] pixels) {
    public IdxImages {
        if ((long) count * rows * columns != pixels.length) {
            throw new IllegalArgumentException("pixels must hold count x rows x columns bytes");
        }
    }

    /** Features per image: rows x columns. */
    public int features() {
        return rows * columns;
    }
}
