package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcrustesTest {
    @Test
    void undoesARotationAScaleAndAShift() {
        double[][] before = LayoutFixtures.uniform(50, 1);
        double angle = Math.toRadians(130);
        double[][] after = move(before, angle, false, 3.5, 10, -4);
        Procrustes.Transform t = Procrustes.fit(after, before);
        assertFalse(t.reflect());
        assertEquals(0, Procrustes.residual(t, after, before), 1e-9);
        assertEquals(1 / 3.5, t.scale(), 1e-9);
    }

    @Test
    void undoesAMirrorImage() {
        double[][] before = LayoutFixtures.uniform(50, 2);
        double[][] after = move(before, Math.toRadians(-20), true, 0.5, 0, 0);
        Procrustes.Transform t = Procrustes.fit(after, before);
        assertTrue(t.reflect(), "a mirrored layout is flipped back");
        assertEquals(0, Procrustes.residual(t, after, before), 1e-9);
    }

    @Test
    void degenerateInputsLeaveTheLayoutAsItIs() {
        assertEquals(Procrustes.Transform.IDENTITY, Procrustes.fit(new double[][] {{1, 1}}, new double[][] {{0, 0}}));
        assertEquals(Procrustes.Transform.IDENTITY,
                Procrustes.fit(new double[][] {{1, 1}, {1, 1}}, new double[][] {{0, 0}, {1, 1}}));
    }

    private static double[][] move(double[][] points, double angle, boolean mirror, double scale, double dx, double dy) {
        double[][] out = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            double x = mirror ? -points[i][0] : points[i][0];
            double y = points[i][1];
            out[i] = new double[] {scale * (Math.cos(angle) * x - Math.sin(angle) * y) + dx,
                scale * (Math.sin(angle) * x + Math.cos(angle) * y) + dy};
        }
        return out;
    }
}
