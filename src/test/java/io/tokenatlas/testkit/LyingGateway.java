package io.tokenatlas.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An IPFS gateway that lies: for every CID it answers 200 with a real picture that is not the one
 * asked for. A real gateway cannot be made to do this, hence this server.
 */
public final class LyingGateway implements AutoCloseable {
    private final HttpServer server = StaticServer.loopbackServer();
    private final AtomicInteger answered = new AtomicInteger();

    public LyingGateway() {
        byte[] impostor = FamilyArt.draw(5, 666).png();
        server.createContext("/ipfs/", exchange -> {
            answered.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.ipld.raw");
            exchange.sendResponseHeaders(200, impostor.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(impostor);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
