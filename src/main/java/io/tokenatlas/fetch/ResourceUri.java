package io.tokenatlas.fetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a tokenURI or image field points, parsed from its text. Pure: no I/O. */
public sealed interface ResourceUri {

    /** A plain http(s) URL. */
    record Http(String url) implements ResourceUri {}

    /** Content on IPFS: a CID and an optional path inside it ("" or starting with "/"). */
    record Ipfs(String cid, String path) implements ResourceUri {}

    /** A transaction on Arweave (ar://), fetched through the configured Arweave gateway. */
    record Arweave(String txId, String path) implements ResourceUri {}

    /** Content carried in the URI itself (data: URIs, or a raw JSON tokenURI). */
    record Inline(String mediaType, byte[] bytes) implements ResourceUri {}

    // Base32 CIDv1 of identity hashes (content inline in the CID) are short; the rest are 59 characters or
    // more. Base36 ones (k..., as subdomain gateways need: a DNS label holds 63 characters) are 50 or more.
    Pattern CID = Pattern.compile("(Qm[1-9A-HJ-NP-Za-km-z]{44}|b[a-z2-7]{10,}|k[0-9a-z]{49,})");
    Pattern AR_TX = Pattern.compile("[A-Za-z0-9_-]{43}");
    Pattern GATEWAY_PATH = Pattern.compile("^https?://[^/]+/ipfs/(" + CID.pattern() + ")(/.*)?$");
    /** A subdomain gateway: https://<cid>.ipfs.<host>/<path>. */
    Pattern GATEWAY_SUBDOMAIN = Pattern.compile("^https?://(" + CID.pattern() + ")\\.ipfs\\.[^/?#]+(/[^?#]*)?([?#].*)?$",
            Pattern.CASE_INSENSITIVE);

    /**
     * Replaces the ERC-1155 style {@code {id}} with the token id as 64 lower-case hex digits
     * (some ERC-721 contracts use it too).
     */
    static String substituteId(String uri, java.math.BigInteger tokenId) {
        return uri.contains("{id}") ? uri.replace("{id}", String.format("%064x", tokenId)) : uri;
    }

    /** Parses a token's URI after {@code {id}} substitution. */
    static ResourceUri parse(String raw, java.math.BigInteger tokenId) {
        return parse(raw == null ? null : substituteId(raw, tokenId));
    }

    /** Parses a URI, or throws {@link IllegalArgumentException} saying why it cannot be fetched. */
    static ResourceUri parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("the URI is empty");
        }
        String text = raw.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:")) {
            return parseData(text);
        }
        if (text.startsWith("{")) {
            return new Inline("application/json", text.getBytes(StandardCharsets.UTF_8));
        }
        if (lower.startsWith("ipfs://")) {
            String rest = text.substring("ipfs://".length());
            if (rest.startsWith("ipfs/")) {
                rest = rest.substring("ipfs/".length());
            }
            return ipfs(rest, raw);
        }
        if (lower.startsWith("ar://")) {
            String[] parts = text.substring("ar://".length()).split("/", 2);
            if (!AR_TX.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException("not an Arweave transaction id: '" + abbreviate(parts[0]) + "'");
            }
            return new Arweave(parts[0], contained(parts.length > 1 && !parts[1].isEmpty() ? "/" + stripQuery(parts[1]) : "", raw));
        }
        if (lower.startsWith("/ipfs/")) {
            return ipfs(text.substring("/ipfs/".length()), raw);
        }
        if (CID.matcher(text.split("/", 2)[0]).matches()) {
            return ipfs(text, raw);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            Matcher gateway = GATEWAY_PATH.matcher(text);
            if (gateway.matches()) {
                return ipfs(gateway.group(1) + stripQuery(gateway.group(gateway.groupCount()) == null ? ""
                        : gateway.group(gateway.groupCount())), raw);
            }
            Matcher subdomain = GATEWAY_SUBDOMAIN.matcher(text);
            if (subdomain.matches()) {
                String path = subdomain.group(subdomain.groupCount() - 1);
                return ipfs(subdomain.group(1).toLowerCase(Locale.ROOT) + (path == null ? "" : path), raw);
            }
            try {
                new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a valid URL: " + e.getMessage());
            }
            return new Http(text);
        }
        String scheme = text.contains(":") ? text.substring(0, text.indexOf(':')) : text;
        throw new IllegalArgumentException("unsupported URI scheme '" + abbreviate(scheme) + "'");
    }

    private static ResourceUri ipfs(String cidAndPath, String raw) {
        String[] parts = cidAndPath.split("/", 2);
        if (!CID.matcher(parts[0]).matches()) {
            throw new IllegalArgumentException("not an IPFS CID: '" + abbreviate(parts[0]) + "' in " + abbreviate(raw));
        }
        String path = parts.length > 1 && !parts[1].isEmpty() ? "/" + stripQuery(parts[1]) : "";
        // A base36 CID is the same content as its base32 form, which the rest of the daemon uses.
        String cid = parts[0].startsWith("k") ? base32(parts[0], raw) : parts[0];
        return new Ipfs(cid, contained(path.equals("/") ? "" : path, raw));
    }

    private static String base32(String base36, String raw) {
        try {
            return Cid.parse(base36).toString();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an IPFS CID: '" + abbreviate(base36) + "' in " + abbreviate(raw)
                    + " (" + e.getMessage() + ")");
        }
    }

    /**
     * A path inside a CID or transaction as it is: one with a "." or ".." segment (also
     * percent-encoded) is refused, since a gateway URL built from it would leave the content it names.
     */
    private static String contained(String path, String raw) {
        for (String segment : path.split("/")) {
            String decoded = new String(percentDecode(segment), StandardCharsets.UTF_8);
            if (decoded.equals(".") || decoded.equals("..") || decoded.contains("/") || decoded.contains("\\")) {
                throw new IllegalArgumentException("the path of " + abbreviate(raw)
                        + " has a '.', '..' or encoded '/' segment, which would leave the content it names");
            }
        }
        return path;
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static Inline parseData(String text) {
        int comma = text.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("data: URI without a comma");
        }
        String header = text.substring("data:".length(), comma);
        String payload = text.substring(comma + 1);
        boolean base64 = header.toLowerCase(Locale.ROOT).endsWith(";base64");
        String mediaType = (base64 ? header.substring(0, header.length() - ";base64".length()) : header).split(";")[0];
        if (mediaType.isEmpty()) {
            mediaType = "text/plain";
        }
        try {
            byte[] bytes = base64 ? Base64.getDecoder().decode(base64Text(payload)) : percentDecode(payload);
            return new Inline(mediaType.toLowerCase(Locale.ROOT), bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data: URI payload does not decode: " + e.getMessage());
        }
    }

    private static String base64Text(String payload) {
        String text = payload.contains("%") ? new String(percentDecode(payload), StandardCharsets.ISO_8859_1) : payload;
        return text.replaceAll("\\s", "");
    }

    /**
     * Percent-decoding as the URL standard does it: "%" and two hex digits is a byte, any other
     * "%" stays as it is (on-chain SVG writes width='100%' unencoded), "+" is a plus.
     */
    static byte[] percentDecode(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    /** Shortens user input for error messages. */
    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
