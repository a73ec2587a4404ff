package org.releasewatch.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the topology does when the broker or producer refuses a record as too large — the last line of defence,
 * as {@link BoundedAlertSerde} keeps alerts far under every limit and state values are bounded too. Without it
 * the stream thread fails, is replaced, re-processes the same input and fails again, forever, and no alert flows
 * from its partitions. So, for {@link RecordTooLargeException} (and {@link RecordBatchTooLargeException}) only,
 * the record is skipped (RESUME): an ERROR line with its topic, key and size, and the counter
 * {@code releasewatch.streams.records.too.large{topic}} so it cannot go unnoticed. One unwritable record is lost
 * rather than all later alerts; every other error still fails the thread (FAIL), which is then replaced and shows
 * on {@code /health}.
 */
public final class RecordTooLargeHandler implements ProductionExceptionHandler {

    /** The key under which the factory passes the meter registry in the Streams configuration. */
    public static final String REGISTRY = "releasewatch.meter-registry";
    private static final Logger LOG = LoggerFactory.getLogger(RecordTooLargeHandler.class);

    private MeterRegistry registry;

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(REGISTRY) instanceof MeterRegistry r) {
            registry = r;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof RecordBatchTooLargeException)) {
            return Response.fail();
        }
        String key = record.key() == null ? "(none)" : new String(record.key(), StandardCharsets.UTF_8);
        LOG.error("Skipped a record too large for {}: key {}, {} bytes, written by {} while processing {}@{} offset {}: {}",
                record.topic(), key.length() > 200 ? key.substring(0, 200) + "…" : key,
                record.value() == null ? 0 : record.value().length, context == null ? "?" : context.processorNodeId(),
                context == null ? "?" : context.topic(), context == null ? "?" : context.partition(),
                context == null ? "?" : context.offset(), exception.toString());
        if (registry != null) {
            Counter.builder("releasewatch.streams.records.too.large").tag("topic", record.topic())
                    .description("Records the topology could not write because they were too large, skipped")
                    .register(registry).increment();
        }
        return Response.resume();
    }
}
