package org.releasewatch.rules;

import org.releasewatch.config.HistoryConfig;
import org.releasewatch.config.RulesConfig;

/** What every rule unit is made from: the settings, the metrics and the state stores of one topology build. */
record RuleSetup(RulesConfig rules, HistoryConfig history, RuleMetrics metrics, RuleStores stores) {
}
