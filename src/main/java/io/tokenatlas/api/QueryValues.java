package io.tokenatlas.api;

import io.tokenatlas.event.EventFilter;
import io.tokenatlas.metadata.TraitFilter;
import java.math.BigInteger;
import java.util.List;

/** Values a request carries, read into what the daemon uses or refused with a 400 that says why. Pure. */
final class QueryValues {
    private QueryValues() {}

    /** A token id: a decimal uint256. */
    static BigInteger tokenId(String tokenId) {
        try {
            BigInteger id = new BigInteger(tokenId);
            if (id.signum() < 0 || id.bitLength() > 256) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("token id must be a decimal uint256, got " + tokenId);
        }
    }

    /** Trait conditions, {@code type:value} each. */
    static TraitFilter traitFilter(List<String> traits) {
        try {
            return TraitFilter.parse(traits);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** Event kinds and collection ids a stream or webhook is narrowed to. */
    static EventFilter eventFilter(List<String> kinds, List<String> collections) {
        try {
            return EventFilter.parse(kinds, collections);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** A position in the event log: an event's id (0: from the oldest kept). */
    static long eventPosition(String value, String name) {
        try {
            long position = Long.parseLong(value.strip());
            if (position < 0) {
                throw new NumberFormatException();
            }
            return position;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " must be an event id (a whole number, 0 or more), got " + value);
        }
    }

    /** A perceptual-hash distance in bits, 0 to 31. */
    static int hashDistance(int bits, String name) {
        if (bits < 0 || bits > 31) {
            throw new InvalidInputException(name + " must be between 0 and 31 bits, got " + bits);
        }
        return bits;
    }

    /** A cosine similarity, -1 to 1. */
    static double similarity(double value, String name) {
        if (value < -1 || value > 1 || Double.isNaN(value)) {
            throw new InvalidInputException(name + " must be between -1 and 1, got " + value);
        }
        return value;
    }

    /** A page size, 1 to {@code max}. */
    static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new InvalidInputException("limit must be between 1 and " + max + ", got " + limit);
        }
        return limit;
    }
}
