package io.tokenatlas.fetch;

/** Bytes fetched for a URI, with the media type the source gave (may be null) and where they came from. */
public record Fetched(byte[] bytes, String mediaType, String source) {}
