package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house as docs/architecture.md draws it: each package imports only the ones listed above it
 * (so there is no cycle), every package is on the map, and no class grows past 300 lines.
 */
class HouseTest {
    static final Path MAIN = Path.of("src/main/java/io/tokenatlas");
    static final Pattern LISTED = Pattern.compile("^  (\\w+)/ ", Pattern.MULTILINE);
    static final Pattern IMPORT = Pattern.compile("io\\.tokenatlas\\.(\\w+)\\.");

    static List<String> mapOrder() throws IOException {
        String doc = Files.readString(Path.of("docs/architecture.md"));
        String house = doc.substring(doc.indexOf("src/main/java/io/tokenatlas/"), doc.indexOf("src/main/resources"));
        List<String> order = new ArrayList<>();
        Matcher m = LISTED.matcher(house);
        while (m.find()) {
            order.add(m.group(1));
        }
        return order;
    }

    static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void importsFlowOneWayAlongTheMap() throws IOException {
        List<String> order = mapOrder();
        List<String> problems = new ArrayList<>();
        for (Path file : sources()) {
            Path relative = MAIN.relativize(file);
            if (relative.getNameCount() < 2) {
                continue;
            }
            String own = relative.getName(0).toString();
            if (!order.contains(own)) {
                problems.add(own + "/ is not on the map in docs/architecture.md");
                continue;
            }
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String used = m.group(1);
                if (order.contains(used) && order.indexOf(used) > order.indexOf(own)) {
                    problems.add(relative + " uses " + used + "/, which is below " + own + "/ on the map");
                }
            }
        }
        assertEquals(List.of(), problems.stream().distinct().toList());
    }

    @Test
    void noClassIsOverThreeHundredLines() throws IOException {
        List<String> long_ = new ArrayList<>();
        for (Path file : sources()) {
            long lines = Files.readAllLines(file).size();
            if (lines > 300) {
                long_.add(MAIN.relativize(file) + " (" + lines + ")");
            }
        }
        assertEquals(List.of(), long_);
    }
}
