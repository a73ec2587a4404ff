package org.releasewatch.sources;

import org.releasewatch.json.Json;
import org.releasewatch.model.SanctionEvent;
import org.releasewatch.sources.format.ListFormat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A sanctions list as a {@link ListSource}: its entries' changes ({@link ListDiff}) are SanctionEvents ({@link ChangeEvents}). */
final class SanctionsListSource implements ListSource<ListEntry> {

    private final SanctionsListConfig list;
    private final ListFormat format;
    private final ChangeEvents changeEvents;
    private final String sanctionsTopic;

    SanctionsListSource(SanctionsListConfig list, ListFormat format, ChangeEvents changeEvents, String sanctionsTopic) {
        this.list = list;
        this.format = format;
        this.changeEvents = changeEvents;
        this.sanctionsTopic = sanctionsTopic;
    }

    @Override
    public String id() {
        return list.listId();
    }

    @Override
    public String kind() {
        return "sanctions-list";
    }

    @Override
    public String format() {
        return format.name();
    }

    @Override
    public String url() {
        return list.url();
    }

    @Override
    public Duration interval() {
        return list.interval();
    }

    @Override
    public boolean allowHttp() {
        return list.allowHttp();
    }

    @Override
    public Class<ListEntry> entryType() {
        return ListEntry.class;
    }

    @Override
    public Read<ListEntry> read(InputStream in, int maxEntries) throws IOException, ListFormat.MalformedListException {
        ParsedList parsed = ParsedList.read(format, in, maxEntries);
        return new Read<>(parsed.entries(), parsed.publication().publishedAt());
    }

    @Override
    public Version<ListEntry> next(Map<String, ListEntry> before, Read<ListEntry> read, Context context) {
        List<ListDiff.Change> changes = ListDiff.between(before, read.entries(), changeEvents.concerns(format));
        ChangeEvents.ListContext list = new ChangeEvents.ListContext(id(), format, this.list.eventUrl(),
                context.occurredAt(), context.publication(), context.version());
        List<Out> events = new ArrayList<>();
        List<ListStatus.Unresolved> unresolved = new ArrayList<>();
        for (ListDiff.Change change : changes) {
            ChangeEvents.Result result = changeEvents.events(change, list);
            for (SanctionEvent e : result.events()) {
                events.add(new Out(sanctionsTopic, e.target().id(), e.eventId(), e.action().name(), Json.bytes(e)));
            }
            if (result.unresolved()) {
                unresolved.add(new ListStatus.Unresolved(context.fetchedAt(), change.action().name(), change.entry().id(),
                        change.entry().name(), change.entry().programmes()));
            }
        }
        return new Version<>(read.entries(), events, unresolved, !changes.isEmpty());
    }

    @Override
    public String noEventBecause(ListStatus.Unresolved u) {
        return "programmes " + u.programmes() + " not in " + ProgrammeCountries.RESOURCE + ", no address or nationality";
    }
}
