package org.releasewatch.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.MessageBodyHandlerRegistry;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.simple.SimpleHttpHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.releasewatch.json.Json;
import org.releasewatch.json.JsonSerde;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Priority;
import org.releasewatch.model.Severity;
import org.releasewatch.model.WatchlistEntry;
import org.releasewatch.testing.ConfigContext;
import org.releasewatch.testing.Fast;
import org.releasewatch.testing.SampleAlerts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP layer writes a record with the same JSON mapping as the Kafka serdes: the JSON body writer Micronaut
 * picks for {@code application/json} answers produces exactly the bytes {@link JsonSerde} puts on a topic.
 */
@Fast
class OneJsonMappingTest {

    private static ApplicationContext context;

    @BeforeAll
    static void context() {
        context = ConfigContext.of(Map.of());
    }

    @AfterAll
    static void close() {
        context.close();
    }

    @Test
    void micronautsObjectMapperIsTheSerdesMapper() {
        assertThat(context.getBean(ObjectMapper.class)).isSameAs(Json.MAPPER);
    }

    @Test
    void anAlertIsWrittenTheSameThroughTheHttpLayerAndTheSerde() {
        Alert alert = SampleAlerts.alert("a-1", AlertRule.MASS_RELEASE, Severity.CRITICAL, "BY");
        assertThat(http(alert, Alert.class)).isEqualTo(serde(alert, Alert.class));
    }

    @Test
    void aWatchlistEntryWithoutANoteIsWrittenTheSameThroughTheHttpLayerAndTheSerde() {
        WatchlistEntry entry = new WatchlistEntry("viasna:1", "Ales Bialiatski", Priority.HIGH, null);
        String http = http(entry, WatchlistEntry.class);
        assertThat(http).isEqualTo(serde(entry, WatchlistEntry.class)).contains("\"note\":null");
    }

    private static <T> String http(T value, Class<T> type) {
        Argument<T> argument = Argument.of(type);
        MessageBodyWriter<T> writer = context.getBean(MessageBodyHandlerRegistry.class)
                .findWriter(argument, List.of(MediaType.APPLICATION_JSON_TYPE)).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(argument, MediaType.APPLICATION_JSON_TYPE, value, new SimpleHttpHeaders(), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static <T> String serde(T value, Class<T> type) {
        return new String(JsonSerde.of(type).serializer().serialize("topic", value), StandardCharsets.UTF_8);
    }
}
