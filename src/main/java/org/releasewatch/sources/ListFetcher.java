package org.releasewatch.sources;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A conditional GET of a list ({@code If-None-Match} / {@code If-Modified-Since} from the last snapshot). The body
 * is read as a stream by the parser; the whole download must end within the fetch timeout and stay under the size
 * limit, and its SHA-256 is computed on the way.
 */
final class ListFetcher {

    /** A download in progress: {@code notModified} (304), or a body to read. */
    static final class Download implements AutoCloseable {
        final boolean notModified;
        final String etag;
        final String lastModified;
        private final HttpURLConnection connection;
        private final Body body;

        private Download(boolean notModified, String etag, String lastModified, HttpURLConnection connection, Body body) {
            this.notModified = notModified;
            this.etag = etag;
            this.lastModified = lastModified;
            this.connection = connection;
            this.body = body;
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
            try {
                if (body != null) {
                    body.close();
                }
            } catch (IOException ignored) {
                // the connection is closed below anyway
            }
            connection.disconnect();
        }
    }

    private final Duration timeout;
    private final long maxBytes;

    ListFetcher(Duration timeout, long maxBytes) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    Download get(String url, String etag, String lastModified) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        c.setConnectTimeout(millis);
        c.setReadTimeout(millis);
        c.setInstanceFollowRedirects(true);
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
        } catch (SocketTimeoutException e) {
            c.disconnect();
            throw new IOException("no answer from " + Redact.url(url) + " within " + timeout, e);
        } catch (IOException e) {
            c.disconnect();
            throw new IOException("cannot fetch " + Redact.url(url) + ": " + e, e);
        }
        if (status == HttpURLConnection.HTTP_NOT_MODIFIED) {
            c.disconnect();
            return new Download(true, etag, lastModified, c, null);
        }
        if (status != HttpURLConnection.HTTP_OK) {
            c.disconnect();
            throw new IOException("HTTP " + status + " from " + Redact.url(url));
        }
        long declared = c.getContentLengthLong();
        if (declared > maxBytes) {
            c.disconnect();
            throw new IOException("the download is " + declared + " bytes, more than releasewatch.sources.max-bytes (" + maxBytes + ")");
        }
        Body body = new Body(c.getInputStream(), deadline, maxBytes, declared, timeout);
        return new Download(false, c.getHeaderField("ETag"), c.getHeaderField("Last-Modified"), c, body);
    }

    /** Counts, hashes and bounds the body; a body shorter than its Content-Length is an error, not an end. */
    static final class Body extends FilterInputStream {
        private final long deadline;
        private final long maxBytes;
        private final long declared;
        private final Duration timeout;
        private final MessageDigest digest;
        private long count;
        /** The XML parser reads to the end and then closes the stream itself; the end was checked by then. */
        private boolean eof;

        Body(InputStream in, long deadline, long maxBytes, long declared, Duration timeout) {
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
            if (System.nanoTime() > deadline) {
                throw new IOException("the download did not finish within releasewatch.sources.fetch-timeout (" + timeout + ")");
            }
            int n;
            try {
                n = super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw new IOException("the download stalled for " + timeout + " after " + count + " bytes", e);
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
