package io.tokenatlas.chain;

/** A collection names a chain id that has no RPC URL in the configuration. */
public class UnknownChainException extends RuntimeException {
    public UnknownChainException(long chainId) {
        super("chain " + chainId + " is not configured: set atlas.chains.\"" + chainId + "\".rpc-urls");
    }
}
