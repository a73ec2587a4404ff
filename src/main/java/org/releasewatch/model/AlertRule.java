package org.releasewatch.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The contract's alert rules. Code that lists them uses {@link #values()} or an exhaustive {@code switch}
 * expression, so a new rule without its case does not compile (docs/adding-a-rule.md).
 */
public enum AlertRule {
    WATCHLIST_RELEASE, MASS_RELEASE, SANCTIONS_CHANGE, LINKED_RELIEF;

    /**
     * The rules in words for an annotation, which takes only a constant (an API parameter's description);
     * {@code AlertRuleTest} checks it names {@link #values()}.
     */
    public static final String NAMED = "WATCHLIST_RELEASE, MASS_RELEASE, SANCTIONS_CHANGE or LINKED_RELIEF";

    /** {@code WATCHLIST_RELEASE, MASS_RELEASE, …}: what an error names as the valid rules. */
    public static String listed() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** When an alert of the rule is raised, in a sentence or two for the alert page. */
    public String description() {
        return switch (this) {
            case WATCHLIST_RELEASE -> "A person on the watchlist was reported released. Critical for high-priority persons, warning otherwise.";
            case MASS_RELEASE -> "The number of distinct persons released from one country within the rule's window reached a threshold"
                    + " (releasewatch.rules.mass-thresholds within mass-window). Critical at the highest threshold.";
            case SANCTIONS_CHANGE -> "A sanctions list changed for a target connected with the country: imposed, lifted, eased or extended.";
            case LINKED_RELIEF -> "A sanctions relief (lifted or eased) and releases from the same country fell within the link window"
                    + " (releasewatch.rules.link-window): possibly an exchange. Confidence says how closely they match.";
        };
    }
}
