package org.releasewatch.api;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.releasewatch.broker.WriteUnavailable;
import org.releasewatch.testing.Fast;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers {@link ApiErrors} gives where a running service cannot be made to fail on cue. */
@Fast
class ApiErrorsTest {

    private final ApiErrors errors = new ApiErrors(new StreamLimits(100, 10_000, Duration.ofSeconds(5)));

    @Test
    void aWriteThatCanBeRetriedLaterIsA503ProblemWithRetryAfter() {
        HttpResponse<String> answer = errors.writeUnavailable(new WriteUnavailable("the broker did not take it; nothing was recorded",
                null, Duration.ofSeconds(30)));
        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.getContentType()).hasValue(Problem.MEDIA_TYPE);
        assertThat(answer.header(HttpHeaders.RETRY_AFTER)).isEqualTo("30");
        assertThat(answer.body()).contains("\"detail\":\"the broker did not take it; nothing was recorded\"");
    }

    @Test
    void aWriteWithoutAKnownWaitIsA503ProblemWithoutRetryAfter() {
        HttpResponse<String> answer = errors.writeUnavailable(new WriteUnavailable("cannot write"));
        assertThat(answer.code()).isEqualTo(503);
        assertThat(answer.header(HttpHeaders.RETRY_AFTER)).isNull();
    }

    @Test
    void aTooManyStreamsAnswerCarriesTheConfiguredRetryAfter() {
        HttpResponse<String> answer = errors.tooManyStreams(new StreamSlots.Exhausted("all 100 streams are open"));
        assertThat(answer.code()).isEqualTo(429);
        assertThat(answer.header(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }
}
