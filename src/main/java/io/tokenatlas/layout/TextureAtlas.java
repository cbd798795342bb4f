package io.tokenatlas.layout;

import io.tokenatlas.catalog.TokenImage;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collection's thumbnails packed into square sprite sheets for the explorer: one slot per
 * distinct image (tokens sharing an image share a slot), slots in rows of {@code columns} cells,
 * {@code columns x columns} slots a sheet. Pure: the sheets themselves are drawn by
 * {@link MosaicRenderer} from {@link #sheetCells}.
 */
public record TextureAtlas(int cell, int columns, List<BigInteger> tokenIds, int[] slots, List<String> slotMedia,
        String tag) {
    /** Longest side of a sheet: the texture size every WebGL implementation supports. */
    public static final int MAX_SHEET_SIDE = 4096;

    public static TextureAtlas of(List<TokenImage> tokens, int cell) {
        if (cell < 8 || cell > 256) {
            throw new IllegalArgumentException("cell must be between 8 and 256 pixels, not " + cell);
        }
        Map<String, Integer> slotOf = new LinkedHashMap<>();
        List<BigInteger> ids = new ArrayList<>(tokens.size());
        int[] slots = new int[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            ids.add(tokens.get(i).tokenId());
            slots[i] = slotOf.computeIfAbsent(tokens.get(i).mediaSha256(), s -> slotOf.size());
        }
        List<String> media = List.copyOf(slotOf.keySet());
        return new TextureAtlas(cell, MAX_SHEET_SIDE / cell, ids, slots, media, tag(ids, slots, media, cell));
    }

    public int slotsPerSheet() {
        return columns * columns;
    }

    public int sheets() {
        return (slotMedia.size() + slotsPerSheet() - 1) / slotsPerSheet();
    }

    /** The grid a sheet is drawn on: full rows of {@code columns}, as many as its slots need. */
    public Grid sheetGrid(int sheet) {
        int count = Math.min(slotsPerSheet(), slotMedia.size() - sheet * slotsPerSheet());
        return new Grid(columns, (count + columns - 1) / columns);
    }

    /** The cells of one sheet in the form the mosaic renderer draws. */
    public List<LayoutReads.CellImage> sheetCells(int sheet) {
        if (sheet < 0 || sheet >= sheets()) {
            throw new IllegalArgumentException("the atlas has " + sheets() + " sheets; there is no sheet " + sheet);
        }
        int from = sheet * slotsPerSheet();
        int to = Math.min(slotMedia.size(), from + slotsPerSheet());
        List<LayoutReads.CellImage> cells = new ArrayList<>(to - from);
        for (int s = from; s < to; s++) {
            cells.add(new LayoutReads.CellImage(s - from, slotMedia.get(s)));
        }
        return cells;
    }

    private static String tag(List<BigInteger> ids, int[] slots, List<String> media, int cell) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(Integer.toString(cell).getBytes());
            for (int i = 0; i < ids.size(); i++) {
                d.update((ids.get(i) + ":" + slots[i] + ";").getBytes());
            }
            media.forEach(m -> d.update(m.getBytes()));
            return HexFormat.of().formatHex(d.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
