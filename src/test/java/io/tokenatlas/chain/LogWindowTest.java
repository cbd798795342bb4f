package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogWindowTest {
    @Test
    void startsAtTheMaximumAndHalvesTheRefusedSpan() {
        LogWindow window = new LogWindow(2000);
        assertEquals(2000, window.size());
        assertTrue(window.shrink(13), "a refused 13-block query halves to 6, not 1000");
        assertEquals(6, window.size());
        assertTrue(window.shrink(6));
        assertEquals(3, window.size());
        assertTrue(window.shrink(2));
        assertEquals(1, window.size());
        assertFalse(window.shrink(1), "one block cannot shrink");
    }

    @Test
    void growsWhileAnswersAreSparseButNeverPastTheMaximum() {
        LogWindow window = new LogWindow(100);
        window.shrink(100);
        window.shrink(50);
        assertEquals(25, window.size());
        window.answered(25, 10);
        assertEquals(50, window.size());
        window.answered(50, LogWindow.SPARSE + 1);
        assertEquals(50, window.size(), "a dense answer does not grow the window");
        window.answered(10, 0);
        assertEquals(50, window.size(), "a short tail window says nothing about the size");
        window.answered(50, 0);
        window.answered(100, 0);
        assertEquals(100, window.size());
    }

    @Test
    void refusesAnEmptyMaximum() {
        assertThrows(IllegalArgumentException.class, () -> new LogWindow(0));
    }
}
