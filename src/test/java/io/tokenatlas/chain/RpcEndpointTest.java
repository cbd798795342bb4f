package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RpcEndpointTest {
    @Test
    void aUrlIsShownWithoutItsPathQueryOrUserInfo() {
        assertEquals("https://eth-mainnet.example/\u2026", RpcEndpoint.label("https://eth-mainnet.example/v2/SECRETKEY"));
        assertEquals("https://node.example:8443/\u2026", RpcEndpoint.label("https://node.example:8443/?apikey=SECRET"));
        assertEquals("https://node.example/\u2026", RpcEndpoint.label("https://user:SECRET@node.example"));
        assertEquals("http://127.0.0.1:8545", RpcEndpoint.label("http://127.0.0.1:8545"));
        assertEquals("http://127.0.0.1:8545", RpcEndpoint.label("http://127.0.0.1:8545/"));
        assertEquals("(an RPC URL)", RpcEndpoint.label("not a url"));
    }

    @Test
    void aLibrarysMessageQuotingTheUrlIsScrubbed() {
        RpcEndpoint endpoint = new RpcEndpoint("https://node.example/v3/SECRET", null);
        assertEquals("Invalid response from https://node.example/\u2026: 401",
                endpoint.scrub("Invalid response from https://node.example/v3/SECRET: 401"));
    }
}
