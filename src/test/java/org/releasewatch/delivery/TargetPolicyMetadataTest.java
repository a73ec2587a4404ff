package org.releasewatch.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasewatch.testing.Fast;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cloud metadata addresses are refused even with {@code allow-link-local} (only {@code allow-private-networks}
 * opens them), and every IPv6 form that carries an IPv4 address is judged by that address.
 */
@Fast
class TargetPolicyMetadataTest {

    private static final TargetPolicy LINK_LOCAL_ALLOWED = new TargetPolicy(false, false, true);

    @ParameterizedTest(name = "{0} ({1}) is refused with allow-link-local")
    @CsvSource(delimiter = '|', value = {
            "169.254.169.254      | AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack instance metadata",
            "169.254.170.2        | AWS ECS task metadata and credentials",
            "169.254.170.23       | AWS EKS Pod Identity agent",
            "fd00:ec2::254        | AWS instance metadata over IPv6",
            "fd00:ec2::23         | AWS EKS Pod Identity agent over IPv6",
            "fd20:ce::254         | Google Cloud metadata over IPv6",
            "100.100.100.200      | Alibaba Cloud metadata",
            "168.63.129.16        | Azure WireServer",
            "192.0.0.192          | Oracle Cloud legacy metadata",
            "::ffff:169.254.169.254 | IPv4-mapped",
            "::ffff:0:169.254.169.254 | IPv4-translated (SIIT)",
            "::169.254.169.254    | IPv4-compatible",
            "64:ff9b::169.254.169.254 | NAT64 well-known prefix",
            "2002:a9fe:a9fe::1    | 6to4 of 169.254.169.254",
            "2001:0:4136:e378:8000:63bf:5601:5601 | Teredo, client 169.254.169.254 inverted",
    })
    void aMetadataAddressIsRefusedEvenWithAllowLinkLocal(String address, String what) throws Exception {
        InetAddress a = InetAddress.getByName(address.trim());
        assertThat(TargetPolicy.classify(a)).as(what).isEqualTo(TargetPolicy.Range.METADATA);
        assertThat(LINK_LOCAL_ALLOWED.refuseAddress(a)).as(what).hasValueSatisfying(reason ->
                assertThat(reason).contains("metadata", "allow-private-networks"));
        assertThat(LINK_LOCAL_ALLOWED.refuseHost(address.trim())).as(what + " as a URL host").isPresent();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "::ffff:0:127.0.0.1     | LOOPBACK",
            "::ffff:0:10.1.2.3      | PRIVATE",
            "::ffff:0:100.64.0.1    | CGNAT",
            "::ffff:0:169.254.1.1   | LINK_LOCAL",
            "::ffff:0:0.0.0.0       | UNSPECIFIED",
            "::ffff:0:224.0.0.1     | MULTICAST",
            "::ffff:0:8.8.8.8       | PUBLIC",
            "::ffff:10.0.0.1        | PRIVATE",
            "::ffff:127.0.0.1       | LOOPBACK",
            "64:ff9b::10.0.0.1      | PRIVATE",
            "64:ff9b::8.8.8.8       | PUBLIC",
            "2002:0a00:0001::1      | PRIVATE",
            "2002:7f00:0001::1      | LOOPBACK",
            "169.254.1.1            | LINK_LOCAL",
            "fe80::1                | LINK_LOCAL",
    })
    void anIpv6FormCarryingAnIpv4AddressIsJudgedByIt(String address, TargetPolicy.Range range) throws Exception {
        assertThat(TargetPolicy.classify(InetAddress.getByName(address.trim()))).isEqualTo(range);
    }
}
