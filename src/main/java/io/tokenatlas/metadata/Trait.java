package io.tokenatlas.metadata;

/** One entry of a token's {@code attributes}: a trait type (may be null), its value as text, a display type. */
public record Trait(String traitType, String value, String displayType) {}
