package io.tokenatlas.fetch;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which addresses and ports a fetch may connect to: global unicast addresses (everything the IANA
 * special-purpose registries do not set aside: loopback, private, link-local and the cloud
 * metadata service, CGNAT, benchmarking, documentation, reserved, multicast, and the IPv6 forms
 * that carry an IPv4 address or tunnel to one: mapped, compatible, NAT64, 6to4, Teredo) on the
 * allowed ports, plus the addresses and CIDR ranges of an allow list on any port. Refusals name
 * the kind of address, never the address itself (a client must not learn what an internal name
 * resolves to). Pure.
 */
public final class AddressPolicy {
    /** Ports a public host may be fetched on unless configured otherwise. */
    public static final Set<Integer> DEFAULT_PORTS = Set.of(80, 443, 8080, 8443);

    private static final List<Special> SPECIAL = List.of(
            special("0.0.0.0/8", "a \"this network\" address"),
            special("10.0.0.0/8", "a private address"),
            special("100.64.0.0/10", "a carrier-grade NAT address"),
            special("127.0.0.0/8", "a loopback address"),
            special("169.254.0.0/16", "a link-local address (cloud metadata services live there)"),
            special("172.16.0.0/12", "a private address"),
            special("192.0.0.0/24", "an IETF protocol assignment"),
            special("192.0.2.0/24", "a documentation address"),
            special("192.88.99.0/24", "a 6to4 relay address"),
            special("192.168.0.0/16", "a private address"),
            special("198.18.0.0/15", "a benchmarking address"),
            special("198.51.100.0/24", "a documentation address"),
            special("203.0.113.0/24", "a documentation address"),
            special("224.0.0.0/4", "a multicast address"),
            special("240.0.0.0/4", "a reserved address"),
            special("::/128", "the unspecified address"),
            special("::1/128", "a loopback address"),
            special("::/96", "an IPv4-compatible IPv6 address"),
            special("64:ff9b::/96", "a NAT64 address"),
            special("64:ff9b:1::/48", "a local-use NAT64 address"),
            special("100::/64", "a discard-only address"),
            special("2001::/23", "an IETF protocol assignment (Teredo among them)"),
            special("2001:db8::/32", "a documentation address"),
            special("2002::/16", "a 6to4 address"),
            special("fc00::/7", "a unique-local IPv6 address"),
            special("fe80::/10", "a link-local address"),
            special("fec0::/10", "a site-local IPv6 address"),
            special("ff00::/8", "a multicast address"));

    private final List<CidrRange> allowed;
    private final Set<InetSocketAddress> allowedEndpoints;
    private final Set<Integer> ports;

    private record Special(CidrRange range, String kind) {}

    public AddressPolicy(List<String> allowList) {
        this(allowList, Set.of(), DEFAULT_PORTS);
    }

    /**
     * With {@code endpoints}: single address-and-port pairs that are allowed (the configured
     * gateways, for the requests made to them); {@code ports}: the ports a public address may be
     * fetched on.
     */
    public AddressPolicy(List<String> allowList, Set<InetSocketAddress> endpoints, Set<Integer> ports) {
        this.allowed = allowList.stream().map(CidrRange::parse).toList();
        this.allowedEndpoints = Set.copyOf(endpoints);
        this.ports = Set.copyOf(ports);
    }

    /** Null when the address and port may be used, else why not (without the address). */
    public String refusal(InetAddress address, int port) {
        if (allowedEndpoints.contains(new InetSocketAddress(address, port)) || onAllowList(address)) {
            return null;
        }
        String refusal = refusal(address);
        if (refusal != null) {
            return refusal;
        }
        return ports.contains(port) ? null : "port " + port + " is not one fetches may use " + new java.util.TreeSet<>(ports);
    }

    /** Null when the address may be used on an allowed port, else why not (without the address). */
    public String refusal(InetAddress address) {
        if (onAllowList(address)) {
            return null;
        }
        String kind = kind(address);
        return kind == null ? null : "the host is " + kind + ", not on the allow list";
    }

    /** The addresses (after DNS) and ports of base URLs such as the configured gateways. */
    public static Set<InetSocketAddress> endpointsOf(List<String> baseUrls) {
        Set<InetSocketAddress> endpoints = new HashSet<>();
        for (String base : baseUrls) {
            try {
                URI uri = URI.create(base);
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                    endpoints.add(new InetSocketAddress(address, port));
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                // an unresolvable gateway is reported when it is used
            }
        }
        return endpoints;
    }

    private boolean onAllowList(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (CidrRange range : allowed) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }


    private static Special special(String cidr, String kind) {
        return new Special(CidrRange.parse(cidr), kind);
    }

    /** What kind of non-global address this is, or null for a global unicast address. */
    static String kind(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16 && isMappedV4(b)) {
            // Java turns ::ffff:a.b.c.d literals into IPv4 addresses; a raw 16-byte form is judged by its IPv4 part.
            try {
                String inner = kind(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                return inner == null ? null : "an IPv4-mapped form of " + inner;
            } catch (UnknownHostException e) {
                return "an unreadable IPv4-mapped address";
            }
        }
        for (Special s : SPECIAL) {
            if (s.range().contains(b)) {
                return s.kind();
            }
        }
        if (b.length == 16 && (b[0] & 0xe0) != 0x20) {
            return "outside IPv6 global unicast (2000::/3)";
        }
        return null;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
