package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.media.Thumbnails;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ingest rows of scripts/bench: a generated drop ({@link Drop}) minted on anvil and served by
 * {@link StaticServer}, registered with a daemon at its default settings, timed from registration
 * to every token embedded and placed on the map; beside the bound of that run (raw ONNX Runtime on
 * the same images, and for a host with latency what its per-host fetch limit allows) and the
 * daemon's peak RSS over the whole run, map recomputes included.
 */
public final class IngestBench {
    /** The container the daemon runs as if in, as the large-layout rows do. */
    static final int CONTAINER_MIB = 768;
    /** The daemon's defaults that bound a run against one slow host. */
    static final int PER_HOST_FETCHES = 8;
    static final int FETCHES_PER_TOKEN = 2;
    static final int EMBED_BATCH = 16;

    /** One run: a style, its size, how its host answers. */
    public record Run(Drop.Style style, int tokens, StaticServer.Delays delays, String host) {}

    /** What a run got: tokens embedded and failed, the seconds it took, what the host delayed, and its row. */
    public record Result(long embedded, long failed, double seconds, StaticServer.DelayCounts delayed, Bench.Row row) {}

    private IngestBench() {}

    /** The runs for a pixel drop of {@code tokens}: (a) a local host per style, (b) a host with latency and stragglers. */
    static List<Run> runs(int tokens) {
        return List.of(
                new Run(Drop.Style.PIXEL, tokens, StaticServer.Delays.NONE, "local server"),
                new Run(Drop.Style.PIXEL, Math.max(100, tokens / 5), StaticServer.Delays.network(),
                        "server answering after 100 ms, 2 % of requests after 5 s"),
                new Run(Drop.Style.ILLUSTRATED, Math.max(100, tokens / 5), StaticServer.Delays.NONE, "local server"),
                new Run(Drop.Style.LARGE, Math.max(100, tokens / 50), StaticServer.Delays.NONE, "local server"));
    }

    /** A run's name in logs and in {@code -Dbench.ingest.runs} (pixel, pixel-latency, illustrated, large). */
    static String name(Run run) {
        return run.style().name().toLowerCase() + (run.delays() == StaticServer.Delays.NONE ? "" : "-latency");
    }

    static List<Bench.Row> rows(int tokens, Path logs) {
        List<String> only = List.of(System.getProperty("bench.ingest.runs", "").split(",")).stream()
                .filter(s -> !s.isBlank()).toList();
        List<Bench.Row> rows = new ArrayList<>();
        for (Run run : runs(tokens)) {
            if (!only.isEmpty() && !only.contains(name(run))) {
                continue;
            }
            rows.add(measure(run, logs).row());
        }
        return rows;
    }

    public static Result measure(Run run, Path logs) {
        double raw = rawRate(run.style());
        String name = name(run);
        try (Anvil anvil = Anvil.start(0, logs.resolve("anvil-ingest-" + name + ".log"));
             StaticServer http = new StaticServer();
             ChainWriter chain = new ChainWriter(anvil.rpcUrl())) {
            String address = Drop.publish(chain, http, run.style(), run.tokens(), 41);
            http.delay(run.delays());
            TestDatabase.reset(TestDatabase.NAME);
            Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, anvil.rpcUrl(), "http://127.0.0.1:9");
            config.remove("atlas.layout.check-interval"); // the default, as a user runs it
            try (DaemonProcess daemon = DaemonProcess.inContainer(config, logs.resolve("daemon-ingest-" + name + ".log"), CONTAINER_MIB)) {
                AtlasClient api = new AtlasClient(daemon.url());
                long start = System.nanoTime();
                String url = api.register(Anvil.CHAIN_ID, address).location();
                long[] done = awaitIngested(api, url, run.tokens());
                double seconds = (System.nanoTime() - start) / 1e9;
                long peak = daemon.peakRssMiB();
                double rate = done[0] / seconds;
                double bound = raw;
                String boundText = String.format("%.0f tokens/s (raw ONNX Runtime on the same images, batch %d)", raw, EMBED_BATCH);
                if (run.delays() != StaticServer.Delays.NONE) {
                    double hostBound = PER_HOST_FETCHES / (run.delays().meanSeconds() * FETCHES_PER_TOKEN);
                    if (hostBound < bound) {
                        bound = hostBound;
                        boundText = String.format("%.1f tokens/s (%d fetches in flight to the host / %.3f s mean answer"
                                + " / %d fetches a token; raw ONNX Runtime %.0f/s)", hostBound, PER_HOST_FETCHES,
                                run.delays().meanSeconds(), FETCHES_PER_TOKEN, raw);
                    }
                }
                double ratio = rate / bound;
                boolean pixelLocal = run.style() == Drop.Style.PIXEL && run.delays() == StaticServer.Delays.NONE;
                String goal = (pixelLocal ? ">= 150 tokens/s, " : run.delays() != StaticServer.Delays.NONE ? ">= 0.80 of the bound, " : "")
                        + "RSS <= 768 MiB";
                boolean met = peak <= 768 && (pixelLocal ? rate >= 150 : run.delays() == StaticServer.Delays.NONE || ratio >= 0.8);
                StaticServer.DelayCounts delayed = http.delayCounts();
                return new Result(done[0], done[1], seconds, delayed, new Bench.Row("Ingest: " + run.tokens() + "-token " + run.style().name().toLowerCase() + " drop, "
                        + run.host(),
                        String.format("%.1f tokens/s (%.1f s, registration to every token embedded and on the map),"
                                + " peak RSS %d MiB", rate, seconds, peak),
                        boundText, ratio, goal, met,
                        "default settings, " + daemon.jvmSettings() + " and MALLOC_ARENA_MAX=2 as the image runs in a 768 MiB container;"
                                + " metadata and images (" + run.style().size + " px, drawn on request by the bench process on"
                                + " the same 2 cores) from one HTTP host; mints 100 a block on anvil; "
                                + (done[1] > 0 ? done[1] + " tokens failed; " : "") + "RSS is the daemon's VmHWM"
                                + (run.delays() == StaticServer.Delays.NONE ? ""
                                        : "; the host delayed " + delayed.delayed() + " answers, "
                                                + delayed.stragglers() + " of them by " + run.delays().straggler().toMillis()
                                                + " ms")));
            }
        }
    }

    /** Waits until every token is embedded (or failed) and on the map; returns {embedded, failed}. */
    private static long[] awaitIngested(AtlasClient api, String url, int tokens) {
        long[] out = new long[2];
        Waits.until(Duration.ofSeconds(300 + tokens / 2), tokens + " tokens embedded and on the map", () -> {
            JsonNode counts = api.get(url).body().get("tokens");
            long embedded = counts.path("embedded").asLong();
            long failed = counts.path("failed").asLong();
            if (embedded + failed < tokens) {
                return null;
            }
            JsonNode map = api.get(url + "/map?form=columnar").body();
            if (map.path("points").path("tokenId").size() < embedded) {
                return null;
            }
            out[0] = embedded;
            out[1] = failed;
            return true;
        });
        return out;
    }

    /** Raw ONNX Runtime's rate on thumbnails of the style's images, as the daemon stores them. */
    private static double rawRate(Drop.Style style) {
        List<BufferedImage> images = new ArrayList<>();
        for (int id = 1; id <= EmbeddingBench.WARM_UP + 128; id++) {
            images.add(Thumbnails.fit(Drop.draw(style, Drop.token(41, id)), 256));
        }
        return EmbeddingBench.rawRates(images, EMBED_BATCH)[0];
    }
}
