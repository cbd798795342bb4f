package io.tokenatlas.chain;

/** The address given for a collection is not an ERC-721 contract; the message says why. */
public class ContractRejectedException extends RuntimeException {
    public ContractRejectedException(String reason) {
        super(reason);
    }
}
