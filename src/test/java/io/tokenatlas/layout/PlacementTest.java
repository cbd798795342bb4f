package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.layout.Placement.Neighbour;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {
    @Test
    void landsAmongTheNearestClusterNotBetweenClusters() {
        Grid grid = new Grid(10, 10);
        BitSet occupied = new BitSet();
        var placed = Placement.place(List.of(
                new Neighbour(0.2, 0.2, 3, 0.1),
                new Neighbour(0.22, 0.18, 3, 0.2),
                new Neighbour(0.9, 0.9, 1, 0.15)), grid, occupied);
        assertEquals(3, placed.cluster());
        assertTrue(placed.x() < 0.25 && placed.y() < 0.25, placed.toString());
        assertEquals(1 * 10 + 2, placed.cell(), "the cell under it (x 0.207, y 0.193)");
        assertTrue(occupied.get(placed.cell()));
    }

    @Test
    void takesTheNearestFreeCellAndNoneWhenTheGridIsFull() {
        Grid grid = new Grid(3, 3);
        BitSet occupied = new BitSet();
        occupied.set(0, 9);
        occupied.clear(8);
        assertEquals(8, Placement.freeCellNear(grid, occupied, 0.1, 0.1));
        occupied.set(8);
        assertEquals(-1, Placement.place(List.of(new Neighbour(0.5, 0.5, 0, 0)), grid, occupied).cell());
    }
}
