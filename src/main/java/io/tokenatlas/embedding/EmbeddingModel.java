package io.tokenatlas.embedding;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.config.EmbeddingConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The configured model, loaded once at start-up: where its file comes from, how images are
 * prepared for it, its outputs (and labels), and its identity registered in the database.
 */
@Startup
@ApplicationScoped
public class EmbeddingModel {
    private static final Logger LOG = Logger.getLogger(EmbeddingModel.class);

    private final OnnxEmbedder embedder;
    private final Preprocessor preprocessor;
    private final ModelIdentity identity;
    private final ModelLabels labels;
    private final EmbeddingConfig config;
    private final ModelRepository models;
    private final DistributionSummary batchSizes;
    private final Timer batchTimes;

    public EmbeddingModel(AtlasConfig config, ModelRepository models, MeterRegistry meters) {
        EmbeddingConfig c = config.embedding();
        this.config = c;
        this.models = models;
        Path file = ModelSource.resolve(c);
        this.preprocessor = preprocessor(c, config.media().background().color());
        if (config.media().thumbnailSize() < c.imageSize()) {
            LOG.warnf("atlas.media.thumbnail-size (%d) is below the model's input size (%d): images are embedded"
                    + " from thumbnails, so they will be upscaled", config.media().thumbnailSize(), c.imageSize());
        }
        this.labels = c.labelOutput().map(output -> ModelLabels.read(Path.of(c.labelsPath().orElseThrow(() ->
                new IllegalStateException("atlas.embedding.label-output needs atlas.embedding.labels-path"))))).orElse(null);
        this.embedder = new OnnxEmbedder(file, c.inputName(), c.outputName(), c.dimension(), c.imageSize(), c.layout(),
                c.labelOutput().orElse(null), labels == null ? 0 : labels.size(), c.intraOpThreads(),
                c.intraOpSpinning());
        if (c.colourWeight() < 0 || c.colourWeight() > 1) {
            throw new IllegalStateException("atlas.embedding.colour-weight must be between 0 and 1, got " + c.colourWeight());
        }
        this.identity = models.register(storedName(c), ModelSource.sha256(file), storedDimension(c));
        this.batchSizes = meters.summary("atlas.embedding.batch.size", "model", identity.name());
        this.batchTimes = meters.timer("atlas.embedding.batch.duration", "model", identity.name());
        LOG.infof("model %s (sha256 %s, %d-d%s) loaded from %s", identity.name(), identity.sha256(), identity.dimension(),
                labels == null ? "" : ", " + labels.size() + " labels", file);
    }

    /** The name vectors are stored under: the model's, with the colour weight when colour is mixed in. */
    static String storedName(EmbeddingConfig c) {
        if (c.colourWeight() == 0) {
            return c.modelName();
        }
        String weight = new java.math.BigDecimal(Float.toString(c.colourWeight())).stripTrailingZeros().toPlainString();
        return c.modelName() + "+colour" + weight;
    }

    /** How many of a stored vector's values are the model's own (the rest, if any, are the colour descriptor). */
    public static int modelPart(ModelIdentity stored) {
        return stored.name().contains("+colour") ? stored.dimension() - ColourDescriptor.DIMENSION : stored.dimension();
    }

    static int storedDimension(EmbeddingConfig c) {
        return c.dimension() + (c.colourWeight() == 0 ? 0 : ColourDescriptor.DIMENSION);
    }

    /** The colour descriptor of an image when colour is mixed in, else null. */
    public float[] colourOf(java.awt.image.BufferedImage image) {
        return config.colourWeight() == 0 ? null : ColourDescriptor.of(image);
    }

    /** The vector stored for an image: the model's embedding, with its colour descriptor mixed in when configured. */
    public float[] storedVector(float[] embedding, float[] colour) {
        return colour == null ? embedding : ColourDescriptor.hybrid(embedding, colour, config.colourWeight());
    }

    /** How the configuration says images become this model's input. */
    static Preprocessor preprocessor(EmbeddingConfig c, Color background) {
        float[] scale;
        float[] offset;
        if (c.scale().isPresent()) {
            scale = three(c.scale().get(), "scale");
            offset = three(c.offset().orElse(List.of(0f, 0f, 0f)), "offset");
        } else {
            scale = Preprocessor.fromStd(c.std());
            offset = Preprocessor.fromMean(c.mean(), c.std());
        }
        return new Preprocessor(c.imageSize(), c.layout(), c.resize(), scale, offset, background);
    }

    private static float[] three(List<Float> values, String key) {
        List<Float> v = values.size() == 1 ? List.of(values.get(0), values.get(0), values.get(0)) : values;
        if (v.size() != 3) {
            throw new IllegalStateException("atlas.embedding." + key + " needs one or three values (R, G, B), got " + values);
        }
        return new float[] {v.get(0), v.get(1), v.get(2)};
    }

    /** Records one inference batch: how many images and how long ONNX Runtime took. */
    public void recordBatch(int size, long nanos) {
        batchSizes.record(size);
        batchTimes.record(java.time.Duration.ofNanos(nanos));
    }

    public ModelIdentity identity() {
        return identity;
    }

    /**
     * The model whose vectors answer a collection's queries: this one, or the one before it while
     * the collection is being embedded again.
     */
    public ModelIdentity servingFor(long collectionId) {
        ModelIdentity model = models.serving(collectionId, identity);
        serving.put(collectionId, new Serving(model, System.nanoTime()));
        return model;
    }

    /**
     * {@link #servingFor} as read within the last second, for the hot query path: right after a
     * switch it may name the old model, whose vectors are gone; the caller then asks again.
     */
    public ModelIdentity recentServingFor(long collectionId) {
        Serving cached = serving.get(collectionId);
        return cached != null && System.nanoTime() - cached.at() < SERVING_TTL_NANOS ? cached.model()
                : servingFor(collectionId);
    }

    /** A collection's serving model as last read; a switch is seen within a second. */
    private record Serving(ModelIdentity model, long at) {}

    private static final long SERVING_TTL_NANOS = 1_000_000_000L;
    private final java.util.Map<Long, Serving> serving = new java.util.concurrent.ConcurrentHashMap<>();

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public OnnxEmbedder embedder() {
        return embedder;
    }

    /** The tags of one image from its label scores; empty when the model has no label output. */
    public List<ModelLabels.Tag> tags(float[] labelScores) {
        return labels == null || labelScores == null ? List.of()
                : labels.top(labelScores, config.topLabels(), config.minLabelScore());
    }

    public Optional<ModelLabels> labels() {
        return Optional.ofNullable(labels);
    }

    @PreDestroy
    void close() {
        embedder.close();
    }
}
