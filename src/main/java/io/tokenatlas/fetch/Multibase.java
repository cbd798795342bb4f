package io.tokenatlas.fetch;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;

/** The multibase encodings CIDs use: base32 (RFC 4648, no padding), base36, base58btc, base16. Pure. */
public final class Multibase {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

    private Multibase() {}

    /** Decodes a multibase string by its prefix character (b, B, k, K, z, f, F). */
    public static byte[] decode(String text) {
        if (text == null || text.length() < 2) {
            throw new IllegalArgumentException("a multibase string needs a prefix and data");
        }
        String data = text.substring(1);
        return switch (text.charAt(0)) {
            case 'b', 'B' -> base32Decode(data.toLowerCase(Locale.ROOT));
            case 'z' -> base58Decode(data);
            case 'k', 'K' -> positionalDecode(data.toLowerCase(Locale.ROOT), BASE36, "base36");
            case 'f', 'F' -> HexFormat.of().parseHex(data.toLowerCase(Locale.ROOT));
            default -> throw new IllegalArgumentException("unsupported multibase prefix '" + text.charAt(0) + "'");
        };
    }

    public static String base32Encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    public static byte[] base32Decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a base32 character");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("base32 text has trailing bits");
        }
        return out.toByteArray();
    }

    public static String base58Encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, bytes);
        while (value.signum() > 0) {
            BigInteger[] division = value.divideAndRemainder(FIFTY_EIGHT);
            out.append(BASE58.charAt(division[1].intValue()));
            value = division[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    public static byte[] base58Decode(String text) {
        return positionalDecode(text, BASE58, "base58btc");
    }

    /** A number in the alphabet's base, each leading zero digit one zero byte (base58btc, base36). */
    private static byte[] positionalDecode(String text, String alphabet, String name) {
        BigInteger base = BigInteger.valueOf(alphabet.length());
        BigInteger value = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            int digit = alphabet.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("'" + c + "' is not a " + name + " character");
            }
            value = value.multiply(base).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int signByte = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == alphabet.charAt(0)) {
            zeros++;
        }
        byte[] out = new byte[zeros + magnitude.length - signByte];
        System.arraycopy(magnitude, signByte, out, zeros, magnitude.length - signByte);
        return out;
    }
}
