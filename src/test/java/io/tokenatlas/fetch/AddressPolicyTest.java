package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertFalse;
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
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
        "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "::7f00:1", "::a9fe:a9fe", "2002:7f00:1::1", "2002:a9fe:a9fe::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1", "198.18.0.1", "198.19.255.254", "192.0.0.8",
        "192.0.2.1", "198.51.100.7", "203.0.113.9", "240.0.0.1", "255.255.255.255", "192.88.99.1", "100::1",
        "fec0::1", "ff02::1", "::", "4000::1"})
    void refusesEverythingButGlobalUnicast(String address) throws UnknownHostException {
        String refusal = strict.refusal(ip(address), 443);
        assertNotNull(refusal, address);
        assertTrue(refusal.contains("not on the allow list"), refusal);
        assertFalse(refusal.contains(ip(address).getHostAddress()), "the refusal names no address: " + refusal);
    }

    @Test
    void anIpv6FormOfALoopbackAddressGivenAsBytesIsJudgedByItsIpv4Part() throws UnknownHostException {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        assertTrue(AddressPolicy.kind(java.net.Inet6Address.getByAddress(null, mapped, -1)).contains("loopback"));
    }

    @Test
    void publicHostsOnlyOnTheAllowedPorts() throws UnknownHostException {
        assertNull(strict.refusal(ip("8.8.8.8"), 443));
        assertNull(strict.refusal(ip("8.8.8.8"), 80));
        assertTrue(strict.refusal(ip("8.8.8.8"), 25).contains("port 25 is not one fetches may use"));
        assertTrue(strict.refusal(ip("8.8.8.8"), 6379).contains("port 6379"));
        AddressPolicy allowed = new AddressPolicy(List.of("127.0.0.1"));
        assertNull(allowed.refusal(ip("127.0.0.1"), 41234), "the allow list's addresses on any port");
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
        AddressPolicy policy = new AddressPolicy(List.of(), java.util.Set.of(new java.net.InetSocketAddress(ip("127.0.0.1"), 8080)),
                AddressPolicy.DEFAULT_PORTS);
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
