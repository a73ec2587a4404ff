package org.releasewatch.api.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.releasewatch.testing.Fast;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The access decision for each mode, each method class and each kind of client, without a server. */
@Fast
class AccessPolicyTest {

    private static final List<OperatorEntry> OPERATORS = List.of(
            new OperatorEntry(0, "alice", "alice-token"), new OperatorEntry(1, "bob", "bob-token"));

    private static String outcome(AccessPolicy.Decision d) {
        return d.allowed() ? "allow:" + (d.caller().isOperator() ? d.caller().operator() : "reader") : String.valueOf(d.status());
    }

    @ParameterizedTest(name = "no read token: {0} from {1} with {2} -> {3}")
    @CsvSource({
            "GET,    loopback, none,        allow:reader",
            "HEAD,   loopback, none,        allow:reader",
            "GET,    remote,   none,        403",
            "GET,    remote,   alice-token, allow:alice",
            "GET,    loopback, wrong,       401",
            "POST,   loopback, none,        401",
            "DELETE, loopback, none,        401",
            "POST,   remote,   none,        401",
            "POST,   loopback, bob-token,   allow:bob",
            "PATCH,  remote,   alice-token, allow:alice",
            "POST,   loopback, wrong,       401"})
    void withoutAReadTokenOnlyLoopbackReadsAndOnlyOperatorsWrite(String method, String from, String token, String expected) {
        AccessPolicy policy = new AccessPolicy(null, OPERATORS);
        assertThat(outcome(policy.decide(method, from.equals("loopback"), token.equals("none") ? null : token)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "read token: {0} from {1} with {2} -> {3}")
    @CsvSource({
            "GET,    loopback, none,        401",
            "GET,    remote,   none,        401",
            "GET,    remote,   read-token,  allow:reader",
            "GET,    remote,   bob-token,   allow:bob",
            "GET,    remote,   read-tokenX, 401",
            "GET,    remote,   read-toke,   401",
            "POST,   remote,   read-token,  403",
            "POST,   loopback, read-token,  403",
            "POST,   remote,   alice-token, allow:alice",
            "OPTIONS, remote,  read-token,  allow:reader"})
    void withAReadTokenEveryReadNeedsATokenAndWritesAnOperatorToken(String method, String from, String token, String expected) {
        AccessPolicy policy = new AccessPolicy("read-token", OPERATORS);
        assertThat(outcome(policy.decide(method, from.equals("loopback"), token.equals("none") ? null : token)))
                .isEqualTo(expected);
    }

    @Test
    void aRemoteReadWithoutTokenNamesTheSettingToSet() {
        AccessPolicy.Decision d = new AccessPolicy(null, List.of()).decide("GET", false, null);
        assertThat(d.status()).isEqualTo(403);
        assertThat(d.reason()).contains("releasewatch.api.token").contains("loopback");
    }

    @Test
    void anEmptyPresentedTokenNeverMatches() {
        AccessPolicy policy = new AccessPolicy("read-token", OPERATORS);
        assertThat(policy.decide("GET", true, "").allowed()).isFalse();
        assertThat(policy.decide("GET", false, "").status()).isEqualTo(401);
    }

    @ParameterizedTest(name = "health details: {0} from {1} with {2} -> {3}")
    @CsvSource({
            "none-configured, loopback, none,       true",
            "none-configured, remote,   none,       false",
            "read-token,      remote,   none,       false",
            "read-token,      remote,   read-token, true",
            "read-token,      remote,   bob-token,  true",
            "read-token,      loopback, none,       true",
            "read-token,      loopback, wrong,      false"})
    void healthDetailsAreForTokenHoldersAndLoopback(String configured, String from, String token, boolean visible) {
        AccessPolicy policy = new AccessPolicy(configured.equals("read-token") ? "read-token" : null, OPERATORS);
        assertThat(policy.healthDetailsVisible(from.equals("loopback"), token.equals("none") ? null : token)).isEqualTo(visible);
    }

    @Test
    void blankOrDuplicateTokensAndNamelessOperatorsAreConfigurationErrorsNamingTheSetting() {
        assertThatThrownBy(() -> new AccessPolicy("  ", List.of()))
                .isInstanceOf(AccessPolicy.InvalidAccessConfig.class).hasMessageStartingWith("releasewatch.api.token: is blank");
        assertThatThrownBy(() -> new AccessPolicy("", List.of()))
                .hasMessageStartingWith("releasewatch.api.token: is blank");
        assertThatThrownBy(() -> new AccessPolicy(null, List.of(new OperatorEntry(0, "alice", " "))))
                .hasMessageStartingWith("releasewatch.api.operators[0].token: is required");
        assertThatThrownBy(() -> new AccessPolicy(null, List.of(new OperatorEntry(0, "alice", "t"), new OperatorEntry(1, "", "u"))))
                .hasMessageStartingWith("releasewatch.api.operators[1].name: is required");
        assertThatThrownBy(() -> new AccessPolicy(null, List.of(new OperatorEntry(0, "alice", "t"), new OperatorEntry(1, "bob", "t"))))
                .hasMessageStartingWith("releasewatch.api.operators[1].token: is already used");
        assertThatThrownBy(() -> new AccessPolicy("t", List.of(new OperatorEntry(0, "alice", "t"))))
                .hasMessageStartingWith("releasewatch.api.operators[0].token: is already used");
        assertThat(new OperatorEntry(0, "alice", "secret").toString()).doesNotContain("secret");
    }
}
