package io.tokenatlas.embedding;

import io.quarkus.runtime.Startup;
import io.tokenatlas.config.AtlasConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/** The configured model, loaded once at start-up, with its identity registered in the database. */
@Startup
@ApplicationScoped
public class EmbeddingModel {
    private static final Logger LOG = Logger.getLogger(EmbeddingModel.class);

    private final OnnxEmbedder embedder;
    private final Preprocessor preprocessor;
    private final ModelIdentity identity;

    private final io.micrometer.core.instrument.DistributionSummary batchSizes;
    private final io.micrometer.core.instrument.Timer batchTimes;

    public EmbeddingModel(AtlasConfig config, ModelRepository models, io.micrometer.core.instrument.MeterRegistry meters) {
        AtlasConfig.Embedding c = config.embedding();
        Path file = Path.of(c.modelPath());
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("model file " + file.toAbsolutePath()
                    + " does not exist: set atlas.embedding.model-path");
        }
        this.preprocessor = new Preprocessor(c.imageSize(), c.mean(), c.std());
        this.embedder = new OnnxEmbedder(file, c.inputName(), c.outputName(), c.dimension(), c.imageSize(),
                c.intraOpThreads());
        this.identity = models.register(c.modelName(), sha256(file), c.dimension());
        this.batchSizes = meters.summary("atlas.embedding.batch.size", "model", identity.name());
        this.batchTimes = meters.timer("atlas.embedding.batch.duration", "model", identity.name());
        LOG.infof("model %s (sha256 %s, %d-d) loaded from %s", identity.name(), identity.sha256(), identity.dimension(),
                file);
    }

    /** Records one inference batch: how many images and how long ONNX Runtime took. */
    public void recordBatch(int size, long nanos) {
        batchSizes.record(size);
        batchTimes.record(java.time.Duration.ofNanos(nanos));
    }

    public ModelIdentity identity() {
        return identity;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public OnnxEmbedder embedder() {
        return embedder;
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("reading the model file " + file + " failed: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        embedder.close();
    }
}
