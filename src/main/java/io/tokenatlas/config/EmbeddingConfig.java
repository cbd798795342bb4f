package io.tokenatlas.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The embedding model and its preprocessing ({@code atlas.embedding.*}). */
public interface EmbeddingConfig {
    /** Path of the ONNX model file; or give model-url and model-sha256. */
    Optional<String> modelPath();

    /** URL the model is downloaded from once, into model-cache-dir (model-sha256 is then required). */
    Optional<String> modelUrl();

    /** sha256 of the model file: a download (or a file at model-path) that does not match is refused. */
    Optional<String> modelSha256();

    /** Folder downloaded models are kept in, by sha256 (default: a folder in java.io.tmpdir). */
    Optional<String> modelCacheDir();

    /** Name recorded with every vector (with the file's sha256). */
    @WithDefault("mobilenetv2-imagenet")
    String modelName();

    /** Name of the model's image input. */
    @WithDefault("input")
    String inputName();

    /** Name of the model's embedding output. */
    @WithDefault("embedding")
    String outputName();

    /** Length of the embedding; checked against the model when it loads. */
    @WithDefault("1280")
    int dimension();

    /** Side of the square input image, in pixels. */
    @WithDefault("224")
    int imageSize();

    /** Order of the input tensor: nchw (planes) or nhwc (interleaved). */
    @WithDefault("nchw")
    TensorLayout layout();

    /** crop: resize the shorter side and cut out the centre; letterbox: fit the whole picture on the background. */
    @WithDefault("crop")
    Resize resize();

    /** Per-channel mean (RGB, on the 0-255 scale) subtracted from each pixel (when scale is not set). */
    @WithDefault("127.5,127.5,127.5")
    List<Float> mean();

    /** Per-channel divisor (RGB, on the 0-255 scale) applied after the mean (when scale is not set). */
    @WithDefault("127.5,127.5,127.5")
    List<Float> std();

    /** Instead of mean/std: per-channel factors (RGB), value = pixel (0-255) * scale + offset. */
    Optional<List<Float>> scale();

    /** The offsets that go with scale (RGB); zero when not set. */
    Optional<List<Float>> offset();

    /** Name of an output of class scores (e.g. ImageNet probabilities), stored as tags; none by default. */
    Optional<String> labelOutput();

    /** File of class names, one a line in the label output's order (needed with label-output). */
    Optional<String> labelsPath();

    /** Tags kept per token from the label output, best first. */
    @WithDefault("5")
    int topLabels();

    /** Smallest score a label needs to become a tag. */
    @WithDefault("0.05")
    float minLabelScore();

    /**
     * Weight of the colour descriptor (a CIELAB histogram of the non-background pixels) in the
     * stored vector, beside 1 - weight for the model's embedding: 0 stores the embedding alone.
     * The default comes from HybridDescriptorTest (docs/architecture.md, "Palette matters").
     */
    @WithDefault("0.35")
    float colourWeight();

    /**
     * Fewest embedded tokens a collection needs before its adapted descriptor is fitted (at each
     * map recompute; docs/descriptors.md); until then, and with 0 (never), /similar and search by
     * image use the stored vector.
     */
    @WithDefault("100")
    int adaptedMinTokens();

    /** Largest inference batch. */
    @WithDefault("16")
    int batchSize();

    /** How long a batch waits for more images before it goes to the model anyway. */
    @WithDefault("20ms")
    Duration batchWait();

    /** Threads that decode and preprocess images while the model runs (0 = one per core). */
    @WithDefault("0")
    int prepareThreads();

    /** Threads ONNX Runtime may use inside one operator (0 = its default). */
    @WithDefault("0")
    int intraOpThreads();

    /**
     * Whether ONNX Runtime's threads spin between operators waiting for the next one (its own
     * default) instead of sleeping; they share the cores with the threads that prepare images.
     */
    @WithDefault("true")
    boolean intraOpSpinning();

    /** Order of a model's input tensor. */
    enum TensorLayout {
        NCHW, NHWC
    }

    /** How a picture is made square for the model. */
    enum Resize {
        CROP, LETTERBOX
    }
}
