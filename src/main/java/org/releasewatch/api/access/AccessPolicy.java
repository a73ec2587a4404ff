package org.releasewatch.api.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may do what over HTTP (contract v1.1 "HTTP access", v1.2 "HTTP access, exactly"), as a pure decision on
 * a request's method, path, the token it presents, whether it comes from the loopback interface, and its
 * {@code Host} and {@code Origin} headers:
 * <ul>
 *   <li>a read (GET, HEAD, OPTIONS) needs the read token, the peer token or an operator token; with no read
 *       token configured, a client on loopback whose {@code Host} names this service ({@link HostRule}) may read
 *       without one, and any other client is refused (403 naming the setting or the Host);</li>
 *   <li>reads of the watchlist and of subscriptions need an operator token: they hold the names of detained
 *       people and where alerts go;</li>
 *   <li>every other method is a write and needs an operator token, loopback included, and an {@code Origin}
 *       (when a browser sends one) of this service;</li>
 *   <li>a token that matches nothing is refused (401), also where no token would have been needed.</li>
 * </ul>
 * Tokens are kept and compared as SHA-256 digests with {@link MessageDigest#isEqual}: the time a comparison
 * takes does not depend on how much of a guess is right, nor on the token's length.
 */
public final class AccessPolicy {

    static final String PREFIX = "releasewatch.api";
    public static final String TOKEN = PREFIX + ".token";
    public static final String OPERATORS = PREFIX + ".operators";
    public static final String PEER_TOKEN = PREFIX + ".peer-token";

    /** Reads under these paths need an operator token. */
    private static final List<String> OPERATOR_READS = List.of("/api/watchlist", "/api/subscriptions");

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final byte[] readToken; // digest, or null
    private final byte[] peerToken; // digest, or null
    private final List<Operator> operators;
    private final HostRule hosts;

    /** An operator with the digest of its token. */
    private record Operator(String name, byte[] digest) {
    }

    /**
     * @param readToken {@code releasewatch.api.token}, null when not configured
     * @param operators {@code releasewatch.api.operators}
     * @throws InvalidAccessConfig for a blank token, a blank operator name or token, or a token used twice
     */
    public AccessPolicy(String readToken, List<OperatorEntry> operators) {
        this(readToken, null, null, operators);
    }

    /**
     * @param peerToken {@code releasewatch.api.peer-token}, null when not configured
     * @param publicUrl {@code releasewatch.public-url}, null when not configured
     */
    public AccessPolicy(String readToken, String peerToken, String publicUrl, List<OperatorEntry> operators) {
        if (readToken != null && readToken.isBlank()) {
            throw new InvalidAccessConfig(TOKEN + ": is blank; leave it unset (loopback-only reads) or give it a token");
        }
        if (peerToken != null && peerToken.isBlank()) {
            throw new InvalidAccessConfig(PEER_TOKEN + ": is blank; leave it unset (a single instance) or give it a token");
        }
        this.readToken = readToken == null ? null : digest(readToken);
        this.peerToken = peerToken == null ? null : digest(peerToken);
        this.hosts = new HostRule(publicUrl);
        List<Operator> list = new ArrayList<>();
        List<byte[]> seen = new ArrayList<>();
        if (this.readToken != null) {
            seen.add(this.readToken);
        }
        if (this.peerToken != null) {
            if (this.readToken != null && MessageDigest.isEqual(this.readToken, this.peerToken)) {
                throw new InvalidAccessConfig(PEER_TOKEN + ": is the same as " + TOKEN + "; every token must name one caller");
            }
            seen.add(this.peerToken);
        }
        for (OperatorEntry entry : operators.stream().sorted(java.util.Comparator.comparing(OperatorEntry::index)).toList()) {
            String where = OPERATORS + "[" + entry.index() + "]";
            if (entry.name() == null || entry.name().isBlank()) {
                throw new InvalidAccessConfig(where + ".name: is required (it is recorded with what the operator does)");
            }
            if (entry.token() == null || entry.token().isBlank()) {
                throw new InvalidAccessConfig(where + ".token: is required and must not be blank");
            }
            byte[] d = digest(entry.token());
            for (byte[] other : seen) {
                if (MessageDigest.isEqual(other, d)) {
                    throw new InvalidAccessConfig(where + ".token: is already used by " + TOKEN + ", " + PEER_TOKEN + " or another operator;"
                            + " every token must name one caller");
                }
            }
            seen.add(d);
            list.add(new Operator(entry.name().trim(), d));
        }
        this.operators = List.copyOf(list);
    }

    public boolean hasReadToken() {
        return readToken != null;
    }

    public boolean hasPeerToken() {
        return peerToken != null;
    }

    /** The {@link PeerProof} for a nonce another instance sent, null without a peer token configured. */
    String peerProof(String nonce) {
        return peerToken == null || nonce == null || nonce.length() > 64 ? null : PeerProof.proof(peerToken, nonce);
    }

    public int operatorCount() {
        return operators.size();
    }

    public static boolean isRead(String method) {
        return READ_METHODS.contains(method.toUpperCase(Locale.ROOT));
    }

    /**
     * Whom a token names: an operator, a reader (the read token), nobody ({@code presented} null) or an
     * unknown token. Every configured token is compared, whichever matches.
     */
    public Identified identify(String presented) {
        if (presented == null) {
            return new Identified(Kind.NONE, null);
        }
        byte[] d = digest(presented);
        String operator = null;
        for (Operator o : operators) {
            if (MessageDigest.isEqual(o.digest(), d) && operator == null) {
                operator = o.name();
            }
        }
        boolean reader = readToken != null && MessageDigest.isEqual(readToken, d);
        boolean peer = peerToken != null && MessageDigest.isEqual(peerToken, d);
        if (operator != null) {
            return new Identified(Kind.OPERATOR, operator);
        }
        return new Identified(reader ? Kind.READER : peer ? Kind.PEER : Kind.UNKNOWN_TOKEN, null);
    }

    /** Callers: none, a wrong token, the read token, another instance (peer token), an operator. */
    public enum Kind { NONE, UNKNOWN_TOKEN, READER, PEER, OPERATOR }

    /** The result of {@link #identify}. */
    public record Identified(Kind kind, String operator) {
        boolean holdsToken() {
            return kind == Kind.READER || kind == Kind.PEER || kind == Kind.OPERATOR;
        }

        Access.Caller caller() {
            return new Access.Caller(operator);
        }
    }

    /** What the policy looks at in a request. {@code host} and {@code origin} are the headers, null when absent. */
    public record Request(String method, String path, boolean loopback, String token, String host, String origin) {
    }

    /** As {@link #decide(Request)} for a request to {@code /api/alerts} with {@code Host: localhost} and no Origin. */
    public Decision decide(String method, boolean loopback, String presented) {
        return decide(new Request(method, "/api/alerts", loopback, presented, "localhost", null));
    }

    /** May this request go on, and as whom. */
    public Decision decide(Request request) {
        String method = request.method();
        boolean loopback = request.loopback();
        Identified who = identify(request.token());
        if (who.kind() == Kind.UNKNOWN_TOKEN) {
            return Decision.refuse(401, "the bearer token is not valid", null);
        }
        if (readToken == null && who.kind() == Kind.NONE && !hosts.localHost(request.host())) {
            // a token is no ambient authority a rebinding page could borrow; being on loopback is
            return Decision.refuse(403, "without " + TOKEN + " configured this service answers only requests whose Host is"
                    + " localhost, 127.0.0.1, [::1] or the host of releasewatch.public-url (a page that rebinds its DNS name"
                    + " to this machine must not read it); set " + TOKEN + " to use another name", TOKEN);
        }
        if (!isRead(method) && !hosts.ownOrigin(request.origin(), request.host())) {
            return Decision.refuse(403, "a write from a page of another site (Origin " + request.origin() + ") is refused;"
                    + " send it from this service's pages or without an Origin header", null);
        }
        if (isRead(method) && operatorRead(request.path())) {
            if (who.kind() == Kind.OPERATOR) {
                return Decision.allow(who.caller());
            }
            return Decision.refuse(who.kind() == Kind.NONE ? 401 : 403, "the watchlist and the subscriptions hold the names of"
                    + " detained people and where alerts go: reading them needs an operator token (" + OPERATORS + ")", OPERATORS);
        }
        if (!isRead(method)) {
            if (who.kind() == Kind.OPERATOR) {
                return Decision.allow(who.caller());
            }
            if (who.kind() == Kind.NONE) {
                return Decision.refuse(401, "a " + method.toUpperCase(Locale.ROOT) + " request changes state and needs an"
                        + " operator token (" + OPERATORS + "), also from loopback", OPERATORS);
            }
            return Decision.refuse(403, "this token may read but not write; writes need an operator token (" + OPERATORS + ")",
                    OPERATORS);
        }
        if (who.holdsToken()) {
            return Decision.allow(who.caller());
        }
        if (readToken == null) {
            return loopback ? Decision.allow(new Access.Caller(null))
                    : Decision.refuse(403, "without " + TOKEN + " configured this service answers only clients on its"
                    + " loopback interface; set " + TOKEN + " (or use an operator token) to read from elsewhere", TOKEN);
        }
        return Decision.refuse(401, "this API needs a bearer token (" + TOKEN + " or an operator token)", TOKEN);
    }

    private static boolean operatorRead(String path) {
        for (String prefix : OPERATOR_READS) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code /health} may show its details: to token holders, or on loopback (without a wrong token). */
    public boolean healthDetailsVisible(boolean loopback, String presented) {
        return healthDetailsVisible(loopback, presented, "localhost");
    }

    /** As above; a tokenless loopback request must also name this service in {@code Host} ({@link HostRule}). */
    public boolean healthDetailsVisible(boolean loopback, String presented, String host) {
        Kind kind = identify(presented).kind();
        return kind == Kind.READER || kind == Kind.PEER || kind == Kind.OPERATOR
                || (loopback && kind == Kind.NONE && hosts.localHost(host));
    }

    /** Allowed (with the caller) or refused (with status, reason and the setting concerned). */
    public record Decision(boolean allowed, Access.Caller caller, int status, String reason, String setting) {
        static Decision allow(Access.Caller caller) {
            return new Decision(true, caller, 200, null, null);
        }

        static Decision refuse(int status, String reason, String setting) {
            return new Decision(false, null, status, reason, setting);
        }
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A setting of {@code releasewatch.api.*} that cannot be used; the message names it. */
    public static final class InvalidAccessConfig extends io.micronaut.context.exceptions.ConfigurationException {
        public InvalidAccessConfig(String message) {
            super(message);
        }
    }
}
