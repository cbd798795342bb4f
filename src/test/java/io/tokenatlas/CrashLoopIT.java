package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tokenatlas.testkit.CrashLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The short version of scripts/faults: three kill -9s at random moments while the chain keeps changing. */
class CrashLoopIT {
    @Test
    void killsAtRandomMomentsLoseNothingAndRepeatNothing() {
        CrashLoop.Result result = CrashLoop.run(3, 60, 42, "crash-loop");
        System.out.println("crash loop: " + result.summary());
        assertEquals(List.of(), result.problems());
    }
}
