package org.releasewatch.cap;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.releasewatch.i18n.Language;
import org.releasewatch.i18n.LocaleConfig;
import org.releasewatch.delivery.channels.AlertLinks;

import java.net.URI;
import java.util.Set;

/**
 * The CAP 1.2 settings (contract v1.2): {@code releasewatch.cap.sender} (default {@code releasewatch@} and the
 * host of {@code releasewatch.public-url}) and {@code releasewatch.cap.scope} ({@code Public}, {@code Restricted}
 * or {@code Private}; default {@code Public}). CAP forbids spaces, commas and {@code < &} in a sender, so such a
 * setting is a start-up error naming it. The {@code info} is written in {@code releasewatch.locale} ({@link #language()}).
 */
@Singleton
public final class CapSettings {

    static final Set<String> SCOPES = Set.of("Public", "Restricted", "Private");

    private final String sender;
    private final String scope;
    private final AlertLinks links;
    private final Language language;

    @Inject
    public CapSettings(@Property(name = "releasewatch.cap.sender") @Nullable String sender,
                       @Property(name = "releasewatch.cap.scope") @Nullable String scope, AlertLinks links,
                       LocaleConfig locale) {
        this(sender, scope, links, locale.language());
    }

    public CapSettings(String sender, String scope, AlertLinks links, Language language) {
        this.links = links;
        this.language = language;
        this.sender = sender == null || sender.isBlank() ? "releasewatch@" + host(links.base()) : sender.trim();
        if (!this.sender.matches("[^\\s,&<]+")) {
            throw new IllegalArgumentException("releasewatch.cap.sender: \"" + this.sender
                    + "\" may not contain spaces, commas, '&' or '<' (CAP 1.2)");
        }
        this.scope = scope == null || scope.isBlank() ? "Public" : scope.trim();
        if (!SCOPES.contains(this.scope)) {
            throw new IllegalArgumentException("releasewatch.cap.scope: \"" + this.scope
                    + "\" is not one of Public, Restricted, Private");
        }
    }

    public static CapSettings of(AlertLinks links) {
        return of(links, Language.EN);
    }

    public static CapSettings of(AlertLinks links, Language language) {
        return new CapSettings(null, null, links, language);
    }

    public Language language() {
        return language;
    }

    public String sender() {
        return sender;
    }

    public String scope() {
        return scope;
    }

    public AlertLinks links() {
        return links;
    }

    private static String host(String base) {
        String host = URI.create(base).getHost();
        return host == null ? "localhost" : host;
    }
}
