package org.releasewatch.sources;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.releasewatch.sources.format.EuFsfXml;
import org.releasewatch.sources.format.ListFormat;
import org.releasewatch.sources.format.OfacSdnXml;
import org.releasewatch.sources.format.UkSanctionsListXml;
import org.releasewatch.sources.format.UnScXml;
import org.releasewatch.testing.Fast;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A download that is cut off, is not XML, or is another list's file is never read as a (shorter) list. */
@Fast
class MalformedListTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(Arguments.of(new OfacSdnXml(), "sdn.xml"), Arguments.of(new EuFsfXml(), "eu-fsf.xml"),
                Arguments.of(new UnScXml(), "un-sc.xml"), Arguments.of(new UkSanctionsListXml(), "uk-sanctions-list.xml"));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void aTruncatedDownloadIsMalformed(ListFormat format, String fixture) {
        byte[] whole = Fixtures.bytes(fixture);
        byte[] half = Arrays.copyOf(whole, whole.length * 2 / 3);
        assertThatThrownBy(() -> Fixtures.parse(format, half))
                .isInstanceOf(ListFormat.MalformedListException.class)
                .hasMessageStartingWith("not a complete XML document at line");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void anHtmlErrorPageIsMalformed(ListFormat format, String fixture) {
        byte[] page = "<html><body><h1>Service Unavailable</h1></body></html>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Fixtures.parse(format, page))
                .isInstanceOf(ListFormat.MalformedListException.class)
                .hasMessage("the root element is <html>, not <" + root(format) + ">: this is not a " + format.name() + " document");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void anotherListsFileIsRefused(ListFormat format, String fixture) {
        String other = fixture.equals("sdn.xml") ? "eu-fsf.xml" : "sdn.xml";
        assertThatThrownBy(() -> Fixtures.parse(format, other))
                .isInstanceOf(ListFormat.MalformedListException.class)
                .hasMessageContaining("this is not a " + format.name() + " document");
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void anEmptyListIsMalformed(ListFormat format, String fixture) {
        String empty = "<?xml version=\"1.0\"?><" + root(format) + "></" + root(format) + ">";
        assertThatThrownBy(() -> Fixtures.parse(format, empty.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ListFormat.MalformedListException.class)
                .hasMessageContaining("element found: this is not a " + format.name() + " document");
    }

    private static String root(ListFormat format) {
        return switch (format.name()) {
            case "ofac-sdn-xml" -> "sdnList";
            case "eu-fsf-xml" -> "export";
            case "un-sc-xml" -> "CONSOLIDATED_LIST";
            default -> "Designations";
        };
    }
}
