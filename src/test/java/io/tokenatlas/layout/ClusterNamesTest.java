package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.layout.ClusterNames.Feature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterNamesTest {
    /**
     * Pixel art tagged by an ImageNet model: "crossword puzzle" over half the first cluster and a
     * "nematode" all over the second and nowhere else. Traits name the first; the second gets its
     * tag after its trait because the tag is specific to it.
     */
    @Test
    void inACollectionWithTraitsATagNamesOnlyWhatItIsSpecificTo() {
        List<Set<Feature>> features = new ArrayList<>();
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) {
            labels[i] = i / 20;
            Set<Feature> f = new java.util.HashSet<>();
            f.add(new Feature("Hat", i < 20 ? "Cowboy" : "Cap", false));
            f.add(new Feature("Eyes", i % 2 == 0 ? "Regular" : "Shades", false));
            if (i < 20 ? i % 2 == 0 : i >= 40 && i < 45) {
                f.add(new Feature(null, "crossword puzzle", true));
            }
            if (i >= 20 && i < 40) {
                f.add(new Feature(null, "nematode", true));
            }
            features.add(f);
        }
        List<String> names = ClusterNames.name(labels, 3, features,
                List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3)));
        assertEquals("Cowboy hat", names.get(0), "half the cluster tagged is not specific enough");
        assertEquals("Cap hat, Nematode", names.get(1), "the trait first, then the tag every token of it has");
        assertTrue(!names.get(2).contains("Crossword"), names.get(2));
    }

    @Test
    void namesClustersAfterTheirOverRepresentedTraitsAndTags() {
        List<Set<Feature>> features = new ArrayList<>();
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i / 20;
            boolean first = i < 20;
            features.add(Set.of(
                    new Feature("Mask", first ? "Clown" : "None", false),
                    new Feature("Background", first ? "Red" : (i % 2 == 0 ? "Blue" : "Green"), false),
                    new Feature("Type", "Ape", false), // everywhere: names nothing
                    new Feature(null, first ? "balloon" : "comic book", true)));
        }
        List<String> names = ClusterNames.name(labels, 2, features, List.of(BigInteger.ONE, BigInteger.TWO));
        assertEquals(2, names.size());
        assertTrue(names.get(0).matches("(Clown mask|Red background|Balloon), (Clown mask|Red background|Balloon)"),
                names.get(0));
        assertTrue(names.get(1).contains("None mask") || names.get(1).contains("Comic book"), names.get(1));
        assertTrue(!names.get(0).contains("Ape") && !names.get(1).contains("Ape"), "a trait all tokens share names no cluster");
    }

    @Test
    void readsTraitsAsPhrases() {
        assertEquals("Red background", new Feature("Background", "red", false).label());
        assertEquals("Cowboy hat", new Feature("Hat", "Cowboy hat", false).label());
        assertEquals("Level 5", new Feature("level", "5", false).label());
        assertEquals("Comic book", new Feature(null, "comic book", true).label());
        assertEquals("Book jacket", new Feature(null, "book jacket, dust cover, dust jacket", true).label());
    }

    @Test
    void clustersWithNothingToTellApartAreStillNamedAndNamesDiffer() {
        int[] labels = {0, 0, 1, 1};
        List<Set<Feature>> same = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            same.add(Set.of(new Feature("Body", "Robot", false)));
        }
        List<BigInteger> central = List.of(BigInteger.valueOf(1), BigInteger.valueOf(3));
        assertEquals(List.of("Mostly Robot body (like #1)", "Mostly Robot body (like #3)"),
                ClusterNames.name(labels, 2, same, central));
        List<Set<Feature>> none = List.of(Set.of(), Set.of(), Set.of(), Set.of());
        assertEquals(List.of("Like #1", "Like #3"), ClusterNames.name(labels, 2, none, central));
    }
}
