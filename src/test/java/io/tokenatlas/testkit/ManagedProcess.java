package io.tokenatlas.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A child process whose output goes to a log file, started and stopped by the harness and the demo. */
public final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<String> readyLine = new CompletableFuture<>();

    private ManagedProcess(String name, Process process, Path log, Predicate<String> ready) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread pump = new Thread(() -> pump(ready), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code command}; {@code ready} picks the output line that says it is up (null: no line needed). */
    public static ManagedProcess start(String name, List<String> command, Path log, Predicate<String> ready) {
        return start(name, command, java.util.Map.of(), log, ready);
    }

    /** {@link #start(String, List, Path, Predicate)} with {@code environment} added to this process's. */
    public static ManagedProcess start(String name, List<String> command, java.util.Map<String, String> environment,
            Path log, Predicate<String> ready) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            ManagedProcess p = new ManagedProcess(name, builder.start(), log, ready == null ? line -> true : ready);
            Runtime.getRuntime().addShutdownHook(new Thread(p::close));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("starting " + name + " (" + command.getFirst() + ") failed", e);
        }
    }

    private void pump(Predicate<String> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (!readyLine.isDone() && ready.test(line)) {
                    readyLine.complete(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            readyLine.completeExceptionally(new IllegalStateException(name + " exited before it was ready; see " + log));
        }
    }

    /** Waits for the ready line and returns it. */
    public String awaitReady(Duration timeout) {
        try {
            return readyLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException(name + " did not start within " + timeout + ": " + e.getMessage()
                    + "; see " + log, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Kills the process at once, as a crash would (SIGKILL). */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Asks the process to stop (SIGTERM) and waits up to a minute; returns its exit code (-1 if it had to be killed). */
    public int stop() {
        process.destroy();
        try {
            if (process.waitFor(60, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return -1;
    }

    /** Asks the process to stop (SIGTERM), then kills it if it has not after a few seconds. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        waitFor();
    }

    private void waitFor() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
