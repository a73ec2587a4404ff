package org.releasewatch.sources;

import org.releasewatch.delivery.TargetPolicy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A conditional GET of a list ({@code If-None-Match} / {@code If-Modified-Since} from the last snapshot). The body
 * is read as a stream by the parser and its SHA-256 computed on the way. Bounded in every way a publisher, or
 * whoever stands in for it, could abuse:
 * <ul>
 * <li>one deadline ({@code fetch-timeout}) for the whole fetch — connecting, every redirect, the headers and the
 *     body; a watchdog closes the connection when it passes, so a server that trickles its headers or body byte
 *     by byte is cut off too, not only one that stalls;</li>
 * <li>{@code https} only, for the list and every redirect, unless the list sets {@code allow-http};</li>
 * <li>redirects (at most {@value #MAX_REDIRECTS}) are followed only to targets the {@link TargetPolicy} allows —
 *     the webhook targets' rules: no loopback, private, link-local or metadata address — so a publisher's
 *     redirect cannot make the service read an internal address;</li>
 * <li>at most {@code max-bytes}.</li>
 * </ul>
 * No error message carries the URL's query or user information.
 */
final class ListFetcher {

    static final int MAX_REDIRECTS = 5;

    /** Closes the connections of fetches past their deadline (one thread for every list). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sources-fetch-deadline");
        t.setDaemon(true);
        return t;
    });

    /** A download in progress: {@code notModified} (304), or a body to read. */
    static final class Download implements AutoCloseable {
        final boolean notModified;
        final String etag;
        final String lastModified;
        private final HttpURLConnection connection;
        private final Body body;
        private final Deadline deadline;

        private Download(boolean notModified, String etag, String lastModified, HttpURLConnection connection, Body body,
                         Deadline deadline) {
            this.notModified = notModified;
            this.etag = etag;
            this.lastModified = lastModified;
            this.connection = connection;
            this.body = body;
            this.deadline = deadline;
        }

        InputStream body() {
            return body;
        }

        /** The SHA-256 of everything read so far (the whole body once the parser is done). */
        String sha256() {
            return HexFormat.of().formatHex(body.digest.digest());
        }

        long bytes() {
            return body.count;
        }

        /** Reads what the parser left after the document (so the length check and the hash cover all of it). */
        void drain() throws IOException {
            byte[] buffer = new byte[8192];
            while (!body.eof && body.read(buffer, 0, buffer.length) >= 0) {
                // discard
            }
        }

        @Override
        public void close() {
            deadline.cancel();
            // the socket first: closing the stream of a body not read to its end drains the rest for keep-alive, which
            // a server trickling its body (or a fetch cut by its deadline before the watchdog fired) makes endless
            connection.disconnect();
            try {
                if (body != null) {
                    body.close();
                }
            } catch (IOException ignored) {
                // the connection is already closed
            }
        }
    }

    /** The whole fetch's deadline: when it passes, the connection in use is closed, which ends any blocked read. */
    static final class Deadline {
        private final long at;
        private final Duration timeout;
        private final ScheduledFuture<?> alarm;
        private volatile HttpURLConnection connection;
        private volatile boolean passed;

        Deadline(Duration timeout) {
            this.timeout = timeout;
            this.at = System.nanoTime() + timeout.toNanos();
            this.alarm = WATCHDOG.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void expire() {
            passed = true;
            HttpURLConnection c = connection;
            if (c != null) {
                c.disconnect();
            }
        }

        void watch(HttpURLConnection c) {
            connection = c;
            if (passed) {
                c.disconnect();
            }
        }

        boolean passed() {
            return passed || System.nanoTime() - at >= 0;
        }

        /** What to say when an I/O error happened after the deadline (the watchdog closed the connection). */
        IOException exceeded(long bytes) {
            return new IOException("the fetch did not finish within releasewatch.sources.fetch-timeout (" + timeout
                    + "; connecting, redirects, headers and body" + (bytes > 0 ? ", " + bytes + " bytes read" : "") + ")");
        }

        int remainingMillis() {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (at - System.nanoTime()) / 1_000_000));
        }

        void cancel() {
            alarm.cancel(false);
        }
    }

    private final Duration timeout;
    private final long maxBytes;
    private final boolean allowHttp;
    private final TargetPolicy redirectTargets;

    /** A fetcher for one list: redirects judged by the webhook targets' rules (no private or local address). */
    ListFetcher(Duration timeout, long maxBytes, boolean allowHttp) {
        this(timeout, maxBytes, allowHttp, new TargetPolicy(false, allowHttp, false));
    }

    ListFetcher(Duration timeout, long maxBytes, boolean allowHttp, TargetPolicy redirectTargets) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.allowHttp = allowHttp;
        this.redirectTargets = redirectTargets;
    }

    Download get(String url, String etag, String lastModified) throws IOException {
        Deadline deadline = new Deadline(timeout);
        try {
            return get(url, etag, lastModified, deadline);
        } catch (IOException | RuntimeException e) {
            deadline.cancel();
            throw e;
        }
    }

    private Download get(String url, String etag, String lastModified, Deadline deadline) throws IOException {
        URI target = URI.create(url);
        checkScheme(target, url, null);
        for (int hop = 0; ; hop++) {
            HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection();
            deadline.watch(c);
            c.setConnectTimeout(deadline.remainingMillis());
            c.setReadTimeout(deadline.remainingMillis());
            c.setInstanceFollowRedirects(false); // each redirect is judged below before it is followed
            c.setUseCaches(false);
            c.setRequestProperty("Accept", "application/xml, text/xml, */*");
            c.setRequestProperty("User-Agent", "releasewatch (sanctions list sources)");
            if (etag != null) {
                c.setRequestProperty("If-None-Match", etag);
            }
            if (lastModified != null) {
                c.setRequestProperty("If-Modified-Since", lastModified);
            }
            int status;
            try {
                status = c.getResponseCode();
            } catch (IOException e) {
                c.disconnect();
                if (deadline.passed()) {
                    throw deadline.exceeded(0);
                }
                if (e instanceof SocketTimeoutException) {
                    throw deadline.exceeded(0);
                }
                throw new IOException("cannot fetch " + Redact.url(target.toString()) + ": "
                        + Redact.scrub(Redact.scrub(e.toString(), target.toString()), url), e);
            }
            if (deadline.passed()) { // the watchdog closed the connection while the headers came in
                c.disconnect();
                throw deadline.exceeded(0);
            }
            if (status == HttpURLConnection.HTTP_NOT_MODIFIED) {
                c.disconnect();
                deadline.cancel();
                return new Download(true, etag, lastModified, c, null, deadline);
            }
            if (isRedirect(status)) {
                String location = c.getHeaderField("Location");
                c.disconnect();
                if (hop >= MAX_REDIRECTS) {
                    throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + Redact.url(url));
                }
                if (location == null || location.isBlank()) {
                    throw new IOException("HTTP " + status + " without a Location from " + Redact.url(target.toString()));
                }
                URI next;
                try {
                    next = target.resolve(location.trim());
                } catch (IllegalArgumentException e) {
                    throw new IOException("HTTP " + status + " from " + Redact.url(target.toString()) + " redirects to an invalid URL");
                }
                checkRedirect(next, url);
                target = next;
                continue;
            }
            if (status != HttpURLConnection.HTTP_OK) {
                c.disconnect();
                throw new IOException("HTTP " + status + " from " + Redact.url(target.toString()));
            }
            long declared = c.getContentLengthLong();
            if (declared > maxBytes) {
                c.disconnect();
                throw new IOException("the download is " + declared + " bytes, more than releasewatch.sources.max-bytes (" + maxBytes + ")");
            }
            InputStream in;
            try {
                in = c.getInputStream();
            } catch (IOException e) {
                c.disconnect();
                throw deadline.passed() ? deadline.exceeded(0) : new IOException("cannot read the list from "
                        + Redact.url(target.toString()) + ": " + Redact.scrub(Redact.scrub(e.toString(), target.toString()), url), e);
            }
            Body body = new Body(in, deadline, maxBytes, declared, timeout);
            return new Download(false, c.getHeaderField("ETag"), c.getHeaderField("Last-Modified"), c, body, deadline);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private void checkScheme(URI target, String configured, String redirected) throws IOException {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        String what = redirected == null ? "the list's URL " + Redact.url(configured)
                : "the redirect from " + Redact.url(configured) + " to " + Redact.url(redirected);
        if (scheme.equals("http") && !allowHttp) {
            throw new IOException(what + " is http://, refused: use https:// or set allow-http: true for this list");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException(what + " is not http or https, refused");
        }
    }

    /** A redirect is followed only to a target the policy allows: its scheme, its host and every address it resolves to. */
    private void checkRedirect(URI next, String configured) throws IOException {
        checkScheme(next, configured, next.toString());
        String refused = "refused the redirect from " + Redact.url(configured) + " to " + Redact.url(next.toString()) + ": ";
        Optional<String> byName = redirectTargets.refuseUrl(next);
        if (byName.isPresent()) {
            throw new IOException(refused + withoutWebhookHint(byName.get()) + "; configure the list's final URL if that is meant");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(next.getHost());
        } catch (UnknownHostException e) {
            throw new IOException("the redirect from " + Redact.url(configured) + " names an unknown host " + next.getHost());
        }
        for (InetAddress address : addresses) {
            Optional<String> reason = redirectTargets.refuseAddress(address);
            if (reason.isPresent()) {
                throw new IOException(refused + next.getHost() + " resolves to " + address.getHostAddress() + ", "
                        + withoutWebhookHint(reason.get())
                        + "; configure the list's final URL if that is meant");
            }
        }
    }

    void checkRedirectForTest(URI next, String configured) throws IOException {
        checkRedirect(next, configured);
    }

    /** The policy's reasons end with the webhook setting that would allow the target; no such setting applies here. */
    private static String withoutWebhookHint(String reason) {
        int hint = reason.indexOf("; set releasewatch.webhooks.");
        return hint < 0 ? reason : reason.substring(0, hint);
    }

    /** Counts, hashes and bounds the body; a body shorter than its Content-Length is an error, not an end. */
    static final class Body extends FilterInputStream {
        private final Deadline deadline;
        private final long maxBytes;
        private final long declared;
        private final Duration timeout;
        private final MessageDigest digest;
        private long count;
        /** The XML parser reads to the end and then closes the stream itself; the end was checked by then. */
        private boolean eof;

        Body(InputStream in, Deadline deadline, long maxBytes, long declared, Duration timeout) {
            super(in);
            this.deadline = deadline;
            this.maxBytes = maxBytes;
            this.declared = declared;
            this.timeout = timeout;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (eof) {
                return -1;
            }
            if (deadline.passed()) {
                throw deadline.exceeded(count);
            }
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                if (deadline.passed() || e instanceof SocketTimeoutException) {
                    throw deadline.exceeded(count);
                }
                throw e;
            }
            if (n < 0) {
                if (declared >= 0 && count < declared) {
                    throw new IOException("the download ended after " + count + " of " + declared + " bytes");
                }
                eof = true;
                return n;
            }
            count += n;
            if (count > maxBytes) {
                throw new IOException("the download is larger than releasewatch.sources.max-bytes (" + maxBytes + ")");
            }
            digest.update(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
            return Math.max(0, read(buffer, 0, buffer.length));
        }
    }
}
