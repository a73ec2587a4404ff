package org.releasewatch.broker;

import com.yammer.metrics.core.Histogram;
import com.yammer.metrics.core.MetricName;
import com.yammer.metrics.core.MetricsRegistry;
import org.apache.kafka.server.metrics.FilteringJmxReporter;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * Gives the embedded broker's Yammer histograms a uniform reservoir instead of Kafka's exponentially decaying one.
 *
 * <p>Kafka records every request in about nine histograms (queue, local, remote, throttle and response times, sizes),
 * all created "biased": each update is kept as a {@code Double} key and a {@code Long} value in a skip list until a
 * newer one displaces it, about a thousand updates of that histogram later. So every request leaves objects that live
 * for seconds to minutes, past the young generation of a small heap. In {@code bench/run} at 1 000 events/s the broker
 * (serial collector, {@code -Xmx96m}) promoted about 1 MiB a second this way and stopped for 100–150 ms in a full
 * collection every 25–30 s, holding every alert in flight. A uniform reservoir keeps its 1 028 samples in one array of
 * longs, and an update leaves nothing behind.
 *
 * <p>The trade: the broker's percentiles on JMX are over a uniform sample of its whole life rather than weighted to
 * the last minutes. They are still published, by a JMX reporter over the new registry; releasewatch reads none of them.
 *
 * <p>Kafka has no setting for this: the registry is a final field of {@link KafkaYammerMetrics}, replaced here once per
 * JVM before the first broker starts. If a Kafka version moves it, the broker starts with Kafka's own histograms and a
 * warning in the log.
 */
final class UniformHistograms {

    private static final Logger LOG = LoggerFactory.getLogger(UniformHistograms.class);

    private UniformHistograms() {
    }

    /** Installs the uniform registry unless it is there already; says whether the broker's histograms are uniform. */
    static synchronized boolean install() {
        if (KafkaYammerMetrics.defaultRegistry() instanceof UniformRegistry) {
            return true;
        }
        try {
            Field field = KafkaYammerMetrics.class.getDeclaredField("metricsRegistry");
            field.setAccessible(true);
            UniformRegistry registry = new UniformRegistry();
            new FilteringJmxReporter(registry, name -> true).start();
            field.set(KafkaYammerMetrics.INSTANCE, registry);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("The embedded broker keeps Kafka's decaying histograms ({}): in a small heap their samples fill the"
                    + " old generation, and full collections pause the broker", e.toString());
            return false;
        }
    }

    /** Every histogram uniform, whatever its creator asks for: all of Yammer's factory methods come through here. */
    private static final class UniformRegistry extends MetricsRegistry {

        @Override
        public Histogram newHistogram(MetricName name, boolean biased) {
            return super.newHistogram(name, false);
        }
    }
}
