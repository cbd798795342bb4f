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
 * embeddings out. Input and output names and the dimension come from configuration and are
 * checked against the model when it loads.
 */
public final class OnnxEmbedder implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String inputName;
    private final String outputName;
    private final int dimension;
    private final int size;

    public OnnxEmbedder(Path modelFile, String inputName, String outputName, int dimension, int size, int intraOpThreads) {
        this.inputName = inputName;
        this.outputName = outputName;
        this.dimension = dimension;
        this.size = size;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
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
        if (output.getInfo() instanceof TensorInfo tensor) {
            long[] shape = tensor.getShape();
            long last = shape[shape.length - 1];
            if (last > 0 && last != dimension) {
                throw new IllegalStateException("the model's output '" + outputName + "' has dimension " + last
                        + ", the configuration says " + dimension);
            }
        }
    }

    public int dimension() {
        return dimension;
    }

    /** Embeds {@code count} images whose tensors lie one after another in {@code batch}. */
    public float[][] embed(float[] batch, int count) {
        long[] shape = {count, 3, size, size};
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(batch), shape);
             OrtSession.Result result = session.run(Map.of(inputName, input), java.util.Set.of(outputName))) {
            float[][] vectors = flatten((OnnxTensor) result.get(0), count);
            for (float[] v : vectors) {
                Vectors.normalise(v);
            }
            return vectors;
        } catch (OrtException e) {
            throw new IllegalStateException("inference on a batch of " + count + " failed: " + e.getMessage(), e);
        }
    }

    private float[][] flatten(OnnxTensor tensor, int count) {
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
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
