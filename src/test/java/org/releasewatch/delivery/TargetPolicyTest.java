package org.releasewatch.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasewatch.testing.Fast;

import java.net.InetAddress;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook target policy, range by range, IPv6 forms included, with each setting that opens a range. */
@Fast
class TargetPolicyTest {

    private static final TargetPolicy STRICT = new TargetPolicy(false, false, false);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1,        LOOPBACK",
            "127.255.0.9,      LOOPBACK",
            "10.0.0.1,         PRIVATE",
            "172.16.0.1,       PRIVATE",
            "172.31.255.255,   PRIVATE",
            "192.168.1.1,      PRIVATE",
            "100.64.0.1,       CGNAT",
            "100.127.255.254,  CGNAT",
            "169.254.1.1,      LINK_LOCAL",
            "169.254.169.254,  METADATA",
            "100.100.100.200,  METADATA",
            "168.63.129.16,    METADATA",
            "0.0.0.0,          UNSPECIFIED",
            "0.1.2.3,          RESERVED",
            "255.255.255.255,  BROADCAST",
            "224.0.0.1,        MULTICAST",
            "239.255.255.250,  MULTICAST",
            "240.0.0.1,        RESERVED",
            "192.0.2.10,       RESERVED",
            "198.18.0.1,       RESERVED",
            "8.8.8.8,          PUBLIC",
            "172.32.0.1,       PUBLIC",
            "100.128.0.1,      PUBLIC",
            "::1,              LOOPBACK",
            "::,               UNSPECIFIED",
            "fe80::1,          LINK_LOCAL",
            "febf::1,          LINK_LOCAL",
            "fec0::1,          PRIVATE",
            "fc00::1,          UNIQUE_LOCAL",
            "fd12:3456::1,     UNIQUE_LOCAL",
            "fd00:ec2::254,    METADATA",
            "ff02::1,          MULTICAST",
            "::ffff:127.0.0.1, LOOPBACK",
            "::ffff:10.0.0.1,  PRIVATE",
            "::ffff:169.254.169.254, METADATA",
            "::ffff:8.8.8.8,   PUBLIC",
            "::10.0.0.1,       PRIVATE",
            "64:ff9b::10.0.0.1, PRIVATE",
            "64:ff9b::a9fe:a9fe, METADATA",
            "64:ff9b::7f00:1,  LOOPBACK",
            "64:ff9b::8.8.8.8, PUBLIC",
            "64:ff9b:1::1,     RESERVED",
            "2002:0a00:0001::1, PRIVATE",
            "2002:7f00:0001::1, LOOPBACK",
            "2002:0808:0808::1, PUBLIC",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe, PRIVATE",
            "2001:db8::1,      RESERVED",
            "100::1,           RESERVED",
            "2606:4700::1111,  PUBLIC"})
    void eachRangeIsRecognised(String address, TargetPolicy.Range range) throws Exception {
        assertThat(TargetPolicy.classify(InetAddress.getByName(address))).isEqualTo(range);
    }

    @Test
    void theIpv4MappedFormIsJudgedByItsIpv4AddressEvenGivenAsSixteenBytes() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        assertThat(STRICT.refuseAddress(InetAddress.getByAddress(mapped))).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://hooks.example.org/x,          ",
            "https://8.8.8.8/x,                    ",
            "http://hooks.example.org/x,           allow-http",
            "https://127.0.0.1/x,                  allow-private-networks",
            "https://2130706433/x,                 allow-private-networks",
            "https://127.1/x,                      has no host",
            "https://[::1]/x,                      allow-private-networks",
            "https://[::ffff:7f00:1]/x,            allow-private-networks",
            "https://10.0.0.8/x,                   allow-private-networks",
            "https://[fd00:ec2::254]/x,            allow-private-networks",
            "https://localhost/x,                  allow-private-networks",
            "https://api.localhost/x,              allow-private-networks",
            "https://metadata.google.internal/x,   allow-private-networks",
            "https://METADATA.GOOGLE.INTERNAL./x,  allow-private-networks",
            "https://169.254.169.254/x,            allow-private-networks",
            "https://169.254.1.1/x,                allow-link-local",
            "https://[fe80::1%25eth0]/x,           allow-link-local",
            "https://0.0.0.0/x,                    never allowed",
            "https://[::]/x,                       never allowed",
            "https://224.0.0.1/x,                  never allowed"})
    void aUrlIsRefusedNamingTheSettingThatWouldAllowIt(String url, String setting) {
        var refused = STRICT.refuseUrl(URI.create(url));
        if (setting == null) {
            assertThat(refused).isEmpty();
        } else {
            assertThat(refused).hasValueSatisfying(reason -> assertThat(reason).contains(setting));
        }
    }

    @Test
    void eachSettingOpensOnlyItsRanges() throws Exception {
        TargetPolicy linkLocal = new TargetPolicy(false, false, true);
        assertThat(linkLocal.refuseAddress(InetAddress.getByName("169.254.1.1"))).isEmpty();
        assertThat(linkLocal.refuseAddress(InetAddress.getByName("169.254.169.254"))).as("metadata").isPresent();
        assertThat(linkLocal.refuseAddress(InetAddress.getByName("fe80::1"))).isEmpty();
        assertThat(linkLocal.refuseAddress(InetAddress.getByName("10.0.0.1"))).isPresent();
        TargetPolicy privateNetworks = new TargetPolicy(true, false, false);
        for (String a : new String[]{"127.0.0.1", "10.0.0.1", "100.64.0.1", "fd00::1", "169.254.169.254", "::ffff:192.168.0.1"}) {
            assertThat(privateNetworks.refuseAddress(InetAddress.getByName(a))).as(a).isEmpty();
        }
        for (String a : new String[]{"0.0.0.0", "::", "255.255.255.255", "224.0.0.1", "ff02::1"}) {
            assertThat(TargetPolicy.permissive().refuseAddress(InetAddress.getByName(a))).as(a).isPresent();
        }
        assertThat(privateNetworks.refuseUrl(URI.create("http://10.0.0.1/x"))).isPresent();
        assertThat(new TargetPolicy(true, true, false).refuseUrl(URI.create("http://10.0.0.1/x"))).isEmpty();
    }
}
