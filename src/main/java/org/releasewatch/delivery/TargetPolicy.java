package org.releasewatch.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where webhooks may go (contract v1.1, "Webhook targets"): a pure decision on a URL and on each address its
 * host resolves to. Refused unless {@code releasewatch.webhooks.allow-private-networks: true}: loopback,
 * private (RFC 1918), CGNAT (100.64/10), unique-local IPv6 (fc00::/7), reserved and documentation ranges,
 * and cloud metadata addresses and names (also those inside link-local: {@code allow-link-local} never opens
 * them); link-local (169.254/16, fe80::/10) unless that or {@code allow-link-local: true}. Never allowed: unspecified (0.0.0.0, ::), multicast and broadcast.
 * IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, IPv4-translated ::ffff:0:a.b.c.d,
 * IPv4-compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16, Teredo 2001::/32) are judged by the IPv4 address they carry.
 * {@code http://} is refused unless {@code allow-http: true}.
 *
 * <p>{@link TargetHttp} applies it to the addresses it actually connects to; configuration and the
 * subscriptions API apply {@link #refuseUrl} to say no before anything is sent.
 */
public record TargetPolicy(boolean allowPrivateNetworks, boolean allowHttp, boolean allowLinkLocal) {

    static final String PREFIX = WebhookSettings.PREFIX;

    /** Host names of cloud metadata services (they resolve to link-local or private addresses, or only inside the cloud). */
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.goog", "metadata",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal");

    /** What kind of address, and which setting allows it (null: none does). */
    enum Range {
        PUBLIC(null),
        LOOPBACK("allow-private-networks"),
        PRIVATE("allow-private-networks"),
        CGNAT("allow-private-networks"),
        UNIQUE_LOCAL("allow-private-networks"),
        RESERVED("allow-private-networks"),
        METADATA("allow-private-networks"),
        LINK_LOCAL("allow-link-local"),
        UNSPECIFIED(null),
        MULTICAST(null),
        BROADCAST(null);

        final String setting;

        Range(String setting) {
            this.setting = setting;
        }
    }

    /** Everything allowed: for tests whose receivers listen on loopback over plain HTTP. */
    public static TargetPolicy permissive() {
        return new TargetPolicy(true, true, true);
    }

    /** Why {@code url} may not be used, judged without resolving its host (scheme, IP literals, known names). */
    public Optional<String> refuseUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an http or https URL");
        }
        if (scheme.equals("http") && !allowHttp) {
            return Optional.of("is http://, which sends alerts and signatures in clear text; use https:// or set "
                    + PREFIX + ".allow-http: true");
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("has no host");
        }
        return refuseHost(host);
    }

    /** Why {@code host} (a name or an IP literal, IPv6 with or without brackets) may not be used, before resolving it. */
    public Optional<String> refuseHost(String host) {
        String h = unbracket(host).toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        Optional<InetAddress> literal = literal(h);
        if (literal.isPresent()) {
            return refuseAddress(literal.get()).map(reason -> host + " is " + reason);
        }
        if (h.contains(":") || h.contains("%")) {
            return Optional.of(host + " is not a valid host name or IP address");
        }
        if ((h.equals("localhost") || h.endsWith(".localhost")) && !allows(Range.LOOPBACK)) {
            return Optional.of(host + " names " + describe(Range.LOOPBACK) + hint(Range.LOOPBACK));
        }
        if (METADATA_NAMES.contains(h) && !allows(Range.METADATA)) {
            return Optional.of(host + " names " + describe(Range.METADATA) + hint(Range.METADATA));
        }
        return Optional.empty();
    }

    /** Why a connection to {@code address} is refused (e.g. "a private network address (RFC 1918); set …"). */
    public Optional<String> refuseAddress(InetAddress address) {
        Range range = classify(address);
        return allows(range) ? Optional.empty() : Optional.of(describe(range) + hint(range));
    }

    private boolean allows(Range range) {
        return switch (range) {
            case PUBLIC -> true;
            case UNSPECIFIED, MULTICAST, BROADCAST -> false;
            case LINK_LOCAL -> allowLinkLocal || allowPrivateNetworks;
            case METADATA -> allowPrivateNetworks;
            default -> allowPrivateNetworks;
        };
    }

    private static String hint(Range range) {
        return range.setting == null ? " and never allowed" : "; set " + PREFIX + "." + range.setting + ": true to allow it";
    }

    private static String describe(Range range) {
        return switch (range) {
            case PUBLIC -> "a public address";
            case LOOPBACK -> "a loopback address";
            case PRIVATE -> "a private network address (RFC 1918)";
            case CGNAT -> "a carrier-grade NAT address (100.64.0.0/10)";
            case UNIQUE_LOCAL -> "a unique-local IPv6 address (fc00::/7)";
            case RESERVED -> "a reserved or non-routable address";
            case METADATA -> "a cloud metadata service";
            case LINK_LOCAL -> "a link-local address";
            case UNSPECIFIED -> "the unspecified address";
            case MULTICAST -> "a multicast address";
            case BROADCAST -> "the broadcast address";
        };
    }

    /** The range {@code address} belongs to; IPv6 forms that embed an IPv4 address by that address. */
    static Range classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return classify4(b);
        }
        return classify6(b);
    }

    private static Range classify4(byte[] b) {
        int a0 = b[0] & 0xff, a1 = b[1] & 0xff, a2 = b[2] & 0xff, a3 = b[3] & 0xff;
        if ((a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254)  // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack
                || (a0 == 169 && a1 == 254 && a2 == 170 && (a3 == 2 || a3 == 23)) // AWS ECS task metadata, EKS Pod Identity
                || (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)   // Alibaba Cloud metadata
                || (a0 == 168 && a1 == 63 && a2 == 129 && a3 == 16)     // Azure WireServer (a public range)
                || (a0 == 192 && a1 == 0 && a2 == 0 && a3 == 192)) {    // Oracle Cloud legacy metadata
            return Range.METADATA; // before link-local: allow-link-local must not open these
        }
        if (a0 == 0) {
            return a1 == 0 && a2 == 0 && a3 == 0 ? Range.UNSPECIFIED : Range.RESERVED; // 0.0.0.0/8 "this network"
        }
        if (a0 == 127) {
            return Range.LOOPBACK;
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Range.PRIVATE;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Range.CGNAT;
        }
        if (a0 == 169 && a1 == 254) {
            return Range.LINK_LOCAL;
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return Range.BROADCAST;
        }
        if (a0 >= 224 && a0 <= 239) {
            return Range.MULTICAST;
        }
        if (a0 >= 240                                   // 240/4 reserved
                || (a0 == 192 && a1 == 0 && a2 == 0)        // 192.0.0.0/24 IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2)        // TEST-NET-1
                || (a0 == 198 && (a1 & 0xfe) == 18)         // 198.18/15 benchmarking
                || (a0 == 198 && a1 == 51 && a2 == 100)     // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113)      // TEST-NET-3
                || (a0 == 192 && a1 == 88 && a2 == 99)) {   // 6to4 relay anycast
            return Range.RESERVED;
        }
        return Range.PUBLIC;
    }

    private static Range classify6(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        if (firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return classify4(slice(b, 12)); // ::ffff:a.b.c.d
        }
        boolean firstEightZero = true;
        for (int i = 0; i < 8; i++) {
            firstEightZero &= b[i] == 0;
        }
        if (firstEightZero && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0) {
            return classify4(slice(b, 12)); // IPv4-translated ::ffff:0:a.b.c.d (SIIT, RFC 2765)
        }
        if (firstTenZero && b[10] == 0 && b[11] == 0) {
            boolean allZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (allZero && b[15] == 0) {
                return Range.UNSPECIFIED;
            }
            if (allZero && b[15] == 1) {
                return Range.LOOPBACK;
            }
            return classify4(slice(b, 12)); // IPv4-compatible ::a.b.c.d (deprecated, still routed by some stacks)
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[0 + 1] & 0xff);
        int w1 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (w0 == 0x0064 && w1 == 0xff9b) {
            boolean wellKnown = true;
            for (int i = 4; i < 12; i++) {
                wellKnown &= b[i] == 0;
            }
            // 64:ff9b::/96 carries the IPv4 address; 64:ff9b:1::/48 is a local-use NAT64 prefix
            return wellKnown ? classify4(slice(b, 12)) : Range.RESERVED;
        }
        if (w0 == 0x2002) {
            return worse(classify4(slice(b, 2)), Range.PUBLIC); // 6to4: the IPv4 address after the prefix
        }
        if (w0 == 0x2001 && w1 == 0x0000) {
            byte[] client = slice(b, 12);
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i]; // Teredo: the client's IPv4 address, inverted
            }
            Range server = classify4(slice(b, 4));
            return worse(classify4(client), server);
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return Range.RESERVED; // documentation
        }
        if (w0 == 0x0100 && w1 == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return Range.RESERVED; // 100::/64 discard-only
        }
        if ((b[0] & 0xff) == 0xff) {
            return Range.MULTICAST;
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Range.LINK_LOCAL; // fe80::/10
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Range.PRIVATE; // fec0::/10 site-local (deprecated)
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return metadata6(w0, w1, b) ? Range.METADATA : Range.UNIQUE_LOCAL;
        }
        return Range.PUBLIC;
    }

    /**
     * The IPv6 metadata services, all in fc00::/7: AWS fd00:ec2::254 (instance metadata) and fd00:ec2::23 (EKS Pod
     * Identity), Google Cloud fd20:ce::254.
     */
    private static boolean metadata6(int w0, int w1, byte[] b) {
        boolean middleZero = true;
        for (int i = 4; i < 14; i++) {
            middleZero &= b[i] == 0;
        }
        int last = ((b[14] & 0xff) << 8) | (b[15] & 0xff);
        return middleZero && ((w0 == 0xfd00 && w1 == 0x0ec2 && (last == 0x254 || last == 0x23))
                || (w0 == 0xfd20 && w1 == 0x00ce && last == 0x254));
    }

    /** The less allowed of two ranges (a tunnelled address is as bad as its worst end). */
    private static Range worse(Range a, Range b) {
        return a == Range.PUBLIC ? b : a;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * {@code host} as an address if it is an IP literal (never asks DNS), including the shortened numeric forms
     * Java's resolver also reads as addresses ({@code 127.1}, {@code 2130706433}).
     */
    static Optional<InetAddress> literal(String host) {
        String h = unbracket(host);
        try {
            if (h.matches("[0-9]{1,10}(\\.[0-9]{1,10}){0,3}")) {
                String[] parts = h.split("\\.");
                long[] v = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    v[i] = Long.parseLong(parts[i]);
                }
                long last = v[v.length - 1];
                long lastMax = (1L << (8 * (5 - parts.length))) - 1;
                if (last > lastMax) {
                    return Optional.empty();
                }
                long value = 0;
                for (int i = 0; i < parts.length - 1; i++) {
                    if (v[i] > 255) {
                        return Optional.empty();
                    }
                    value |= v[i] << (8 * (3 - i));
                }
                value |= last;
                return Optional.of(InetAddress.getByAddress(new byte[]{(byte) (value >>> 24), (byte) (value >>> 16),
                        (byte) (value >>> 8), (byte) value}));
            }
            if (h.contains(":")) {
                String address = h.contains("%") ? h.substring(0, h.indexOf('%')) : h; // the zone does not change the range
                if (address.matches("[0-9A-Fa-f:.]+")) {
                    return Optional.of(InetAddress.getByName(address)); // an IPv6 literal: parsed, not looked up
                }
            }
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether {@code host} is an IP literal (then it is not a name for TLS SNI). */
    static boolean isLiteral(String host) {
        return literal(host).isPresent();
    }
}
