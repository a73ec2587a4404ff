package org.releasewatch.delivery;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP client webhooks and chat services are sent with (Apache HttpClient 5, classic API), over a pool of
 * keep-alive connections per target. Its {@link DnsResolver} answers only addresses the {@link TargetPolicy} allows,
 * after one lookup per new connection, so a name cannot pass the check with one DNS answer and be connected to with
 * another (DNS rebinding); the TLS layer still sends the host name as SNI and checks the certificate against it.
 *
 * <p>Each attempt has one deadline for all of it — waiting for a pooled connection, connecting, the TLS handshake,
 * sending, the answer's head and its body: when it passes the connection is closed under the blocked read, so a
 * receiver trickling a byte at a time cannot hold a thread. Redirects are not followed (a webhook URL that redirects
 * is a misconfiguration, and the new address was never checked), nothing is retried here (the callers retry with
 * back-off), 1xx answers are not final (the executor reads on to the final one), at most {@link #MAX_BODY} bytes of
 * an answer are read, and a malformed chunked answer is an {@link IOException} saying so.
 *
 * <p>HTTP/2: in HttpClient 5 it exists only on the async API (an NIO reactor with its own threads, timeouts and
 * body consumers); the classic blocking API speaks HTTP/1.1. The gain HTTP/2 would bring here — no handshake per
 * alert — comes from the keep-alive pool, so this stays on the classic API.
 */
public final class TargetHttp implements AutoCloseable {

    static final int MAX_BODY = 64 * 1024;

    /** One timer for every client's deadlines: a task per attempt that only closes a connection. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "http-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** How a host name becomes addresses; DNS by default, a fake in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A target refused by the {@link TargetPolicy}; the message says which address and why. */
    public static final class TargetRefused extends IOException {
        public TargetRefused(String message) {
            super(message);
        }
    }

    /** The attempt's deadline passed before the whole answer was read. */
    public static final class DeadlinePassed extends IOException {
        DeadlinePassed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The final answer: its status, its headers (names in any case) and up to {@link #MAX_BODY} bytes of its body. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {
        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    private final TargetPolicy policy;
    private final Duration deadline;
    private final Resolver resolver;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;

    /** @param connectionsPerTarget at most this many connections to one host and port at once */
    public TargetHttp(TargetPolicy policy, Duration deadline, int connectionsPerTarget) {
        this(policy, deadline, connectionsPerTarget, InetAddress::getAllByName, defaultSsl());
    }

    public TargetHttp(TargetPolicy policy, Duration deadline, int connectionsPerTarget, Resolver resolver, SSLContext ssl) {
        this.policy = policy;
        this.deadline = deadline;
        this.resolver = resolver;
        Timeout timeout = Timeout.ofMilliseconds(Math.max(1, deadline.toMillis()));
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new CheckingResolver())
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(ssl == null ? defaultSsl() : ssl)
                        .buildClassic())
                .setMaxConnPerRoute(Math.max(1, connectionsPerTarget))
                .setMaxConnTotal(Math.max(1, connectionsPerTarget) * 8)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout)
                        .setSocketTimeout(timeout)
                        // an idle connection the receiver may have closed is checked before it is used again
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    private static SSLContext defaultSsl() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pool's resolver: one lookup, every address checked; a refused one fails the connection with the reason. */
    private final class CheckingResolver implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
                return checkedAddresses(host).toArray(new InetAddress[0]);
            } catch (TargetRefused e) {
                throw new RefusedLookup(e);
            } catch (UnknownHostException e) {
                throw e;
            } catch (IOException e) {
                throw new UnknownHostException(host + ": " + e.getMessage());
            }
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host; // never asked again under another name
        }
    }

    /** A refusal carried through the resolver's {@code UnknownHostException} signature. */
    private static final class RefusedLookup extends UnknownHostException {
        RefusedLookup(TargetRefused refused) {
            super(refused.getMessage());
            initCause(refused);
        }
    }

    /** The addresses of {@code host} after one lookup, every one allowed by the policy; else why not. */
    List<InetAddress> checkedAddresses(String host) throws IOException {
        return checkedAddresses(policy, resolver, host);
    }

    private static List<InetAddress> checkedAddresses(TargetPolicy policy, Resolver resolver, String host) throws IOException {
        Optional<String> byName = policy.refuseHost(host);
        if (byName.isPresent()) {
            throw new TargetRefused("refused: " + byName.get());
        }
        Optional<InetAddress> literal = TargetPolicy.literal(host);
        InetAddress[] addresses = literal.isPresent() ? new InetAddress[]{literal.get()} : resolver.resolve(host);
        for (InetAddress address : addresses) {
            Optional<String> refused = policy.refuseAddress(address);
            if (refused.isPresent()) {
                throw new TargetRefused("refused: " + host + " resolves to " + address.getHostAddress() + ", " + refused.get());
            }
        }
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        return List.of(addresses);
    }

    /**
     * Why a request to {@code url} would be refused now (URL form, or an address its host resolves to), or empty:
     * for refusing early, without an attempt. A host that does not resolve is not refused here (the attempt reports
     * it, and it is retried).
     */
    public Optional<String> refusal(URI url) {
        return refusal(policy, resolver, url);
    }

    /** {@link #refusal(URI)} with DNS, without a client: for checks before anything is sent. */
    public static Optional<String> refusal(TargetPolicy policy, URI url) {
        return refusal(policy, InetAddress::getAllByName, url);
    }

    private static Optional<String> refusal(TargetPolicy policy, Resolver resolver, URI url) {
        Optional<String> byUrl = policy.refuseUrl(url);
        if (byUrl.isPresent()) {
            return Optional.of("refused: the URL " + byUrl.get());
        }
        try {
            checkedAddresses(policy, resolver, url.getHost());
            return Optional.empty();
        } catch (TargetRefused e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** POSTs {@code body} to {@code url} and reads the final answer, all within the deadline. */
    public Answer post(URI url, Map<String, String> headers, byte[] body) throws IOException {
        Optional<String> urlRefused = policy.refuseUrl(url);
        if (urlRefused.isPresent()) {
            throw new TargetRefused("refused: the URL " + urlRefused.get());
        }
        HttpPost request = new HttpPost(withoutUserInfo(url));
        headers.forEach(request::setHeader);
        request.setEntity(new ByteArrayEntity(body, null));
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> timer = DEADLINES.schedule(() -> {
            expired.set(true);
            request.cancel(); // closes the connection under whatever read or write is blocked on it
        }, Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = client.executeOpen(null, request, null);
            try {
                byte[] bytes = read(response.getEntity(), request);
                return new Answer(response.getCode(), headers(response), new String(bytes, StandardCharsets.UTF_8));
            } finally {
                closeQuietly(response);
            }
        } catch (IOException | RuntimeException e) {
            if (expired.get()) {
                throw new DeadlinePassed("no complete answer from " + url.getHost() + " within " + deadline.toMillis() + " ms", e);
            }
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TargetRefused refused) {
                    throw new TargetRefused(refused.getMessage());
                }
                if (t instanceof MalformedChunkCodingException malformed) {
                    throw new IOException("malformed chunked answer from " + url.getHost() + ": " + malformed.getMessage(), e);
                }
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    /** The URL as sent: credentials in it ({@code user:pass@}) stay here (receivers check the signature instead). */
    private static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        return URI.create(url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    /** {@link #post} on {@code executor}; the future fails with the {@link IOException}. */
    public CompletableFuture<Answer> postAsync(URI url, Map<String, String> headers, byte[] body, Executor executor) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return post(url, headers, body);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /**
     * Up to {@link #MAX_BODY} bytes. When there are more, the connection is dropped rather than drained (draining an
     * endless answer would end only at the deadline).
     */
    private static byte[] read(HttpEntity entity, HttpPost request) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        InputStream in = entity.getContent();
        byte[] bytes = in.readNBytes(MAX_BODY);
        if (bytes.length == MAX_BODY && in.read() >= 0) {
            request.cancel();
            closeQuietly(in);
        } else {
            in.close(); // the whole answer read: the connection goes back to the pool
        }
        return bytes;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // the answer is already read; a connection that cannot be closed cleanly is not reused
        }
    }

    private static Map<String, List<String>> headers(ClassicHttpResponse response) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : response.getHeaders()) {
            headers.computeIfAbsent(h.getName(), k -> new ArrayList<>()).add(h.getValue());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(headers);
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
        connections.close(CloseMode.IMMEDIATE);
    }
}
