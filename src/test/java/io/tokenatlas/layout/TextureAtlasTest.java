package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tokenatlas.catalog.TokenImage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextureAtlasTest {
    private static List<TokenImage> tokens(String... media) {
        List<TokenImage> out = new ArrayList<>();
        for (int i = 0; i < media.length; i++) {
            out.add(new TokenImage(BigInteger.valueOf(i + 1), media[i]));
        }
        return out;
    }

    @Test
    void tokensSharingAnImageShareASlot() {
        TextureAtlas atlas = TextureAtlas.of(tokens("a", "b", "a", "c", "b"), 32);
        assertArrayEquals(new int[] {0, 1, 0, 2, 1}, atlas.slots());
        assertEquals(List.of("a", "b", "c"), atlas.slotMedia());
        assertEquals(128, atlas.columns(), "a 4096 px sheet of 32 px cells");
        assertEquals(1, atlas.sheets());
        assertEquals(new Grid(128, 1), atlas.sheetGrid(0));
    }

    @Test
    void slotsBeyondOneSheetGoToTheNext() {
        String[] media = new String[2 * 64 * 64 + 10];
        for (int i = 0; i < media.length; i++) {
            media[i] = "m" + i;
        }
        TextureAtlas atlas = TextureAtlas.of(tokens(media), 64);
        assertEquals(64 * 64, atlas.slotsPerSheet());
        assertEquals(3, atlas.sheets());
        assertEquals(new Grid(64, 64), atlas.sheetGrid(1));
        assertEquals(new Grid(64, 1), atlas.sheetGrid(2));
        var last = atlas.sheetCells(2);
        assertEquals(10, last.size());
        assertEquals(new LayoutReads.CellImage(0, "m" + (2 * 64 * 64)), last.get(0));
        assertThrows(IllegalArgumentException.class, () -> atlas.sheetCells(3));
    }

    @Test
    void theTagChangesWithTheImagesAndTheCellSize() {
        String a = TextureAtlas.of(tokens("a", "b"), 32).tag();
        assertEquals(a, TextureAtlas.of(tokens("a", "b"), 32).tag());
        assertNotEquals(a, TextureAtlas.of(tokens("a", "c"), 32).tag());
        assertNotEquals(a, TextureAtlas.of(tokens("a", "b"), 16).tag());
        assertNotEquals(a, TextureAtlas.of(tokens("a", "b", "b"), 32).tag());
    }

    @Test
    void cellSizesOutsideTheRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TextureAtlas.of(tokens("a"), 4));
        assertThrows(IllegalArgumentException.class, () -> TextureAtlas.of(tokens("a"), 512));
    }
}
