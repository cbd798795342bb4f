package io.tokenatlas.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range, IPv4 or IPv6, written as an address with an optional prefix length ("10.0.0.0/8", "::1"). Pure. */
public record CidrRange(byte[] network, int prefix) {
    /** Reads "address[/prefix]", or throws IllegalArgumentException naming the entry. */
    public static CidrRange parse(String entry) {
        String[] parts = entry.strip().split("/", 2);
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + entry);
            }
            return new CidrRange(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an address or CIDR range: " + entry);
        }
    }

    /** Whether {@code address} (the bytes of an address of the same family) is in the range. */
    public boolean contains(byte[] address) {
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
