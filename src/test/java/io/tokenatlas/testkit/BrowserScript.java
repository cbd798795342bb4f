package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one of the playwright-core scripts in scripts/node (Debian's Chromium) and reads the JSON it prints last. */
public final class BrowserScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrowserScript() {}

    /** Runs {@code script} with {@code args}; its standard error goes to {@code log}. */
    public static JsonNode run(String script, Path log, Duration timeout, String... args) {
        return run(script, log, timeout, line -> { }, args);
    }

    /** As {@link #run(String, Path, Duration, String...)}, handing each line the script prints to {@code onLine} as it comes. */
    public static JsonNode run(String script, Path log, Duration timeout, java.util.function.Consumer<String> onLine,
            String... args) {
        List<String> command = new ArrayList<>(List.of(Tools.node().toString(),
                Tools.root().resolve("scripts/node").resolve(script).toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).directory(Tools.root().resolve("scripts/node").toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            StringBuilder printed = new StringBuilder();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    printed.append(line).append('\n');
                    onLine.accept(line);
                }
            }
            String text = printed.toString().strip();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish in " + timeout);
            }
            String last = text.substring(text.lastIndexOf('\n') + 1);
            if (!last.startsWith("{")) {
                throw new IllegalStateException(script + " printed no result (exit " + process.exitValue() + ", see "
                        + log + "): " + text);
            }
            return JSON.readTree(last);
        } catch (IOException e) {
            throw new IllegalStateException("running " + script + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
