package io.tokenatlas.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;

/**
 * The benchmark command (scripts/bench): each goal's figure beside its reference, measured in the
 * same run, printed as a table and written as Markdown. Ratios from one run are what count; the
 * absolute times are context.
 */
public final class Bench {
    /** Blocks per eth_getLogs call, for the daemon and the plain loop alike. */
    static final int WINDOW = 10;

    /** One row of the table. */
    public record Row(String what, String project, String reference, double ratio, String goal, boolean met,
            String note) {}

    private Bench() {}

    /** Transfer logs per second ingested by the daemon vs a plain web3j eth_getLogs loop over the same range. */
    public static Row backfill(int tokens, Path logs) {
        try (Anvil anvil = Anvil.start(0, logs.resolve("anvil.log"));
             ChainWriter chain = new ChainWriter(anvil.rpcUrl())) {
            String warmUp = mintedCollection(chain, Math.min(tokens, 2_000));
            long from = blockNumber(chain.web3j());
            String address = mintedCollection(chain, tokens);
            long to = blockNumber(chain.web3j());
            double plainBefore = plainLoop(anvil.rpcUrl(), address, from, to, tokens);

            TestDatabase.reset(TestDatabase.NAME);
            Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, anvil.rpcUrl(), "http://127.0.0.1:9");
            config.put("atlas.worker.enabled", "false");
            config.put("atlas.chains.\"31337\".log-window", Integer.toString(WINDOW));
            double daemonSeconds;
            try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon.log"), 0)) {
                AtlasClient api = new AtlasClient(daemon.url());
                // A first, smaller collection warms the daemon's JVM up: the row is about steady throughput.
                caughtUp(api, warmUp, 1, Math.min(tokens, 2_000));
                daemonSeconds = caughtUp(api, address, from, tokens);
            }
            double plainAfter = plainLoop(anvil.rpcUrl(), address, from, to, tokens);
            double plainSeconds = Math.min(plainBefore, plainAfter);
            double daemonRate = tokens / daemonSeconds;
            double plainRate = tokens / plainSeconds;
            double ratio = daemonRate / plainRate;
            return new Row("Backfill: Transfer logs/s, " + tokens + " tokens from anvil",
                    String.format("%.0f logs/s (%.2f s, register to caught up)", daemonRate, daemonSeconds),
                    String.format("%.0f logs/s (%.2f s, plain web3j getLogs loop)", plainRate, plainSeconds),
                    ratio, ">= 0.80", ratio >= 0.8,
                    "100 mints a block; both read Transfer + ERC-4906 logs (two per mint) in " + WINDOW
                            + "-block windows (2000 logs each); the daemon also checks block hashes and writes logs and token rows to PostgreSQL");
        }
    }

    /** The pipeline's images per second beside raw ONNX Runtime at batch 1, 8 and 32, and the daemon's peak RSS. */
    public static List<Row> embedding(int images, Path logs) {
        return EmbeddingBench.rows(images, logs);
    }

    /** /similar through the API beside the same SQL over JDBC, at 1 and 32 clients, and HNSW recall@20. */
    public static List<Row> similarQueries(int vectors, int seconds, Path logs) {
        return QueryBench.rows(vectors, seconds, logs);
    }

    /** A first map, the mosaic and the atlas of one collection of {@code tokens}, with the daemon's peak RSS. */
    public static List<Row> largeLayout(int tokens, Path logs) {
        return LargeLayoutBench.rows(tokens, logs);
    }

    /** /similar on the vectors the daemon made from a generated drop of {@code tokens}, straight after its ingest. */
    public static List<Row> pipelineVectors(int tokens, int seconds, Path logs) {
        return RealVectorsBench.rows(tokens, seconds, logs);
    }

    /** /similar in a small, a middle and the biggest of 100 collections holding {@code total} vectors together. */
    public static List<Row> manyCollections(long total, int seconds, Path logs) {
        return ScaleBench.rows(total, seconds, logs);
    }

    /** Seconds from a mint to the token being in /similar and on /map. */
    public static Row freshness(int mints, Path logs) {
        return FreshnessBench.row(mints, logs);
    }

    /** UMAP beside umap-learn, and the grid beside sp-mosaic's sorted columns, at each size. */
    public static List<Row> layout(int[] sizes, Path logs) {
        return LayoutBench.rows(sizes, logs);
    }

    /** The explorer's draw time per frame in Chromium over a synthetic collection of {@code tokens}. */
    public static Row explorer(int tokens, Path logs) {
        return ExplorerBench.row(tokens, logs);
    }

    /** Mints in transactions of 100 tokens, one block each. */
    private static String mintedCollection(ChainWriter chain, int tokens) {
        String address = chain.deployCollection("Bench", "BENCH");
        List<String> uris = new ArrayList<>();
        for (int i = 1; i <= tokens; i++) {
            uris.add("ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy/" + i);
            if (uris.size() == 100 || i == tokens) {
                chain.mintBatch(address, uris);
                uris.clear();
            }
        }
        return address;
    }

    /** Seconds from registering the collection to the daemon having all its tokens, caught up with the head. */
    static double caughtUp(AtlasClient api, String address, long from, int tokens) {
        long start = System.nanoTime();
        String url = api.post("/api/v1/collections", "{\"chainId\":31337,\"address\":\"" + address
                + "\",\"fromBlock\":" + from + "}").location();
        while (true) {
            var c = api.get(url).body();
            if ("FOLLOWING".equals(c.get("status").asText()) && c.get("tokens").get("discovered").asLong() == tokens) {
                return (System.nanoTime() - start) / 1e9;
            }
            if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException("the backfill did not finish in 5 minutes");
            }
            Waits.sleep(10);
        }
    }

    private static double plainLoop(String rpcUrl, String address, long from, long to, int expected) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long start = System.nanoTime();
            int seen = 0;
            for (long a = from; a <= to; a += WINDOW) {
                EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(a)),
                        DefaultBlockParameter.valueOf(BigInteger.valueOf(Math.min(to, a + WINDOW - 1))), address);
                // The same topics the daemon asks for: Transfer and the two ERC-4906 events.
                filter.addOptionalTopics("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
                        "0xf8e1a15aba9398e019f0b49df1a4fde98ee17ae345cb5f6b5e2c27f5033e8ce7",
                        "0x6bd5c950a8d8df17f772f5af37cb3655737899cbf903264b9795592da439661c");
                seen += web3j.ethGetLogs(filter).send().getLogs().size();
            }
            if (seen != 2 * expected) {
                throw new IllegalStateException("the plain loop saw " + seen + " logs, expected " + 2 * expected
                        + " (a Transfer and a MetadataUpdate per mint)");
            }
            return (System.nanoTime() - start) / 1e9;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            web3j.shutdown();
        }
    }

    static long blockNumber(Web3j web3j) {
        try {
            return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows as a Markdown table headed with the date and the machine. */
    public static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n");
        out.append("Measured ").append(LocalDate.now()).append(" on ").append(machine())
                .append(" with `scripts/bench`. Ratios come from one run, project and reference side by side; "
                        + "absolute figures are context only.\n\n");
        out.append("| what | Token Atlas | reference | ratio | goal | met | notes |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append(String.format("| %s | %s | %s | %.2f | %s | %s | %s |%n", r.what(), r.project(), r.reference(),
                    r.ratio(), r.goal(), r.met() ? "yes" : "**no**", r.note()));
        }
        return out.toString();
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // keep the placeholder
        }
        long memoryGiB = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 30;
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memoryGiB + " GiB, Java "
                + Runtime.version();
    }


    /** scripts/bench [--tokens N] [--images N] [--vectors N] [--real N] [--scale N] [--large N] [--layout N,N] [--explorer N] [--quality N] [--only ROWS] [--out FILE]. */
    public static void main(String[] args) throws IOException {
        int tokens = 10_000;
        int images = 512;
        int vectors = 100_000;
        int[] layoutSizes = {1_000, 10_000};
        int explorerTokens = 10_000;
        int qualityTokens = 2_000;
        long scale = 1_000_000;
        int real = 10_000;
        int large = 100_000;
        int ingest = 10_000;
        java.util.Set<String> only = java.util.Set.of("layout", "large", "similar", "real", "scale", "embedding", "freshness", "backfill", "provider", "ingest", "explorer", "quality", "copycat");
        Path out = Tools.root().resolve("BENCHMARKS.md");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tokens" -> tokens = Integer.parseInt(args[i + 1]);
                case "--images" -> images = Integer.parseInt(args[i + 1]);
                case "--vectors" -> vectors = Integer.parseInt(args[i + 1]);
                case "--scale" -> scale = Long.parseLong(args[i + 1]);
                case "--real" -> real = Integer.parseInt(args[i + 1]);
                case "--ingest" -> ingest = Integer.parseInt(args[i + 1]);
                case "--large" -> large = Integer.parseInt(args[i + 1]);
                case "--layout" -> layoutSizes = java.util.Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--explorer" -> explorerTokens = Integer.parseInt(args[i + 1]);
                case "--quality" -> qualityTokens = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--only" -> only = java.util.Set.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path logs = Tools.root().resolve(".atlas/bench");
        // Effectively final copies for the sections below.
        int[] sizes = layoutSizes;
        int t = tokens, im = images, v = vectors, r = real, l = large, in = ingest, ex = explorerTokens, q = qualityTokens;
        long sc = scale;
        java.util.LinkedHashMap<String, java.util.function.Supplier<List<Row>>> sections = new java.util.LinkedHashMap<>();
        sections.put("layout", () -> layout(sizes, logs));
        sections.put("large", () -> largeLayout(l, logs));
        sections.put("similar", () -> similarQueries(v, 15, logs));
        sections.put("real", () -> pipelineVectors(r, 15, logs));
        sections.put("scale", () -> manyCollections(sc, 15, logs));
        sections.put("embedding", () -> embedding(im, logs));
        sections.put("freshness", () -> List.of(freshness(10, logs)));
        sections.put("backfill", () -> List.of(backfill(t, logs)));
        sections.put("provider", () -> List.of(ProviderBench.row(10_000, 30_000, 5_000, logs)));
        sections.put("ingest", () -> IngestBench.rows(in, logs));
        sections.put("explorer", () -> List.of(explorer(ex, logs)));
        sections.put("quality", () -> {
            List<Row> quality = new ArrayList<>();
            for (Drop.Style style : Drop.Style.values()) {
                // The large style is drawn, encoded and decoded at 2000 px: a tenth of the tokens.
                quality.addAll(QualityBench.rows(style, style == Drop.Style.LARGE ? Math.max(100, q / 10) : q, logs));
            }
            return quality;
        });
        sections.put("copycat", () -> CopycatBench.rows(300, 20, logs));
        List<Row> rows = new ArrayList<>();
        for (var section : sections.entrySet()) {
            if (!only.contains(section.getKey())) {
                continue;
            }
            try {
                rows.addAll(section.getValue().get());
            } catch (RuntimeException e) {
                // One section that fails does not take the rows measured before it along.
                e.printStackTrace();
                rows.add(new Row(section.getKey() + ": the run failed", String.valueOf(e), "", Double.NaN, "", false,
                        "see the bench's output and .atlas/bench/"));
            }
            System.out.println(markdown(rows));
            Files.writeString(out, markdown(rows));
        }
        System.out.println("written to " + out);
    }
}
