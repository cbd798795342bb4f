package io.tokenatlas.api;

/** A request's parameters or body are wrong; the message says which and how. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
