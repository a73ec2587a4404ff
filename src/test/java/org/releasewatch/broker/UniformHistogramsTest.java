package org.releasewatch.broker;

import com.yammer.metrics.core.Histogram;
import com.yammer.metrics.core.MetricName;
import com.yammer.metrics.stats.Sample;
import com.yammer.metrics.stats.UniformSample;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

// the broker's start first: the second test installs the registry itself, which would hide a start that does not
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UniformHistogramsTest {

    @TempDir
    Path dataDir;

    @Test
    @Order(1)
    void theBrokersRequestHistogramsAreUniformAndStillOnJmx() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.freePort(), dataDir);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.describeCluster().clusterId().get();

            List<Histogram> histograms = KafkaYammerMetrics.defaultRegistry().allMetrics().values().stream()
                    .filter(Histogram.class::isInstance).map(Histogram.class::cast).toList();
            assertThat(histograms).as("the broker's histograms").hasSizeGreaterThan(50);
            assertThat(histograms).allSatisfy(h -> assertThat(sample(h)).isInstanceOf(UniformSample.class));

            ObjectName metadataTime = new ObjectName("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Metadata");
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(metadataTime))
                    .as("published on JMX as before").isTrue();
            assertThat((Long) ManagementFactory.getPlatformMBeanServer().getAttribute(metadataTime, "Count")).isPositive();
        }
    }

    @Test
    @Order(2)
    void aHistogramAskedForAsBiasedIsUniformOnceInstalled() throws Exception {
        assertThat(UniformHistograms.install()).isTrue();
        assertThat(UniformHistograms.install()).as("a second broker in the JVM keeps the registry").isTrue();
        Histogram histogram = KafkaYammerMetrics.defaultRegistry()
                .newHistogram(new MetricName("test", "UniformHistogramsTest", "biased"), true);
        assertThat(sample(histogram)).isInstanceOf(UniformSample.class);
    }

    private static Sample sample(Histogram histogram) {
        try {
            Field field = Histogram.class.getDeclaredField("sample");
            field.setAccessible(true);
            return (Sample) field.get(histogram);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
