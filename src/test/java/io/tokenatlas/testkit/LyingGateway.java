package io.tokenatlas.testkit;

import com.sun.net.httpserver.HttpServer;
import io.tokenatlas.fetch.Cid;
import io.tokenatlas.fetch.Varint;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An IPFS gateway that lies: for every CID it answers 200 with a well-formed CAR whose one block
 * claims to be the CID asked for but holds a real picture that is not the one asked for (and, for
 * a plain request, that picture). A real gateway cannot be made to do this, hence this server.
 */
public final class LyingGateway implements AutoCloseable {
    private final HttpServer server = StaticServer.loopbackServer();
    private final AtomicInteger answered = new AtomicInteger();

    private final Map<String, byte[]> hosted = new ConcurrentHashMap<>();

    public LyingGateway() {
        byte[] impostor = FamilyArt.draw(5, 666).png();
        server.createContext("/ipfs/", exchange -> {
            answered.incrementAndGet();
            String cid = exchange.getRequestURI().getPath().substring("/ipfs/".length()).split("/")[0];
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean car = accept != null && accept.contains("application/vnd.ipld.car");
            byte[] body = hosted.containsKey(cid) && car ? hosted.get(cid) : car ? car(Cid.parse(cid), impostor) : impostor;
            exchange.getResponseHeaders().set("Content-Type", car ? "application/vnd.ipld.car; version=1" : "image/png");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /**
     * Serves {@code car} (honest blocks: a DAG a stranger published) for CAR requests of {@code cid}:
     * what a real gateway would send once that DAG is on IPFS.
     */
    public void host(String cid, byte[] car) {
        hosted.put(cid, car);
    }

    /** A CARv1 of these blocks, the first one's CID as its root. */
    public static byte[] car(List<Cid> cids, List<byte[]> blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] first = car(cids.getFirst(), blocks.getFirst());
        out.writeBytes(first);
        for (int i = 1; i < cids.size(); i++) {
            byte[] c = cidBytes(cids.get(i));
            Varint.write(out, c.length + blocks.get(i).length);
            out.writeBytes(c);
            out.writeBytes(blocks.get(i));
        }
        return out.toByteArray();
    }

    private static byte[] cidBytes(Cid cid) {
        ByteArrayOutputStream cidBytes = new ByteArrayOutputStream();
        Varint.write(cidBytes, 1);
        Varint.write(cidBytes, cid.codec());
        cidBytes.writeBytes(cid.multihash());
        return cidBytes.toByteArray();
    }

    /** A CARv1 whose only block is labelled {@code cid} but holds {@code block}. */
    public static byte[] car(Cid cid, byte[] block) {
        ByteArrayOutputStream cidBytes = new ByteArrayOutputStream();
        Varint.write(cidBytes, 1);
        Varint.write(cidBytes, cid.codec());
        cidBytes.writeBytes(cid.multihash());
        byte[] c = cidBytes.toByteArray();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0xa2);
        header.write(0x65);
        header.writeBytes("roots".getBytes(StandardCharsets.US_ASCII));
        header.write(0x81);
        header.write(0xd8);
        header.write(42);
        header.write(0x58);
        header.write(c.length + 1);
        header.write(0);
        header.writeBytes(c);
        header.write(0x67);
        header.writeBytes("version".getBytes(StandardCharsets.US_ASCII));
        header.write(0x01);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(out, header.size());
        out.writeBytes(header.toByteArray());
        Varint.write(out, c.length + block.length);
        out.writeBytes(c);
        out.writeBytes(block);
        return out.toByteArray();
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
