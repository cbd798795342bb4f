package io.tokenatlas.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraitFilterTest {
    @Test
    void valuesOfOneTypeAreAlternativesAndCaseDoesNotMatter() {
        TraitFilter f = TraitFilter.parse(List.of("Background:Blue", "background: RED ", "Hat:Cap"));
        assertEquals(Map.of("background", Set.of("blue", "red"), "hat", Set.of("cap")), f.valuesByType());
    }

    @Test
    void theFirstColonSeparatesTypeFromValue() {
        assertEquals(Map.of("time", Set.of("12:30")), TraitFilter.parse(List.of("Time:12:30")).valuesByType());
    }

    @Test
    void noConditionsIsNoFilter() {
        assertTrue(TraitFilter.parse(null).isEmpty());
        assertTrue(TraitFilter.parse(List.of()).isEmpty());
    }

    @Test
    void malformedConditionsAreRefusedWithTheExpectedForm() {
        for (String bad : new String[] {"Blue", ":Blue", "Background:", "Background: ", " :x"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> TraitFilter.parse(List.of(bad)), bad);
            assertTrue(e.getMessage().contains("type"), e.getMessage());
        }
    }

    @Test
    void tooManyConditionsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TraitFilter.parse(Collections.nCopies(TraitFilter.MAX_CONDITIONS + 1, "a:b")));
        assertTrue(e.getMessage().contains("at most 20"), e.getMessage());
    }
}
