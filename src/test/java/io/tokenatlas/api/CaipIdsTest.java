package io.tokenatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CaipIdsTest {
    private static final String ADDRESS = "0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D";

    @Test
    void aCollectionIsItsChainAndAddressAndATokenAddsItsId() {
        CaipIds.ChainAddress parsed = CaipIds.parseAccount("eip155:1:" + ADDRESS);
        assertEquals(new CaipIds.ChainAddress(1, ADDRESS.toLowerCase()), parsed);
        assertEquals("eip155:1:" + ADDRESS.toLowerCase(), CaipIds.account(1, ADDRESS));
        assertEquals("eip155:8453/erc721:" + ADDRESS.toLowerCase() + "/115792089237316195423570985008687907853269984665640564039457584007913129639935",
                CaipIds.asset(8453, "erc721", ADDRESS, BigInteger.TWO.pow(256).subtract(BigInteger.ONE)));
        assertTrue(CaipIds.looksLikeAccount("EIP155:1:0x12"));
        assertFalse(CaipIds.looksLikeAccount("12"));
    }

    @Test
    void malformedIdsSayWhatIsExpected() {
        for (String bad : new String[] {"eip155:1:0x1234", "eip155::" + ADDRESS, "eip155:1:" + ADDRESS + "/1",
            "eip155:99999999999999999999:" + ADDRESS, "cosmos:hub:" + ADDRESS}) {
            var e = assertThrows(IllegalArgumentException.class, () -> CaipIds.parseAccount(bad));
            assertTrue(e.getMessage().contains("eip155:<chain id>:0x<40 hex digits>") || e.getMessage().contains("too large"),
                    e.getMessage());
        }
    }
}
