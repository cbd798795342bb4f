package io.tokenatlas.layout;

import io.tokenatlas.media.StreamingPng;
import io.tokenatlas.media.Thumbnails;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Renders a layout's grid as one PNG, each token's thumbnail in its cell, one grid row at a time
 * (memory: one band of cols x cell x cell pixels).
 */
public final class MosaicRenderer {
    private MosaicRenderer() {}

    /**
     * @param cells       the occupied cells, by cell number ascending
     * @param thumbnails  loads the PNG thumbnails of a band's media by sha256
     * @param background  0xRRGGBB of empty cells
     */
    public static void render(Grid grid, List<LayoutReads.CellImage> cells, int cell, int background,
            Function<Set<String>, Map<String, byte[]>> thumbnails, OutputStream out) throws IOException {
        int width = grid.cols() * cell;
        try (StreamingPng png = new StreamingPng(out, width, grid.rows() * cell)) {
            int[][] band = new int[cell][width];
            int next = 0;
            for (int row = 0; row < grid.rows(); row++) {
                for (int[] line : band) {
                    java.util.Arrays.fill(line, background);
                }
                int from = next;
                while (next < cells.size() && grid.row(cells.get(next).cell()) == row) {
                    next++;
                }
                List<LayoutReads.CellImage> inRow = cells.subList(from, next);
                Set<String> wanted = new HashSet<>();
                inRow.forEach(c -> {
                    if (c.mediaSha256() != null) {
                        wanted.add(c.mediaSha256());
                    }
                });
                Map<String, byte[]> loaded = thumbnails.apply(wanted);
                for (LayoutReads.CellImage c : inRow) {
                    byte[] bytes = c.mediaSha256() == null ? null : loaded.get(c.mediaSha256());
                    if (bytes != null) {
                        paint(band, grid.col(c.cell()) * cell, cell, Thumbnails.readPng(bytes));
                    }
                }
                for (int[] line : band) {
                    png.writeRow(line);
                }
            }
        }
    }

    /** Draws the thumbnail scaled to fit the cell, centred. */
    private static void paint(int[][] band, int left, int cell, BufferedImage image) {
        double scale = (double) cell / Math.max(image.getWidth(), image.getHeight());
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage scaled = Thumbnails.scale(image, w, h);
        int dx = (cell - w) / 2;
        int dy = (cell - h) / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                band[dy + y][left + dx + x] = scaled.getRGB(x, y) & 0xffffff;
            }
        }
    }
}
