package org.releasewatch.delivery;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP client webhooks are sent with: it resolves the target's host ONCE, checks every address with the
 * {@link TargetPolicy}, and connects to a checked address itself, so a name cannot pass the check with one
 * DNS answer and be connected to with another (DNS rebinding). The request carries the original host in
 * {@code Host}; over TLS the original name is the SNI name and the name the certificate must match.
 *
 * <p>Why not {@code java.net.http}'s own client: it resolves the host itself at connect time and offers no
 * resolver hook; sending to an IP literal with a forced {@code Host} header needs the JVM-wide
 * {@code jdk.httpclient.allowRestrictedHeaders} (read once, at class load) and still sets no SNI name for
 * HTTP/2. So this is a small HTTP/1.1 client over a plain or {@link SSLSocket}, behind the
 * {@link HttpClient} API so the delivery code stays as it was: one request per connection
 * ({@code Connection: close}), no redirects followed, at most {@link #MAX_BODY} bytes of the answer read.
 */
public final class PinnedHttpClient extends HttpClient {

    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_BODY = 64 * 1024;
    /** Headers this client writes itself; the caller's are ignored. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding");

    /** How a host name becomes addresses; DNS by default, a fake in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final TargetPolicy policy;
    private final Duration connectTimeout;
    private final Executor executor;
    private final Resolver resolver;
    private final SSLContext ssl;

    public PinnedHttpClient(TargetPolicy policy, Duration connectTimeout, Executor executor) {
        this(policy, connectTimeout, executor, InetAddress::getAllByName, defaultSsl());
    }

    public PinnedHttpClient(TargetPolicy policy, Duration connectTimeout, Executor executor, Resolver resolver, SSLContext ssl) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.executor = executor;
        this.resolver = resolver;
        this.ssl = ssl;
    }

    private static SSLContext defaultSsl() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A target refused by the {@link TargetPolicy}; the message says which address and why. */
    public static final class TargetRefused extends IOException {
        public TargetRefused(String message) {
            super(message);
        }
    }

    /**
     * The addresses of {@code host} after one lookup, every one allowed by the policy; else why not.
     */
    List<InetAddress> checkedAddresses(String host) throws IOException {
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
     * Why a request to {@code url} would be refused now (URL form, or an address its host resolves to), or
     * empty: for refusing early, without an attempt. A host that does not resolve is not refused here (the
     * attempt reports it, and it is retried).
     */
    public Optional<String> refusal(URI url) {
        Optional<String> byUrl = policy.refuseUrl(url);
        if (byUrl.isPresent()) {
            return Optional.of("refused: the URL " + byUrl.get());
        }
        try {
            checkedAddresses(url.getHost());
            return Optional.empty();
        } catch (TargetRefused e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        URI uri = request.uri();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Optional<String> urlRefused = policy.refuseUrl(uri);
        if (urlRefused.isPresent()) {
            throw new TargetRefused("refused: the URL " + urlRefused.get());
        }
        boolean tls = scheme.equals("https");
        String host = uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        byte[] body = body(request);
        Duration timeout = request.timeout().orElse(connectTimeout);
        IOException lastFailure = null;
        for (InetAddress address : checkedAddresses(host)) {
            Socket socket = new Socket();
            try {
                try {
                    socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, connectTimeout.toMillis()));
                } catch (SocketTimeoutException e) {
                    throw new HttpConnectTimeoutException("connection to " + host + " (" + address.getHostAddress() + ") timed out");
                }
                socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
                Socket channel = tls ? tls(socket, host, port) : socket;
                try (channel) {
                    return exchange(channel, request, handler, host, port, tls, body);
                } catch (SocketTimeoutException e) {
                    throw new HttpTimeoutException("no answer from " + host + " within " + timeout.toMillis() + " ms");
                }
            } catch (java.net.ConnectException | HttpConnectTimeoutException e) {
                lastFailure = e; // try the next checked address
                socket.close();
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        throw lastFailure;
    }

    private Socket tls(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the original host
        if (!TargetPolicy.isLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        parameters.setApplicationProtocols(new String[]{"http/1.1"});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private <T> HttpResponse<T> exchange(Socket socket, HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                         String host, int port, boolean tls, byte[] body) throws IOException {
        URI uri = request.uri();
        StringBuilder head = new StringBuilder();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        head.append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean defaultPort = port == (tls ? 443 : 80);
        String hostHeader = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        head.append("Host: ").append(hostHeader).append(defaultPort ? "" : ":" + port).append("\r\n");
        request.headers().map().forEach((name, values) -> {
            if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();

        InputStream in = new BufferedInputStream(socket.getInputStream());
        String statusLine = line(in);
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x answer from " + host);
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status from " + host);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int headerBytes = statusLine.length();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("the answer's headers from " + host + " exceed " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            }
        }
        HttpHeaders responseHeaders = HttpHeaders.of(new LinkedHashMap<>(headers), (a, b) -> true);
        byte[] responseBody = readBody(in, responseHeaders, request.method().equals("HEAD") || code == 204 || code == 304);
        HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
            public int statusCode() {
                return code;
            }

            public HttpHeaders headers() {
                return responseHeaders;
            }

            public Version version() {
                return Version.HTTP_1_1;
            }
        };
        T value = deliver(handler.apply(info), responseBody);
        return new Response<>(code, request, responseHeaders, value, uri);
    }

    /** The body up to {@link #MAX_BODY} bytes: by Content-Length, chunked, or to the end of the connection. */
    private static byte[] readBody(InputStream in, HttpHeaders headers, boolean none) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (none) {
            return out.toByteArray();
        }
        if (headers.firstValue("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            while (out.size() < MAX_BODY) {
                String sizeLine = line(in);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
                if (size == 0) {
                    break;
                }
                copy(in, out, Math.min(size, MAX_BODY - out.size()));
                line(in);
            }
            return out.toByteArray();
        }
        long length = headers.firstValueAsLong("Content-Length").orElse(-1);
        copy(in, out, length < 0 ? MAX_BODY : (int) Math.min(length, MAX_BODY));
        return out.toByteArray();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, int max) throws IOException {
        byte[] buffer = new byte[8192];
        int left = max;
        while (left > 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, left));
            if (n < 0) {
                return;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() > MAX_HEADER_BYTES) {
                throw new IOException("an answer line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        if (c < 0 && line.size() == 0) {
            throw new IOException("the connection closed before a complete answer");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static <T> T deliver(HttpResponse.BodySubscriber<T> subscriber, byte[] body) throws IOException {
        subscriber.onSubscribe(new Flow.Subscription() {
            public void request(long n) {
            }

            public void cancel() {
            }
        });
        if (body.length > 0) {
            subscriber.onNext(List.of(ByteBuffer.wrap(body)));
        }
        subscriber.onComplete();
        try {
            return subscriber.getBody().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the answer's body could not be read: " + e.getMessage());
        }
    }

    /** The request body, collected from its publisher. */
    private static byte[] body(HttpRequest request) throws IOException {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.get().subscribe(new Flow.Subscriber<>() {
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the request body could not be read: " + e.getMessage());
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, executor);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    private record Response<T>(int statusCode, HttpRequest request, HttpHeaders headers, T body, URI uri)
            implements HttpResponse<T> {
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.of(connectTimeout);
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER;
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        return ssl;
    }

    @Override
    public SSLParameters sslParameters() {
        return ssl.getDefaultSSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.of(executor);
    }
}
