package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RPC answers over the limit, declared or chunked, fail the call; a real local HTTP server sends them. */
class BoundedAnswersTest {
    HttpServer server;
    final OkHttpClient http = new OkHttpClient.Builder().addNetworkInterceptor(new BoundedAnswers(1024)).build();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = new byte[exchange.getRequestURI().getPath().contains("small") ? 100 : 4096];
            boolean chunked = exchange.getRequestURI().getPath().contains("chunked");
            exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                // the client stopped reading, as it should
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String get(String path) throws IOException {
        try (Response r = http.newCall(new Request.Builder().url("http://127.0.0.1:" + server.getAddress().getPort() + path)
                .build()).execute()) {
            return r.body().string();
        }
    }

    @Test
    void answersOverTheLimitFailTheCall() throws IOException {
        assertEquals(100, get("/small").length());
        IOException declared = assertThrows(IOException.class, () -> get("/large"));
        assertTrue(declared.getMessage().contains("4096 bytes, over the limit of 1024"), declared.getMessage());
        IOException chunked = assertThrows(IOException.class, () -> get("/large-chunked"));
        assertTrue(chunked.getMessage().contains("over the limit of 1024 bytes"), chunked.getMessage());
    }
}
