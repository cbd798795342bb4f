package io.tokenatlas.embedding;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * An ONNX image model run with ONNX Runtime: batches of preprocessed tensors in, L2-normalised
 * embeddings out (and, when the model has one, the class scores of a label output). Input and
 * output names, the layout and the dimensions come from configuration and are checked against the
 * model when it loads.
 */
public final class OnnxEmbedder implements AutoCloseable {
    /** One batch's answers: an embedding per image, and its class scores (null without a label output). */
    public record Inference(float[][] vectors, float[][] labelScores) {}

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    // Inference holds the read lock; closing takes the write lock, so a session is never used after it is closed
    // (native code would abort the process) and never closed under a running batch.
    private final java.util.concurrent.locks.ReentrantReadWriteLock use = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;
    private final String inputName;
    private final String outputName;
    private final int dimension;
    private final int size;
    private final io.tokenatlas.config.EmbeddingConfig.TensorLayout layout;
    private final String labelOutput;
    private final int labelCount;

    public OnnxEmbedder(Path modelFile, String inputName, String outputName, int dimension, int size, int intraOpThreads) {
        this(modelFile, inputName, outputName, dimension, size, io.tokenatlas.config.EmbeddingConfig.TensorLayout.NCHW, null, 0,
                intraOpThreads);
    }

    /** With {@code labelOutput} null the model's embedding alone is read. */
    public OnnxEmbedder(Path modelFile, String inputName, String outputName, int dimension, int size,
            io.tokenatlas.config.EmbeddingConfig.TensorLayout layout, String labelOutput, int labelCount, int intraOpThreads) {
        this(modelFile, inputName, outputName, dimension, size, layout, labelOutput, labelCount, intraOpThreads, true);
    }

    /**
     * With {@code spinning} false, ONNX Runtime's threads sleep between operators instead of
     * spinning for the next one: on cores shared with the threads that prepare images, a spinning
     * thread burns the time they need.
     */
    public OnnxEmbedder(Path modelFile, String inputName, String outputName, int dimension, int size,
            io.tokenatlas.config.EmbeddingConfig.TensorLayout layout, String labelOutput, int labelCount, int intraOpThreads,
            boolean spinning) {
        this.inputName = inputName;
        this.outputName = outputName;
        this.dimension = dimension;
        this.size = size;
        this.layout = layout;
        this.labelOutput = labelOutput;
        this.labelCount = labelCount;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (!spinning) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
            this.session = environment.createSession(modelFile.toString(), options);
            check();
        } catch (OrtException e) {
            throw new IllegalStateException("loading the model " + modelFile + " failed: " + e.getMessage(), e);
        }
    }

    private void check() throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (!inputs.containsKey(inputName)) {
            throw new IllegalStateException("the model has no input named '" + inputName + "'; it has " + inputs.keySet());
        }
        NodeInfo output = outputs.get(outputName);
        if (output == null) {
            throw new IllegalStateException("the model has no output named '" + outputName + "'; it has " + outputs.keySet());
        }
        checkWidth(output, outputName, dimension, "the configuration says");
        if (labelOutput != null) {
            NodeInfo labels = outputs.get(labelOutput);
            if (labels == null) {
                throw new IllegalStateException("the model has no label output named '" + labelOutput + "'; it has "
                        + outputs.keySet());
            }
            checkWidth(labels, labelOutput, labelCount, "the labels file has");
        }
        if (inputs.get(inputName).getInfo() instanceof TensorInfo tensor && tensor.getShape().length == 4) {
            long[] shape = tensor.getShape();
            long channels = layout == io.tokenatlas.config.EmbeddingConfig.TensorLayout.NCHW ? shape[1] : shape[3];
            if (channels > 0 && channels != 3) {
                throw new IllegalStateException("the model's input '" + inputName + "' has " + channels + " channels in "
                        + layout + " order (shape " + java.util.Arrays.toString(shape) + "): check atlas.embedding.layout");
            }
        }
    }

    private static void checkWidth(NodeInfo node, String name, int expected, String says) {
        if (node.getInfo() instanceof TensorInfo tensor) {
            long[] shape = tensor.getShape();
            long last = shape[shape.length - 1];
            if (last > 0 && last != expected) {
                throw new IllegalStateException("the model's output '" + name + "' has dimension " + last + ", " + says
                        + " " + expected);
            }
        }
    }

    public int dimension() {
        return dimension;
    }

    /** Embeds {@code count} images whose tensors lie one after another in {@code batch}. */
    public float[][] embed(float[] batch, int count) {
        return infer(batch, count).vectors();
    }

    /** Embeddings (L2-normalised) and, with a label output, class scores of {@code count} images. */
    public Inference infer(float[] batch, int count) {
        long[] shape = layout == io.tokenatlas.config.EmbeddingConfig.TensorLayout.NCHW
                ? new long[] {count, 3, size, size} : new long[] {count, size, size, 3};
        java.util.Set<String> wanted = labelOutput == null ? java.util.Set.of(outputName)
                : new java.util.LinkedHashSet<>(java.util.List.of(outputName, labelOutput));
        use.readLock().lock();
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch, 0, count * 3 * size * size),
                shape); OrtSession.Result result = run(input, wanted)) {
            float[][] vectors = flatten((OnnxTensor) result.get(outputName).orElseThrow(), count, dimension);
            for (float[] v : vectors) {
                Vectors.normalise(v);
            }
            float[][] labels = labelOutput == null ? null
                    : flatten((OnnxTensor) result.get(labelOutput).orElseThrow(), count, labelCount);
            return new Inference(vectors, labels);
        } catch (OrtException e) {
            throw new IllegalStateException("inference on a batch of " + count + " failed: " + e.getMessage(), e);
        } finally {
            use.readLock().unlock();
        }
    }

    private OrtSession.Result run(OnnxTensor input, java.util.Set<String> wanted) throws OrtException {
        if (closed) {
            throw new IllegalStateException("the model session is closed (the daemon is stopping)");
        }
        return session.run(Map.of(inputName, input), wanted);
    }

    private static float[][] flatten(OnnxTensor tensor, int count, int dimension) {
        FloatBuffer values = tensor.getFloatBuffer();
        int per = values.remaining() / count;
        if (per != dimension) {
            throw new IllegalStateException("the model returned " + per + " values per image, expected " + dimension);
        }
        float[][] out = new float[count][dimension];
        for (int i = 0; i < count; i++) {
            values.get(out[i]);
        }
        return out;
    }

    @Override
    public void close() {
        use.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            use.writeLock().unlock();
        }
    }
}
