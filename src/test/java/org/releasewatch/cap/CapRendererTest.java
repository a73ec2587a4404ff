package org.releasewatch.cap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.releasewatch.delivery.channels.AlertLinks;
import org.releasewatch.i18n.Language;
import org.releasewatch.json.Json;
import org.releasewatch.model.Alert;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Evidence;
import org.releasewatch.model.MsgType;
import org.releasewatch.model.Severity;
import org.releasewatch.rules.MessageIds;
import org.releasewatch.testing.Fast;
import org.w3c.dom.Document;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract's CAP 1.2 mapping, each document checked against the CAP 1.2 schema. */
@Fast
class CapRendererTest {

    private static final CapSettings SETTINGS = CapSettings.of(AlertLinks.of("https://releasewatch.example.org"));
    private static final CapRenderer CAP = new CapRenderer(SETTINGS);

    static Alert alert(AlertRule rule, Severity severity, String details) {
        return new Alert(Alert.SCHEMA, "c7adbb05-3f69-58ef-8dd3-21fba6df4189", rule, severity, "BY",
                "Ales Bialiatski released <from> detention & more", Instant.parse("2025-12-13T08:00:00Z"),
                Instant.parse("2025-12-13T08:00:01.123456Z"), new Evidence(List.of("e-1"), List.of()),
                Json.read(details, JsonNode.class));
    }

    @Test
    void aFirstMessageMapsAsTheContractSays() {
        Document doc = CapSchema.valid(CAP.render(alert(AlertRule.WATCHLIST_RELEASE, Severity.CRITICAL,
                "{\"person\":{\"id\":\"viasna:1\"},\"corroboration\":\"single-source\"}"), id -> Optional.empty()));
        assertThat(CapSchema.text(doc, "identifier")).isEqualTo("c7adbb05-3f69-58ef-8dd3-21fba6df4189");
        assertThat(CapSchema.text(doc, "sender")).isEqualTo("releasewatch@releasewatch.example.org");
        assertThat(CapSchema.text(doc, "sent")).isEqualTo("2025-12-13T08:00:01+00:00");
        assertThat(CapSchema.text(doc, "status")).isEqualTo("Actual");
        assertThat(CapSchema.text(doc, "msgType")).isEqualTo("Alert");
        assertThat(CapSchema.text(doc, "scope")).isEqualTo("Public");
        assertThat(CapSchema.text(doc, "references")).isNull();
        assertThat(CapSchema.text(doc, "category")).isEqualTo("Other");
        assertThat(CapSchema.text(doc, "event")).isEqualTo("Release of a person on the watchlist");
        assertThat(CapSchema.text(doc, "urgency")).isEqualTo("Immediate");
        assertThat(CapSchema.text(doc, "severity")).isEqualTo("Severe");
        assertThat(CapSchema.text(doc, "certainty")).isEqualTo("Likely");
        assertThat(CapSchema.text(doc, "headline")).isEqualTo("Ales Bialiatski released <from> detention & more");
        assertThat(CapSchema.text(doc, "web")).isEqualTo("https://releasewatch.example.org/alerts/c7adbb05-3f69-58ef-8dd3-21fba6df4189");
        assertThat(CapSchema.text(doc, "areaDesc")).isEqualTo("Belarus");
        var geocode = doc.getElementsByTagNameNS(CapRenderer.NAMESPACE, "geocode").item(0).getTextContent();
        assertThat(geocode).isEqualTo("ISO 3166-1 alpha-2BY");
    }

    @Test
    void severitiesAndCertaintiesMapAsTheContractSays() {
        assertThat(CapSchema.text(CapSchema.valid(CAP.render(alert(AlertRule.MASS_RELEASE, Severity.WARNING,
                "{\"threshold\":10,\"count\":10,\"byDestination\":{\"UA\":9,\"LT\":1}}"), id -> Optional.empty())), "severity"))
                .isEqualTo("Moderate");
        assertThat(CapSchema.text(CapSchema.valid(CAP.render(alert(AlertRule.SANCTIONS_CHANGE, Severity.INFO,
                "{\"issuer\":\"US\"}"), id -> Optional.empty())), "severity")).isEqualTo("Minor");
        assertThat(CapSchema.text(CapSchema.valid(CAP.render(alert(AlertRule.LINKED_RELIEF, Severity.CRITICAL,
                "{\"releaseCount\":123,\"confidence\":\"high\"}"), id -> Optional.empty())), "certainty")).isEqualTo("Observed");
        assertThat(CapSchema.text(CapSchema.valid(CAP.render(alert(AlertRule.WATCHLIST_RELEASE, Severity.WARNING,
                "{\"corroboration\":\"corroborated\"}"), id -> Optional.empty())), "certainty")).isEqualTo("Observed");
    }

    @Test
    void figuresBecomeParameters() {
        Document doc = CapSchema.valid(CAP.render(alert(AlertRule.MASS_RELEASE, Severity.CRITICAL,
                "{\"threshold\":100,\"count\":100,\"windowStart\":\"2025-12-13T00:00:00Z\",\"byDestination\":{\"UA\":91,\"LT\":9}}"),
                id -> Optional.empty()));
        var names = doc.getElementsByTagNameNS(CapRenderer.NAMESPACE, "valueName");
        List<String> parameters = new java.util.ArrayList<>();
        for (int i = 0; i < names.getLength(); i++) {
            if (names.item(i).getParentNode().getLocalName().equals("parameter")) {
                parameters.add(names.item(i).getTextContent() + "=" + names.item(i).getNextSibling().getTextContent());
            }
        }
        assertThat(parameters).containsExactly("threshold=100", "count=100", "byDestination.UA=91", "byDestination.LT=9");
    }

