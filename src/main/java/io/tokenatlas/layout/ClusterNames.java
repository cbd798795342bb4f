package io.tokenatlas.layout;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names each cluster after the traits and model tags most over-represented in it ("Clown mask,
 * Red background"): a feature qualifies when at least {@link #MIN_SHARE} of the cluster has it and
 * it is {@link #MIN_LIFT} times as common there as in the whole collection (and more than one token
 * has it); the best two by share x log(lift), tags weighted half, make the name. In a collection
 * with traits, names come from traits; a model tag only fills in where it is specific to the
 * cluster ({@link #TAG_MIN_SHARE}, {@link #TAG_MIN_LIFT}). A cluster with
 * no such feature is named after what most of it has, and a cluster with no features at all
 * after its most central token ("Like #12").
 */
public final class ClusterNames {
    static final double MIN_SHARE = 0.25;
    static final double MIN_LIFT = 1.25;
    static final int PARTS = 2;
    /** A model tag counts half as much as a trait: traits are the creator's words, tags a classifier's guess. */
    static final double TAG_WEIGHT = 0.5;
    /**
     * In a collection with traits, a tag names a cluster only when most of it has the tag and the
     * tag is rare elsewhere (ImageNet labels of pixel art read "Crossword puzzle", "Nematode"), and
     * only after the traits.
     */
    static final double TAG_MIN_SHARE = 0.6;
    static final double TAG_MIN_LIFT = 3;

    /** A feature a token has: a trait (type may be null) or a model tag. */
    public record Feature(String type, String value, boolean tag) {
        /** How the feature reads in a name: "Red background", "Clown mask", "Level 5", "Mask". */
        public String label() {
            String v = value.strip();
            if (tag) {
                // ImageNet-style labels list synonyms: "book jacket, dust cover, dust jacket"
                int comma = v.indexOf(',');
                return capitalise(comma > 0 ? v.substring(0, comma).strip() : v);
            }
            if (type == null || type.isBlank()) {
                return capitalise(v);
            }
            String t = type.strip();
            if (isNumber(v)) {
                return capitalise(t) + " " + v;
            }
            if (v.toLowerCase(Locale.ROOT).contains(t.toLowerCase(Locale.ROOT))) {
                return capitalise(v);
            }
            return capitalise(v) + " " + t.toLowerCase(Locale.ROOT);
        }

        private static boolean isNumber(String s) {
            return s.matches("-?\\d+(\\.\\d+)?");
        }

        private static String capitalise(String s) {
            return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
        }
    }

    private ClusterNames() {}

    /**
     * @param labels   each token's cluster (0..clusters-1)
     * @param features each token's features, in the same order
     * @param central  each cluster's most central token, for clusters nothing else names
     */
    public static List<String> name(int[] labels, int clusters, List<? extends Set<Feature>> features,
            List<BigInteger> central) {
        int n = labels.length;
        Map<Feature, Integer> overall = new HashMap<>();
        List<Map<Feature, Integer>> inside = new ArrayList<>();
        int[] size = new int[clusters];
        for (int c = 0; c < clusters; c++) {
            inside.add(new HashMap<>());
        }
        for (int i = 0; i < n; i++) {
            size[labels[i]]++;
            for (Feature f : features.get(i)) {
                overall.merge(f, 1, Integer::sum);
                inside.get(labels[i]).merge(f, 1, Integer::sum);
            }
        }
        boolean traits = overall.keySet().stream().anyMatch(f -> !f.tag());
        List<String> names = new ArrayList<>(clusters);
        for (int c = 0; c < clusters; c++) {
            names.add(nameOne(inside.get(c), size[c], overall, n, central.get(c), traits));
        }
        return distinct(names, central);
    }

    private static String nameOne(Map<Feature, Integer> inside, int size, Map<Feature, Integer> overall, int n,
            BigInteger central, boolean traits) {
        if (size == 0 || inside.isEmpty()) {
            return "Like #" + central;
        }
        record Scored(Feature feature, double share, double score) {}
        List<Scored> qualified = new ArrayList<>();
        Scored mostCommon = null;
        for (var e : inside.entrySet()) {
            double share = (double) e.getValue() / size;
            double lift = share / ((double) overall.get(e.getKey()) / n);
            boolean tag = e.getKey().tag();
            double weight = tag ? TAG_WEIGHT : 1;
            Scored s = new Scored(e.getKey(), share, weight * share * Math.log(lift));
            // Where the creator named traits, a tag must be specific (and comes after every trait).
            boolean specific = !tag || !traits || share >= TAG_MIN_SHARE && lift >= TAG_MIN_LIFT;
            if (share >= MIN_SHARE && lift >= MIN_LIFT && overall.get(e.getKey()) >= 2 && specific) {
                qualified.add(s);
            }
            if ((!traits || !tag) && (mostCommon == null || share > mostCommon.share() || share == mostCommon.share()
                    && s.feature().label().compareTo(mostCommon.feature().label()) < 0)) {
                mostCommon = s;
            }
        }
        qualified.sort((a, b) -> traits && a.feature().tag() != b.feature().tag()
                ? Boolean.compare(a.feature().tag(), b.feature().tag())
                : a.score() != b.score()
                ? Double.compare(b.score(), a.score())
                : a.feature().label().compareTo(b.feature().label()));
        Set<String> parts = new LinkedHashSet<>();
        for (Scored s : qualified) {
            if (parts.size() == PARTS) {
                break;
            }
            parts.add(s.feature().label());
        }
        if (parts.isEmpty()) {
            return mostCommon == null ? "Like #" + central : "Mostly " + mostCommon.feature().label();
        }
        return String.join(", ", parts);
    }

    /** Two clusters with the same name get their central token added: "Red background (like #12)". */
    private static List<String> distinct(List<String> names, List<BigInteger> central) {
        Map<String, Integer> seen = new HashMap<>();
        for (String s : names) {
            seen.merge(s, 1, Integer::sum);
        }
        List<String> out = new ArrayList<>(names.size());
        for (int c = 0; c < names.size(); c++) {
            String s = names.get(c);
            out.add(seen.get(s) > 1 && !s.startsWith("Like #") ? s + " (like #" + central.get(c) + ")" : s);
        }
        return out;
    }
}
