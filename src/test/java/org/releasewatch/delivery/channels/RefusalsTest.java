package org.releasewatch.delivery.channels;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.broker.EmbeddedKafkaBroker;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the HTTP sender reads a refusal, against a real loopback server: the service's own reason for a 400, a
 * 410 as gone, a 503 and a refused connection as worth retrying — and never the secret URL in a reason.
 */
@Fast
class RefusalsTest {

    private final AtomicReference<Object[]> answer = new AtomicReference<>();
    private final HttpServer server;

    RefusalsTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Object[] a = answer.get();
            byte[] body = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders((Integer) a[0], body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Delivery send(int status, String body, String url) {
        answer.set(new Object[]{status, body});
        HttpChannelSender sender = new HttpChannelSender(Fixtures.http(), Fixtures.LINKS,
                new Pacer(Clock.systemUTC()), Clock.systemUTC());
        return sender.send(List.of(Fixtures.bialiatski()), Fixtures.target(ChannelFormat.SLACK, url));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/services/T1/B1/topsecret";
    }

    @Test
    void aBadRequestFailsForGoodWithTheServicesReason() {
        assertThat(send(400, "invalid_blocks", url())).isEqualTo(new Delivery.Failed("HTTP 400: invalid_blocks", false));
        assertThat(send(400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}", url()))
                .isEqualTo(new Delivery.Failed("HTTP 400: Bad Request: chat not found", false));
    }

    @Test
    void anArchivedChannelOrDeletedWebhookIsGone() {
        assertThat(send(410, "channel_is_archived", url())).isEqualTo(new Delivery.Failed("HTTP 410: channel_is_archived", true));
        assertThat(send(404, "no_service", url())).isEqualTo(new Delivery.Failed("HTTP 404: no_service", true));
    }

    @Test
    void anOutageIsRetriedAndNoReasonShowsTheSecretUrl() {
        assertThat(send(503, "", url())).isEqualTo(new Delivery.RetryLater(Optional.empty(), "HTTP 503"));
        Delivery refused = send(200, "", "http://127.0.0.1:" + EmbeddedKafkaBroker.freePort() + "/services/T1/B1/topsecret");
        assertThat(refused).isInstanceOfSatisfying(Delivery.RetryLater.class, r ->
                assertThat(r.reason()).isEqualTo("connection refused"));
        assertThat(send(500, "error at " + url(), url())).isInstanceOfSatisfying(Delivery.RetryLater.class, r ->
                assertThat(r.reason()).doesNotContain("topsecret").contains("127.0.0.1"));
    }
}
