package io.tokenatlas.media;

/** Bytes that are not a picture this daemon decodes, with the failure code stored on the token. */
public class ImageRefusedException extends IllegalArgumentException {
    private final String code;

    public ImageRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
