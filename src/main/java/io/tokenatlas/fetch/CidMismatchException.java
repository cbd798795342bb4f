package io.tokenatlas.fetch;

/** Bytes that were sent for a CID do not hash to it: the sender lied or corrupted them. */
public class CidMismatchException extends IllegalArgumentException {
    public CidMismatchException(String message) {
        super(message);
    }
}
