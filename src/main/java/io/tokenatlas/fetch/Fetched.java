package io.tokenatlas.fetch;

/**
 * Bytes fetched for a URI, with the media type the source gave (may be null), where they came from,
 * and whether they were verified (checked against their CID, or carried in the URI itself).
 */
public record Fetched(byte[] bytes, String mediaType, String source, boolean verified) {}
