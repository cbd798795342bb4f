package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.web3j.abi.datatypes.Utf8String;

/**
 * The demo (scripts/demo): a local anvil chain and IPFS gateway, a generated collection (images in
 * visual families on IPFS, HTTP and data: URIs; or with {@code --drop STYLE} a layered drop of
 * {@link Drop} with its traits, with {@code --erc1155} as ERC-1155 editions), the daemon indexing it
 * with progress shown, and an example answer.
 * Ctrl-C stops everything it started.
 */
public final class Demo {
    private static final String DATABASE = "atlas_demo";

    private Demo() {}

    public static void main(String[] args) throws Exception {
        int tokens = intArg(args, "--tokens", 200);
        int port = intArg(args, "--port", 8080);
        boolean editions = java.util.Arrays.asList(args).contains("--erc1155");
        Drop.Style drop = editions && dropArg(args) == null ? Drop.Style.ILLUSTRATED : dropArg(args);
        Path logs = Tools.root().resolve(".atlas/demo");
        long started = System.nanoTime();

        say("starting anvil and the IPFS gateway (logs in " + Tools.root().relativize(logs) + ")");
        Anvil anvil = Anvil.start(portOr(8545), logs.resolve("anvil.log"));
        IpfsGateway ipfs = IpfsGateway.start(logs.resolve("ipfs-gateway.log"));
        StaticServer http = new StaticServer();
        ChainWriter chain = new ChainWriter(anvil.rpcUrl());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            chain.close();
            http.close();
        }));
        say("chain " + anvil.rpcUrl() + ", IPFS gateway " + ipfs.url() + ", metadata host " + http.url());

        String address;
        Function<BigInteger, String> describe;
        if (drop == null) {
            Progress publishing = new Progress("publishing", tokens);
            DemoCollection collection = DemoCollection.publish(chain, ipfs, http, tokens, 1, publishing::update);
            publishing.done("minted " + tokens + " tokens of " + FamilyArt.FAMILIES + " at " + collection.address());
            address = collection.address();
            describe = collection::familyOf;
        } else if (editions) {
            String metadata = Drop.serve(http, drop, 1);
            address = chain.deploy("Editions", List.of(new Utf8String(metadata + "{id}")));
            for (int from = 1; from <= tokens; from += 100) {
                List<Integer> ids = new java.util.ArrayList<>();
                for (int id = from; id < Math.min(tokens + 1, from + 100); id++) {
                    ids.add(id);
                }
                chain.mintEditions(address, ids, ids.stream().map(id -> 1 + id % 25).toList());
            }
            say("minted " + tokens + " ERC-1155 ids (1 to 25 editions each) of a generated drop (" + drop.name().toLowerCase()
                    + ") at " + address);
            describe = id -> Drop.token(1, id.intValueExact()).describe();
        } else {
            address = Drop.publish(chain, http, drop, tokens, 1);
            say("minted " + tokens + " tokens of a generated drop (" + drop.name().toLowerCase() + ") at " + address);
            describe = id -> Drop.token(1, id.intValueExact()).describe();
        }

        TestDatabase.reset(DATABASE);
        say("starting the daemon (log in " + Tools.root().relativize(logs.resolve("daemon.log")) + ")");
        Map<String, String> config = DaemonProcess.config(DATABASE, anvil.rpcUrl(), ipfs.url());
        DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon.log"), portOr(port));
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close));
        AtlasClient api = new AtlasClient(daemon.url());

        AtlasClient.Answer registered = api.register(Anvil.CHAIN_ID, address);
        if (registered.status() != 202) {
            throw new IllegalStateException("registering answered " + registered.status() + ": " + registered.body());
        }
        String url = registered.location();
        say("registered: POST /api/v1/collections -> 202, " + url);
        long collectionId = api.get(url).body().get("id").asLong();
        say("explorer: " + daemon.url() + "/#c=" + collectionId + "  (open it now to watch the map fill in)");

        Progress indexing = new Progress("indexing", tokens);
        JsonNode status;
        while (true) {
            status = api.get(url).body();
            JsonNode counts = status.get("tokens");
            long embedded = counts.get("embedded").asLong();
            long failed = counts.get("failed").asLong();
            indexing.update((int) embedded, String.format("embedded | queued: metadata %d, image %d, embedding %d | failed %d",
                    counts.get("discovered").asLong(), counts.get("metadata_resolved").asLong(),
                    counts.get("image_fetched").asLong(), failed));
            if (embedded + failed >= tokens) {
                break;
            }
            Thread.sleep(300);
        }
        indexing.done(String.format("%d embedded, %d failed, in %.1f s since start", status.get("tokens")
                .get("embedded").asLong(), status.get("tokens").get("failed").asLong(), (System.nanoTime() - started) / 1e9));

        int example = 1;
        JsonNode similar = api.get(url + "/tokens/" + example + "/similar?k=8").body();
        System.out.println();
        System.out.printf("Tokens most similar to #%d (%s):%n", example, describe.apply(BigInteger.ONE));
        System.out.printf("  %-8s %-7s %s%n", "token", "score", drop == null ? "family (from its traits)" : "traits");
        for (JsonNode r : similar.get("results")) {
            System.out.printf("  #%-7s %.3f   %s%n", r.get("tokenId").asText(), r.get("score").asDouble(),
                    describe.apply(new BigInteger(r.get("tokenId").asText())));
        }
        System.out.println();
        // Every embedded token on the map, and (give or take a recompute) none of them provisional.
        long embedded = api.get(url).body().get("tokens").get("embedded").asLong();
        long mapWait = System.nanoTime();
        JsonNode map = Waits.until(java.time.Duration.ofSeconds(90), "the map of every token", () -> {
            JsonNode m = api.get(url + "/map").body();
            boolean settled = m.get("provisional").asInt() == 0 || System.nanoTime() - mapWait > 30_000_000_000L;
            return m.get("version").asInt() > 0 && m.get("points").size() == embedded && settled ? m : null;
        });
        System.out.printf("Map version %d: %d tokens (%d placed since it was computed) in a %d x %d grid, %d clusters:%n",
                map.get("version").asInt(), map.get("points").size(), map.get("provisional").asInt(),
                map.get("grid").get("cols").asInt(), map.get("grid").get("rows").asInt(), map.get("clusters").size());
        for (JsonNode c : map.get("clusters")) {
            System.out.printf("  %-4d %s%n", c.get("size").asInt(), c.get("name").asText());
        }
        System.out.println();
        System.out.println("Explorer:   " + daemon.url() + "/#c=" + collectionId);
        System.out.println("API:        " + daemon.url() + "/api/v1/collections  (writes need the header X-API-Key: "
                + AtlasClient.KEY + ")");
        System.out.println("Collection: " + url);
        System.out.println("Similar:    " + url + "/tokens/" + example + "/similar?k=10");
        System.out.println("Map:        " + url + "/map");
        System.out.println("Mosaic:     " + url + "/mosaic.png?cell=48");
        System.out.println("Thumbnail:  " + url + "/tokens/" + example + "/thumbnail");
        System.out.println("Copies:     " + daemon.url() + "/api/v1/duplicates");
        System.out.println("OpenAPI:    " + daemon.url() + "/q/openapi");
        System.out.println();
        System.out.println("Press Ctrl-C to stop the daemon, the chain and the gateway.");
        Thread.currentThread().join();
    }

    private static void say(String line) {
        System.out.println("==> " + line);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    /** {@code --drop pixel|illustrated|large}, or null for the family demo. */
    private static Drop.Style dropArg(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--drop")) {
                try {
                    return Drop.Style.valueOf(args[i + 1].toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--drop takes pixel, illustrated or large, not " + args[i + 1]);
                }
            }
        }
        return null;
    }

    /** The wanted port when it is free, else 0 (a free one is picked). */
    private static int portOr(int wanted) {
        try (ServerSocket socket = new ServerSocket(wanted, 1, java.net.InetAddress.getLoopbackAddress())) {
            return wanted;
        } catch (IOException e) {
            return 0;
        }
    }

    /** A progress bar on one terminal line, redrawn in place. */
    static final class Progress {
        private final String label;
        private final int total;
        private final boolean terminal = System.console() != null;
        private int lastShown = -1;

        Progress(String label, int total) {
            this.label = label;
            this.total = total;
        }

        void update(int done) {
            update(done, "");
        }

        void update(int done, String detail) {
            int width = 30;
            int filled = total == 0 ? width : Math.min(width, done * width / total);
            String line = String.format("%-10s [%s%s] %d/%d %s", label, "#".repeat(filled), ".".repeat(width - filled),
                    done, total, detail);
            if (terminal) {
                System.out.print("\r" + line + "   ");
                System.out.flush();
            } else if (done != lastShown && (done == total || done - lastShown >= Math.max(1, total / 10))) {
                System.out.println(line);
                lastShown = done;
            }
        }

        void done(String summary) {
            if (terminal) {
                System.out.println();
            }
            say(summary);
        }
    }
}
