package org.releasewatch.rules;

import org.releasewatch.model.Source;

/** What LINKED_RELIEF keeps of a release: enough to count persons, match agreements and cite it. */
public record ReleaseMark(String eventId, String personId, String agreement, Source source) {
}
