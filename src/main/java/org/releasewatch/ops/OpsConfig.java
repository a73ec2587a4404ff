package org.releasewatch.ops;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Bounds of what operators write ({@code releasewatch.ops.*}): everything an operator sends is kept by every
 * instance, in memory, so each size and count has a limit.
 *
 * @param noteMax            characters of an acknowledgement's note
 * @param commentMax         characters of a silence's comment
 * @param matcherValuesMax   values in one matcher list of a silence (rules, countries, person ids, target ids)
 * @param activeSilencesMax  silences active or pending at once; a new one beyond that is refused
 * @param acksMax            acknowledgements kept in memory; beyond that the oldest are forgotten
 */
@ConfigurationProperties("releasewatch.ops")
public record OpsConfig(
        @Bindable(defaultValue = "500") int noteMax,
        @Bindable(defaultValue = "1000") int commentMax,
        @Bindable(defaultValue = "100") int matcherValuesMax,
        @Bindable(defaultValue = "1000") int activeSilencesMax,
        @Bindable(defaultValue = "100000") int acksMax) {

    public static OpsConfig defaults() {
        return new OpsConfig(500, 1000, 100, 1000, 100_000);
    }
}
