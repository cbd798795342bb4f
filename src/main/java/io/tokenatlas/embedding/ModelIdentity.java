package io.tokenatlas.embedding;

/** Which model made a vector: the configured name, the model file's sha256, and the vector length. */
public record ModelIdentity(int id, String name, String sha256, int dimension) {}
