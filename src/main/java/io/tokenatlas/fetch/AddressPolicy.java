package io.tokenatlas.fetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a fetch may connect to: public ones, plus those on an allow list of addresses
 * and CIDR ranges. Loopback, private, link-local (169.254/16, the cloud metadata service), CGNAT,
 * unique-local, multicast and unspecified addresses are refused. Pure.
 */
public final class AddressPolicy {
    private final List<Range> allowed;
    private final java.util.Set<java.net.InetSocketAddress> allowedEndpoints;

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((address[full] ^ network[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    public AddressPolicy(List<String> allowList) {
        this(allowList, java.util.Set.of());
    }

    /** With {@code endpoints}: single address-and-port pairs that are allowed (the configured gateways). */
    public AddressPolicy(List<String> allowList, java.util.Set<java.net.InetSocketAddress> endpoints) {
        this.allowed = allowList.stream().map(AddressPolicy::range).toList();
        this.allowedEndpoints = java.util.Set.copyOf(endpoints);
    }

    /** Null when the address and port may be used, else why not. */
    public String refusal(InetAddress address, int port) {
        return allowedEndpoints.contains(new java.net.InetSocketAddress(address, port)) ? null : refusal(address);
    }

    /** The addresses (after DNS) and ports of base URLs such as the configured gateways. */
    public static java.util.Set<java.net.InetSocketAddress> endpointsOf(List<String> baseUrls) {
        java.util.Set<java.net.InetSocketAddress> endpoints = new java.util.HashSet<>();
        for (String base : baseUrls) {
            try {
                java.net.URI uri = java.net.URI.create(base);
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                    endpoints.add(new java.net.InetSocketAddress(address, port));
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                // an unresolvable gateway is reported when it is used
            }
        }
        return endpoints;
    }

    private static Range range(String entry) {
        String[] parts = entry.strip().split("/", 2);
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + entry);
            }
            return new Range(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address or CIDR range: " + entry);
        }
    }

    /** Null when the address may be used, else why not. */
    public String refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range range : allowed) {
            if (range.contains(bytes)) {
                return null;
            }
        }
        String kind = kind(address);
        return kind == null ? null : address.getHostAddress() + " is " + kind + " and not on the allow list";
    }

    private static String kind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata services live there)";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return "not a unicast address";
        }
        byte[] b = address.getAddress();
        if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return "a carrier-grade NAT address";
        }
        if (b.length == 4 && (b[0] & 0xff) == 0) {
            return "in 0.0.0.0/8";
        }
        if (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return "a unique-local IPv6 address";
        }
        if (address instanceof Inet6Address v6 && isMappedV4(b)) {
            try {
                return kind(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
            } catch (UnknownHostException e) {
                return "an unreadable IPv4-mapped address";
            }
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
