package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {
    final AddressPolicy strict = new AddressPolicy(List.of());

    static InetAddress ip(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254"})
    void refusesNonPublicAddresses(String address) throws UnknownHostException {
        String refusal = strict.refusal(ip(address));
        assertNotNull(refusal, address);
        assertTrue(refusal.contains("not on the allow list"), refusal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "172.32.0.1", "100.128.0.1"})
    void allowsPublicAddresses(String address) throws UnknownHostException {
        assertNull(strict.refusal(ip(address)), address);
    }

    @Test
    void theAllowListOpensExactlyWhatItNames() throws UnknownHostException {
        AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1", "10.20.0.0/16"));
        assertNull(policy.refusal(ip("127.0.0.1")));
        assertNotNull(policy.refusal(ip("127.0.0.2")), "only the named loopback address");
        assertNull(policy.refusal(ip("10.20.255.1")));
        assertNotNull(policy.refusal(ip("10.21.0.1")));
        assertNotNull(policy.refusal(ip("169.254.169.254")));
        assertTrue(policy.refusal(ip("169.254.169.254")).contains("link-local"));
    }

    @Test
    void anAllowedEndpointOpensOnlyItsPort() throws UnknownHostException {
        AddressPolicy policy = new AddressPolicy(List.of(), java.util.Set.of(new java.net.InetSocketAddress(ip("127.0.0.1"), 8080)));
        assertNull(policy.refusal(ip("127.0.0.1"), 8080), "the gateway itself");
        assertNotNull(policy.refusal(ip("127.0.0.1"), 5432), "another service on the gateway's host");
        assertNull(policy.refusal(ip("8.8.8.8"), 443));
    }

    @Test
    void aBadAllowListEntryIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> new AddressPolicy(List.of("10.0.0.0/x")));
    }
}
