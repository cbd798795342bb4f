package io.tokenatlas.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tokenatlas.testkit.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of docker/ without a Docker engine: the compose file's services and the
 * Dockerfile's stages. (`docker-compose -f docker/compose.yml config` validates the compose file
 * where Debian's docker-compose is installed.)
 */
class DockerFilesTest {
    @Test
    void composeRunsPgvectorTheDaemonAndAnOptionalAnvil() throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Tools.root().resolve("docker/compose.yml").toFile());
        JsonNode services = compose.get("services");
        assertTrue(services.at("/postgres/image").asText().startsWith("pgvector/pgvector:"));
        assertTrue(services.at("/postgres/healthcheck/test").isArray());
        assertEquals("service_healthy", services.at("/atlas/depends_on/postgres/condition").asText());
        assertEquals("docker/Dockerfile", services.at("/atlas/build/dockerfile").asText());
        assertTrue(services.at("/atlas/volumes/0").asText().endsWith(":/models"));
        assertEquals("demo", services.at("/anvil/profiles/0").asText());
        assertTrue(Files.readString(Tools.root().resolve("docker/init-vector.sql")).contains("CREATE EXTENSION IF NOT EXISTS vector"));
    }

    @Test
    void theImageIsMultiStageNonRootWithAHealthCheckAndAModelVolume() throws IOException {
        List<String> lines = Files.readAllLines(Tools.root().resolve("docker/Dockerfile"));
        assertEquals(2, lines.stream().filter(l -> l.startsWith("FROM ")).count(), "a build stage and a run stage");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("USER ") && !l.contains("root")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK") && l.contains("/q/health/ready")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("VOLUME") && l.contains("/models") && l.contains("/cache")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("--enable-native-access=ALL-UNNAMED")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ENTRYPOINT") && l.contains("-XX:MaxRAMPercentage=")),
                "the heap is sized from the container's memory");
        assertTrue(lines.stream().anyMatch(l -> l.contains("libopenblas") && l.contains("libarpack")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("fonts-dejavu-core")), "a font for on-chain SVG text");
    }
}
