package org.releasewatch.sources;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.releasewatch.delivery.TargetPolicy;
import org.releasewatch.testing.Fast;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a list download may and may not do: redirects only to targets the policy allows, {@code https} unless the
 * list sets {@code allow-http}, and one deadline for the whole fetch — also against a server that trickles its
 * headers or its body byte by byte, which no per-read timeout ever stops.
 */
@Fast
class ListFetcherTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    @Test
    void aRedirectToLoopbackIsRefusedWithTheReason() {
        ListServer target = server();
        target.serve("<sdnList/>", "t");
        ListServer publisher = server();
        String toLoopback = target.url("/internal").replace("localhost", "127.0.0.1");
        publisher.redirect(toLoopback);

        ListFetcher fetcher = new ListFetcher(DEADLINE, 1 << 20, true);
        assertThatThrownBy(() -> fetcher.get(publisher.url("/sdn.xml"), null, null).close())
                .hasMessage("refused the redirect from " + publisher.url("/sdn.xml") + " to " + toLoopback
                        + ": 127.0.0.1 is a loopback address; configure the list's final URL if that is meant");
        assertThat(target.requests()).as("nothing was asked of the redirect's target").isEmpty();

        String toNameOfLoopback = target.url("/internal");
        publisher.redirect(toNameOfLoopback);
        assertThatThrownBy(() -> fetcher.get(publisher.url("/sdn.xml"), null, null).close())
                .hasMessageStartingWith("refused the redirect from " + publisher.url("/sdn.xml") + " to " + toNameOfLoopback + ": localhost ");
        assertThat(target.requests()).isEmpty();
    }

    @Test
    void anAllowedRedirectIsFollowed() throws Exception {
        ListServer target = server();
        target.serve("<sdnList/>", "t");
        ListServer publisher = server();
        publisher.redirect(target.url("/sdn.xml"));
        // a policy that allows loopback stands in for a public target
        ListFetcher fetcher = new ListFetcher(DEADLINE, 1 << 20, true, TargetPolicy.permissive());
        try (ListFetcher.Download d = fetcher.get(publisher.url("/sdn.xml"), null, null)) {
            assertThat(new String(d.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("<sdnList/>");
            assertThat(d.etag).isEqualTo("\"t\"");
        }
        assertThat(target.requests()).hasSize(1);
    }

    @Test
    void httpIsRefusedWithoutAllowHttpForTheListAndForItsRedirects() {
        ListServer publisher = server();
        publisher.serve("<sdnList/>", "t");
        assertThatThrownBy(() -> new ListFetcher(DEADLINE, 1 << 20, false).get(publisher.url("/sdn.xml"), null, null).close())
                .hasMessage("the list's URL " + publisher.url("/sdn.xml") + " is http://, refused: use https:// or set "
                        + "allow-http: true for this list");
        assertThat(publisher.requests()).isEmpty();

        // an https list redirected to http:// (a downgrade) is refused before anything is asked of the target
        String https = "https://localhost:1/sdn.xml";
        assertThat(ListFetcherTest.checkRedirectMessage(new ListFetcher(DEADLINE, 1 << 20, false, TargetPolicy.permissive()),
                https, publisher.url("/sdn.xml"))).isEqualTo("the redirect from " + https + " to " + publisher.url("/sdn.xml")
                + " is http://, refused: use https:// or set allow-http: true for this list");
    }

    @Test
    void aServerThatTricklesItsHeadersHitsTheWholeFetchDeadline() throws Exception {
        String url = trickler(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n");
            while (true) {
                write(out, "X-Slow: y\r\n"); // a header line every 200 ms: each read is quick, the headers never end
                sleep(200);
            }
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> new ListFetcher(DEADLINE, 1 << 20, true).get(url, null, null).close())
                .hasMessage("the fetch did not finish within releasewatch.sources.fetch-timeout (PT2S; connecting, "
                        + "redirects, headers and body)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusSeconds(5));
    }

    @Test
    void aServerThatTricklesItsBodyHitsTheWholeFetchDeadline() throws Exception {
        String url = trickler(out -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n<sdnList>");
            while (true) {
                write(out, " ");
                sleep(200);
            }
        });
        long start = System.nanoTime();
        try (ListFetcher.Download d = new ListFetcher(DEADLINE, 1 << 20, true).get(url, null, null)) {
            assertThatThrownBy(() -> d.body().readAllBytes())
                    .hasMessageStartingWith("the fetch did not finish within releasewatch.sources.fetch-timeout (PT2S; "
                            + "connecting, redirects, headers and body, ");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusSeconds(5));
    }

    @Test
    void errorsNeverQuoteTheUrlsTokenOrUserInformation() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "http://reader:PASSWORD-7@localhost:" + closedPort + "/list.xml?token=SECRET-7";
        assertThatThrownBy(() -> new ListFetcher(DEADLINE, 1 << 20, true).get(url, null, null).close())
                .hasMessageStartingWith("cannot fetch http://localhost:" + closedPort + "/list.xml?…: ")
                .message().doesNotContain("SECRET-7").doesNotContain("PASSWORD-7").doesNotContain("reader");
    }

    static String checkRedirectMessage(ListFetcher fetcher, String from, String to) {
        try {
            fetcher.checkRedirectForTest(java.net.URI.create(to), from);
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private ListServer server() {
        ListServer s = new ListServer();
        servers.add(s);
        return s;
    }

    /** A raw HTTP server on loopback that answers every connection with {@code answer}. */
    private String trickler(Consumer<OutputStream> answer) throws IOException {
        ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    answer.accept(s.getOutputStream());
                } catch (IOException | RuntimeException e) {
                    // the client went away, or the test is over
                }
            }
        }, "trickler");
        t.setDaemon(true);
        t.start();
        servers.add(socket);
        return "http://localhost:" + socket.getLocalPort() + "/sdn.xml";
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
