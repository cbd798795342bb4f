package io.tokenatlas.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.math.BigInteger;

/**
 * Token ids are uint256: written as JSON numbers, JavaScript would round every id above 2^53.
 * Every BigInteger in an answer is written as a decimal string, as the map and token answers do.
 */
@Singleton
public class TokenIdsAsText implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("token-ids-as-text").addSerializer(BigInteger.class, ToStringSerializer.instance));
    }
}
