package io.tokenatlas.api;

import io.tokenatlas.fetch.CidrRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which address a request comes from: the peer's, unless the peer is a trusted proxy, in which
 * case the right-most X-Forwarded-For entry that is not itself a trusted proxy (entries further
 * left were written by the client and prove nothing). Pure.
 */
final class ClientAddress {
    private final List<CidrRange> trusted;

    ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(entry -> {
            try {
                return CidrRange.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("atlas.api.trusted-proxies: " + e.getMessage(), e);
            }
        }).toList();
    }

    String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return literal(hop) == null ? peer : hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (CidrRange range : trusted) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes of an IP literal, or null for anything else (no name is ever looked up). */
    private static byte[] literal(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!t.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return null;
        }
        try {
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
