package io.tokenatlas.api;

import io.tokenatlas.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The configured API keys, and the key a request presents (X-API-Key, or Authorization: Bearer). */
@ApplicationScoped
public class ApiKeys {
    static final String HEADER = "X-API-Key";

    private final List<byte[]> keys;

    public ApiKeys(ApiConfig apiConfig) {
        this.keys = apiConfig.keys().orElse(List.of()).stream()
                .filter(k -> !k.isBlank()).map(k -> k.strip().getBytes(StandardCharsets.UTF_8)).toList();
    }

    boolean none() {
        return keys.isEmpty();
    }

    /** The key presented in the request's headers, or null. */
    static String presented(String keyHeader, String authorization) {
        if (keyHeader != null && !keyHeader.isBlank()) {
            return keyHeader.strip();
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return null;
    }

    /** Whether {@code presented} is one of the keys, compared in constant time. */
    boolean isKnown(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] key : keys) {
            found |= MessageDigest.isEqual(key, given);
        }
        return found;
    }
}
