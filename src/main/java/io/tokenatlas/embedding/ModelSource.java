package io.tokenatlas.embedding;

import io.tokenatlas.config.EmbeddingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jboss.logging.Logger;

/**
 * Where the model file comes from: a path, or a URL downloaded once into a cache folder under its
 * sha256 and checked against it (a mismatch is refused and nothing is kept). A configured sha256
 * is checked for a path too.
 */
final class ModelSource {
    private static final Logger LOG = Logger.getLogger(ModelSource.class);

    private ModelSource() {}

    static Path resolve(EmbeddingConfig c) {
        String expected = c.modelSha256().map(s -> s.strip().toLowerCase(Locale.ROOT)).orElse(null);
        if (expected != null && !expected.matches("[0-9a-f]{64}")) {
            throw new IllegalStateException("atlas.embedding.model-sha256 must be 64 hex digits, got " + expected);
        }
        if (c.modelUrl().isPresent()) {
            if (expected == null) {
                throw new IllegalStateException("atlas.embedding.model-url needs atlas.embedding.model-sha256");
            }
            Path dir = Path.of(c.modelCacheDir().orElse(System.getProperty("java.io.tmpdir") + "/token-atlas-models"));
            return download(c.modelUrl().get(), expected, dir);
        }
        Path file = Path.of(c.modelPath().orElseThrow(() -> new IllegalStateException(
                "no model configured: set atlas.embedding.model-path, or model-url and model-sha256")));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("model file " + file.toAbsolutePath()
                    + " does not exist: set atlas.embedding.model-path");
        }
        if (expected != null && !expected.equals(sha256(file))) {
            throw new IllegalStateException("model file " + file + " has sha256 " + sha256(file)
                    + ", not the configured " + expected);
        }
        return file;
    }

    /** The cached file for {@code sha256}, downloading it from {@code url} first when it is not there. */
    static Path download(String url, String sha256, Path dir) {
        Path target = dir.resolve(sha256 + ".onnx");
        if (Files.isRegularFile(target) && sha256.equals(sha256(target))) {
            return target;
        }
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofMinutes(30)).build();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "download", ".tmp");
            LOG.infof("downloading the model from %s", url);
            String actual;
            try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
                if (!response.isSuccessful()) {
                    throw new IllegalStateException("downloading the model from " + url + " answered HTTP " + response.code());
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (InputStream in = new DigestInputStream(response.body().byteStream(), digest);
                     OutputStream out = Files.newOutputStream(tmp)) {
                    in.transferTo(out);
                }
                actual = HexFormat.of().formatHex(digest.digest());
            }
            if (!actual.equals(sha256)) {
                throw new IllegalStateException("the model downloaded from " + url + " has sha256 " + actual
                        + ", not the configured " + sha256 + ": refused");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("downloading the model from " + url + " failed: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a leftover temporary file is harmless
                }
            }
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("reading the model file " + file + " failed: " + e.getMessage(), e);
        }
    }
}
