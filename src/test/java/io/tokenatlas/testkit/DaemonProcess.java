package io.tokenatlas.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The packaged daemon (target/quarkus-app) run as its own process, as a user runs it. */
public final class DaemonProcess implements AutoCloseable {
    private final Map<String, String> properties;
    private final Path log;
    private final int port;
    private String heap = "1g";
    private List<String> jvmOptions = List.of();
    private ManagedProcess process;
    private int starts;

    private DaemonProcess(Map<String, String> properties, Path log, int port) {
        this.properties = properties;
        this.log = log;
        this.port = port;
    }

    /** Configuration for a daemon on a free port, indexing one chain through one gateway. */
    public static Map<String, String> config(String dbName, String rpcUrl, String gatewayUrl) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + dbName);
        p.put("atlas.chains.\"" + Anvil.CHAIN_ID + "\".rpc-urls", rpcUrl);
        p.put("atlas.chains.\"" + Anvil.CHAIN_ID + "\".poll-interval", "300ms");
        p.put("atlas.ipfs.gateways", gatewayUrl);
        p.put("atlas.layout.check-interval", "1s");
        p.put("atlas.api.keys", AtlasClient.KEY);
        // The tests and benchmarks load the API from one address; the rate limit has its own test.
        p.put("atlas.api.rate-limit", "0");
        // Fetches to loopback are refused unless allowed: the test servers live on 127.0.0.1.
        p.put("atlas.media.allow-addresses", "127.0.0.1");
        p.put("atlas.embedding.model-path", Tools.model(Tools.MOBILENET_V2).toString());
        p.put("atlas.embedding.label-output", "probs");
        p.put("atlas.embedding.labels-path", Tools.model(Tools.IMAGENET_LABELS).toString());
        // A fresh IPFS cache per daemon configuration, so that what a test counts is its own fetches.
        try {
            p.put("atlas.ipfs.cache-dir", java.nio.file.Files.createTempDirectory("atlas-ipfs-cache").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    public static DaemonProcess start(Map<String, String> properties, Path log, int port) {
        return start(properties, log, port, "1g");
    }

    /**
     * Starts a daemon as the container image runs in a container of {@code memoryMiB}: the heap at
     * 65 % of it (the image's -XX:MaxRAMPercentage), and the serial collector, which the JVM picks
     * by itself below 1792 MiB (on this machine's memory it would pick G1, with more native memory).
     */
    public static DaemonProcess inContainer(Map<String, String> properties, Path log, int memoryMiB) {
        DaemonProcess daemon = new DaemonProcess(properties, log, ManagedProcess.freePort());
        daemon.heap = memoryMiB * 65 / 100 + "m";
        daemon.jvmOptions = List.of("-XX:+UseSerialGC");
        daemon.start();
        return daemon;
    }

    /** How the heap is set, in words for a bench row. */
    public String jvmSettings() {
        return "-Xmx" + heap + (jvmOptions.isEmpty() ? "" : " " + String.join(" ", jvmOptions));
    }

    /** Starts a daemon whose heap is at most {@code heap} (as -Xmx takes it). */
    public static DaemonProcess start(Map<String, String> properties, Path log, int port, String heap) {
        DaemonProcess daemon = new DaemonProcess(properties, log, port > 0 ? port : ManagedProcess.freePort());
        daemon.heap = heap;
        daemon.start();
        return daemon;
    }

    /** Starts (or starts again after {@link #kill()}) and waits until /q/health/ready answers 200. */
    public void start() {
        Path jar = jar();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        // Extra JVM options for a look inside, e.g. -Datlas.daemon.jvm-options=-XX:StartFlightRecording=filename=x.jfr
        String extra = System.getProperty("atlas.daemon.jvm-options", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        Path runLog = starts++ == 0 ? log : log.resolveSibling(log.getFileName() + "." + starts);
        // As the container image runs it (docker/Dockerfile).
        process = ManagedProcess.start("daemon", command, Map.of("MALLOC_ARENA_MAX", "2"), runLog,
                line -> line.contains("Listening on"));
        process.awaitReady(Duration.ofSeconds(90));
        awaitHealthy(Duration.ofSeconds(30));
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Waits.sleep(200);
        }
        throw new IllegalStateException("the daemon was not ready within " + timeout + "; see " + process.log());
    }

    private static Path jar() {
        String configured = System.getProperty("atlas.daemon.jar");
        Path jar = configured != null ? Path.of(configured) : Tools.root().resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the daemon with ./mvnw package first");
        }
        return jar;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the daemon as an orchestrator does (SIGTERM); returns its exit code. */
    public int stop() {
        return process.stop();
    }

    /** Kills the daemon as a crash would. */
    public void kill() {
        process.kill();
    }

    public Path log() {
        return process.log();
    }

    /** The most memory the daemon's process has held so far (VmHWM), in MiB. */
    public long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmHWM for pid " + process.pid());
    }


    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
