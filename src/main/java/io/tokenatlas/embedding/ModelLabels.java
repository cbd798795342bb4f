package io.tokenatlas.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The class names of a model's label output and the tags they give an image: the best-scoring
 * names above a threshold. A class called "background" (index 0 of the 1001 ImageNet classes) is
 * never a tag. Pure apart from reading the file.
 */
public final class ModelLabels {
    /** A label the model gave an image, with its score. */
    public record Tag(String label, float score) {}

    private final List<String> names;

    public ModelLabels(List<String> names) {
        this.names = List.copyOf(names);
    }

    public static ModelLabels read(Path file) {
        try {
            List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
            while (!names.isEmpty() && names.getLast().isEmpty()) {
                names = names.subList(0, names.size() - 1);
            }
            return new ModelLabels(names);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the labels file " + file + " failed: " + e.getMessage(), e);
        }
    }

    public int size() {
        return names.size();
    }

    /** Up to {@code k} tags with a score of at least {@code minScore}, best first. */
    public List<Tag> top(float[] scores, int k, float minScore) {
        if (scores.length != names.size()) {
            throw new IllegalArgumentException(scores.length + " scores for " + names.size() + " labels");
        }
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            String name = names.get(i);
            if (scores[i] >= minScore && !name.isEmpty() && !name.toLowerCase(Locale.ROOT).equals("background")) {
                tags.add(new Tag(name, scores[i]));
            }
        }
        tags.sort((a, b) -> Float.compare(b.score(), a.score()));
        return tags.size() > k ? List.copyOf(tags.subList(0, k)) : tags;
    }
}
