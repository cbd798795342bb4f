package io.tokenatlas.chain;

/** An eth_call reverted: the contract refused, and asking again will not change that. */
public class CallRevertedException extends ChainException {
    public CallRevertedException(String message) {
        super(message, false, null);
    }
}
