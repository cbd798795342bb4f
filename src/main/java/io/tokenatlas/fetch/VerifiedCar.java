package io.tokenatlas.fetch;

/**
 * The blocks IPFS content was rebuilt from, every one checked against its CID, as a CARv1 archive
 * whose root is the content's CID; {@code entity} is the CID (v1) and path the content was asked by.
 */
public record VerifiedCar(String entity, byte[] bytes) {
    /** The entity key of {@code ipfs://cid/path}: the CIDv1 and the path, as the cache and the store name it. */
    public static String entity(Cid cid, String path) {
        return cid.toV1String() + path;
    }
}
