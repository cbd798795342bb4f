package io.tokenatlas.fetch;

/**
 * Bytes fetched for a URI, with the media type the source gave (may be null), where they came from,
 * and whether they were verified (checked against their CID, or carried in the URI itself); for
 * IPFS content fetched through a gateway, the CAR its blocks came in ({@code car}, else null), so
 * that anyone can check the bytes again.
 */
public record Fetched(byte[] bytes, String mediaType, String source, boolean verified, VerifiedCar car) {
    public Fetched(byte[] bytes, String mediaType, String source, boolean verified) {
        this(bytes, mediaType, source, verified, null);
    }

    /** The sha256 of the bytes, in lower-case hex. */
    public String sha256() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