    @Test
    void anUpdateAndACancelReferenceTheirThreadAsSenderIdentifierSentTriples() {
        Alert first = alert(AlertRule.LINKED_RELIEF, Severity.CRITICAL, "{\"releaseCount\":1,\"confidence\":\"medium\"}");
        String updateId = MessageIds.of(first.id(), "threshold:10");
        Alert update = alert(AlertRule.LINKED_RELIEF, Severity.CRITICAL, "{\"releaseCount\":10,\"confidence\":\"medium\"}")
                .inThread(MsgType.UPDATE, updateId, first.id(), List.of(first.id()), "10 releases, was 1");
        Document u = CapSchema.valid(CAP.render(update, id -> Optional.of(Instant.parse("2025-12-13T07:00:00.5Z"))));
        assertThat(CapSchema.text(u, "msgType")).isEqualTo("Update");
        assertThat(CapSchema.text(u, "identifier")).isEqualTo(updateId);
        assertThat(CapSchema.text(u, "references"))
                .isEqualTo("releasewatch@releasewatch.example.org," + first.id() + ",2025-12-13T07:00:00+00:00");
        assertThat(CapSchema.text(u, "note")).isEqualTo("10 releases, was 1");

        Alert cancel = update.inThread(MsgType.CANCEL, MessageIds.of(first.id(), "retracted:r-1"), first.id(),
                List.of(first.id(), updateId), "report withdrawn by its source");
        Document c = CapSchema.valid(CAP.render(cancel, id -> Optional.empty()));
        assertThat(CapSchema.text(c, "msgType")).isEqualTo("Cancel");
        assertThat(CapSchema.text(c, "references").split(" ")).hasSize(2);
    }

    @Test
    void theSchemaRefusesWhatCapForbids() {
        String valid = new String(CAP.render(alert(AlertRule.SANCTIONS_CHANGE, Severity.INFO, "{}"), id -> Optional.empty()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CapSchema.valid(valid.replace("+00:00</sent>", "Z</sent>").getBytes()))
                .hasMessageContaining("not valid CAP 1.2");
        assertThatThrownBy(() -> CapSchema.valid(valid.replace("<msgType>Alert</msgType>", "<msgType>alert</msgType>").getBytes()))
                .hasMessageContaining("not valid CAP 1.2");
        assertThatThrownBy(() -> CapSchema.valid(valid.replace("<status>Actual</status>", "").getBytes()))
                .hasMessageContaining("not valid CAP 1.2");
    }

    @Test
    void aSenderCapForbidsOrAnUnknownScopeIsASettingError() {
        AlertLinks links = AlertLinks.of("https://x.example");
        assertThatThrownBy(() -> new CapSettings("release watch", null, links, Language.EN)).hasMessageContaining("releasewatch.cap.sender");
        assertThatThrownBy(() -> new CapSettings(null, "public", links, Language.EN)).hasMessageContaining("releasewatch.cap.scope");
        CapSettings restricted = new CapSettings("ops@x.example", "Restricted", links, Language.EN);
        Document doc = CapSchema.valid(new CapRenderer(restricted).render(alert(AlertRule.SANCTIONS_CHANGE, Severity.INFO, "{}"),
                id -> Optional.empty()));
        assertThat(CapSchema.text(doc, "scope")).isEqualTo("Restricted");
        assertThat(CapSchema.text(doc, "sender")).isEqualTo("ops@x.example");
    }

    @Test
    void anInstanceInRussianWritesTheInfoInRussianAndItIsStillValidCap() {
        Alert mass = org.releasewatch.rules.StoryAlerts.december13().stream()
                .filter(a -> a.rule() == AlertRule.MASS_RELEASE && a.first()).findFirst().orElseThrow();
        CapRenderer russian = new CapRenderer(CapSettings.of(AlertLinks.of("https://releasewatch.example.org"), Language.RU));
        Document doc = CapSchema.valid(russian.render(mass, id -> Optional.empty()));
        assertThat(CapSchema.text(doc, "language")).isEqualTo("ru");
        assertThat(CapSchema.text(doc, "event")).isEqualTo("Массовое освобождение заключённых");
        assertThat(CapSchema.text(doc, "headline")).isEqualTo("10 человек освобождены: Беларусь, 13 декабря 2025 (LT: 9, UA: 1)");
        assertThat(CapSchema.text(doc, "areaDesc")).isEqualTo("Беларусь");
        assertThat(CapSchema.text(CapSchema.valid(CAP.render(mass, id -> Optional.empty())), "language"))
                .as("English, CAP's default form").isEqualTo("en-US");
        assertThat(CapSchema.text(CapSchema.valid(CAP.render(mass, id -> Optional.empty())), "headline"))
                .as("the English headline is the alert's title").isEqualTo(mass.title());
    }
}
