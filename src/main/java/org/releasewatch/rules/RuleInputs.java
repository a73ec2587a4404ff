package org.releasewatch.rules;

import org.apache.kafka.streams.kstream.KStream;
import org.releasewatch.model.IngestedEvent;
import org.releasewatch.model.ReleaseEvent;
import org.releasewatch.model.SanctionEvent;

/**
 * The streams a rule may read, all in the one task of a country (and its persons): the reports by country
 * ({@code events}), their releases and sanctions alone, and the releases and watchlist changes by person.
 */
record RuleInputs(KStream<String, IngestedEvent> events, KStream<String, ReleaseEvent> releases,
                  KStream<String, SanctionEvent> sanctions, KStream<String, PersonEvent> persons) {
}
