package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tokenatlas.testkit.Tools;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloading a model by URL and sha256, from a real HTTP server on loopback serving the shared model. */
class ModelSourceTest {
    static final String V1_SHA256 = "9312b8ac0cfa4d94d5dbcb715060b164bec678dda25e6c6645d348f31d7d7ff8";

    @TempDir
    Path cache;
    HttpServer server;
    final AtomicInteger downloads = new AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        byte[] model = Files.readAllBytes(Tools.model(Tools.MOBILENET_V1));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/models/v1.onnx", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, model.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(model);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/models/v1.onnx";
    }

    @Test
    void aModelIsDownloadedOnceVerifiedAndKeptBySha256() {
        Path first = ModelSource.download(url(), V1_SHA256, cache);
        assertEquals(cache.resolve(V1_SHA256 + ".onnx"), first);
        assertEquals(V1_SHA256, ModelSource.sha256(first));
        Path again = ModelSource.download(url(), V1_SHA256, cache);
        assertEquals(first, again);
        assertEquals(1, downloads.get(), "the second start uses the cached file");
    }

    @Test
    void aDownloadThatDoesNotMatchItsSha256IsRefusedAndNotKept() throws IOException {
        String wrong = "0".repeat(64);
        var e = assertThrows(IllegalStateException.class, () -> ModelSource.download(url(), wrong, cache));
        assertTrue(e.getMessage().contains("has sha256 " + V1_SHA256 + ", not the configured " + wrong + ": refused"),
                e.getMessage());
        try (var files = Files.list(cache)) {
            assertFalse(files.findAny().isPresent(), "nothing is left in the cache");
        }
    }

    @Test
    void aMissingModelAnswersWithItsStatus() {
        var e = assertThrows(IllegalStateException.class, () -> ModelSource.download(
                url().replace("/models/v1.onnx", "/elsewhere.onnx"), V1_SHA256, cache));
        assertTrue(e.getMessage().contains("answered HTTP 404"), e.getMessage());
    }
}
