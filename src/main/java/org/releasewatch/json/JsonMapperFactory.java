package org.releasewatch.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.jackson.ObjectMapperFactory;
import jakarta.inject.Singleton;

/**
 * Micronaut's {@link ObjectMapper} is {@link Json#MAPPER}: the HTTP layer reads request bodies and writes answers
 * with exactly the mapping of the Kafka serdes (ISO-8601 instants, nulls written, unknown fields ignored), so an
 * alert or a watchlist entry reads the same on a topic and in the API. Micronaut's own defaults differ (numeric
 * instants, nulls left out), which is why its factory's mapper is replaced rather than tuned.
 */
@Factory
public class JsonMapperFactory {

    @Singleton
    @Primary
    @Replaces(value = ObjectMapper.class, factory = ObjectMapperFactory.class)
    public ObjectMapper objectMapper() {
        return Json.MAPPER;
    }
}
