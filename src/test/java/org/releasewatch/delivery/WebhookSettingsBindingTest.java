package org.releasewatch.delivery;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.releasewatch.delivery.channels.ChannelFormat;
import org.releasewatch.delivery.channels.PersonField;
import org.releasewatch.model.AlertRule;
import org.releasewatch.model.Severity;
import org.releasewatch.testing.ConfigContext;
import org.releasewatch.testing.Fast;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a configuration binds to through Micronaut ({@link WebhookProperties}, {@link WebhookRetryProperties},
 * {@link SubscriptionEntry}): YAML lists and indexed properties alike, with the defaults of the code, and a bad
 * entry refused with its index and field.
 */
@Fast
class WebhookSettingsBindingTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String YAML = """
            releasewatch:
              webhooks:
                timeout: 7s
                retry:
                  max-attempts: 3
                subscriptions:
                  - url: https://hooks.example.org/rw
                    secret: %s
                    countries: [BY, ua]
                    min-severity: warning
                  - id: team-slack
                    format: slack
                    url: https://hooks.slack.com/services/T000/B000/XXXXXXXX
                    rules: [MASS_RELEASE, WATCHLIST_RELEASE]
                    redact: [charges]
                    batch-window: 2m
            """.formatted(SECRET);

    private static WebhookSettings bind(PropertySource source) {
        try (ApplicationContext context = ConfigContext.of(source)) {
            return context.getBean(WebhookSettings.class);
        }
    }

    private static WebhookSettings yaml(String text) {
        try {
            return bind(PropertySource.of("webhooks.yaml", new YamlPropertySourceLoader()
                    .read("webhooks.yaml", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static WebhookSettings properties(Map<String, Object> properties) {
        return bind(PropertySource.of("indexed", properties));
    }

    /** The YAML above as indexed properties, lists both as one comma-separated value and as indexed values. */
    private static Map<String, Object> indexed() {
        Map<String, Object> p = new LinkedHashMap<>();
        String s = "releasewatch.webhooks.subscriptions";
        p.put("releasewatch.webhooks.timeout", "7s");
        p.put("releasewatch.webhooks.retry.max-attempts", "3");
        p.put(s + "[0].url", "https://hooks.example.org/rw");
        p.put(s + "[0].secret", SECRET);
        p.put(s + "[0].countries", "BY,ua");
        p.put(s + "[0].min-severity", "warning");
        p.put(s + "[1].id", "team-slack");
        p.put(s + "[1].format", "slack");
        p.put(s + "[1].url", "https://hooks.slack.com/services/T000/B000/XXXXXXXX");
        p.put(s + "[1].rules[0]", "MASS_RELEASE");
        p.put(s + "[1].rules[1]", "WATCHLIST_RELEASE");
        p.put(s + "[1].redact", "charges");
        p.put(s + "[1].batch-window", "2m");
        return p;
    }

    /** What {@code binding} threw: the InvalidWebhookConfig among its causes, else the exception itself. */
    private static Throwable refusal(ThrowableAssert.ThrowingCallable binding) {
        Throwable thrown = catchThrowable(binding);
        assertThat(thrown).as("the configuration is refused").isNotNull();
        return invalidConfig(thrown);
    }

    private static Throwable invalidConfig(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WebhookSettings.InvalidWebhookConfig) {
                return t;
            }
        }
        return e;
    }

    @Test
    void aYamlListBindsInIndexOrderWithEveryField() {
        WebhookSettings settings = yaml(YAML);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(settings.retry().maxAttempts()).isEqualTo(3);
        assertThat(settings.subscriptions()).hasSize(2);
        Subscription standard = settings.subscriptions().get(0);
        assertThat(standard.index()).isZero();
        assertThat(standard.url()).hasToString("https://hooks.example.org/rw");
        assertThat(standard.key()).isEqualTo(WebhookSigner.decodeSecret(SECRET));
        assertThat(standard.countries()).containsExactlyInAnyOrder("BY", "UA");
        assertThat(standard.minSeverity()).isEqualTo(Severity.WARNING);
        assertThat(standard.rules()).isEmpty();
        Subscription slack = settings.subscriptions().get(1);
        assertThat(slack.index()).isEqualTo(1);
        assertThat(slack.id()).isEqualTo("team-slack");
        assertThat(slack.format()).isEqualTo(ChannelFormat.SLACK);
        assertThat(slack.rules()).containsExactlyInAnyOrder(AlertRule.MASS_RELEASE, AlertRule.WATCHLIST_RELEASE);
        assertThat(slack.channel().redact()).containsExactly(PersonField.fromWire("charges"));
        assertThat(slack.channel().batchWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.configured().get(1)).containsEntry("id", "team-slack").containsEntry("batch-window", "2m")
                .doesNotContainKey("secret");
        assertThat(settings.configured().get(0)).containsEntry("secret", SECRET);
    }

    @Test
    void indexedPropertiesBindTheSameAsYaml() {
        WebhookSettings fromYaml = yaml(YAML);
        WebhookSettings fromProperties = properties(indexed());
        assertThat(fromProperties.subscriptions()).hasSize(2);
        assertThat(fromProperties.subscriptions().stream().map(SubscriptionCodec::fingerprint).toList())
                .isEqualTo(fromYaml.subscriptions().stream().map(SubscriptionCodec::fingerprint).toList());
        assertThat(fromProperties.subscriptions().stream().map(Subscription::index).toList()).containsExactly(0, 1);
        assertThat(fromProperties.timeout()).isEqualTo(fromYaml.timeout());
        assertThat(fromProperties.retry()).isEqualTo(fromYaml.retry());
    }

    @Test
    void aFileNamedByMicronautConfigFilesBindsTheSameAsYaml() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("webhooks", ".yaml");
        java.nio.file.Files.writeString(file, YAML);
        String before = System.getProperty("micronaut.config.files");
        System.setProperty("micronaut.config.files", file.toString()); // what MICRONAUT_CONFIG_FILES sets
        WebhookSettings fromFile;
        try {
            fromFile = properties(Map.of());
        } finally {
            if (before == null) {
                System.clearProperty("micronaut.config.files");
            } else {
                System.setProperty("micronaut.config.files", before);
            }
            java.nio.file.Files.deleteIfExists(file);
        }
        assertThat(fromFile.subscriptions()).hasSize(2);
        assertThat(fromFile.subscriptions().stream().map(SubscriptionCodec::fingerprint).toList())
                .isEqualTo(yaml(YAML).subscriptions().stream().map(SubscriptionCodec::fingerprint).toList());
    }

    @Test
    void aBadFieldOfAnIndexedEntryNamesItsIndexAndField() {
        Map<String, Object> p = indexed();
        p.put("releasewatch.webhooks.subscriptions[1].batch-window", "soon");
        assertThat(refusal(() -> properties(p)))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .hasMessage("releasewatch.webhooks.subscriptions[1].batch-window: \"soon\" is not a duration (e.g. 2m, 90s)");
        Map<String, Object> q = indexed();
        q.put("releasewatch.webhooks.subscriptions[0].countries", "Belarus");
        assertThat(refusal(() -> properties(q)))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .hasMessage("releasewatch.webhooks.subscriptions[0].countries: \"Belarus\" is not an ISO 3166-1 alpha-2 code");
    }

    @Test
    void aBadFieldOfAYamlEntryNamesItsIndexAndFieldAndNotTheSecret() {
        assertThat(refusal(() -> yaml(YAML.replace("min-severity: warning", "min-severity: urgent"))))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .hasMessage("releasewatch.webhooks.subscriptions[0].min-severity: \"urgent\" is not one of info, warning, critical");
        assertThat(refusal(() -> yaml(YAML.replace("secret: " + SECRET, "secret: whsec_c2hvcnQ="))))
                .hasMessage("releasewatch.webhooks.subscriptions[0].secret: key is 5 bytes; use at least 16 (24 recommended)");
    }

    @Test
    void aKeyThatIsNoSubscriptionSettingStopsTheStartNamingIt() {
        assertThat(refusal(() -> yaml(YAML.replace("min-severity: warning", "min_severity: warning"))))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .hasMessageStartingWith("releasewatch.webhooks.subscriptions[0].min_severity: is not a subscription setting; use one of [");
        Map<String, Object> p = indexed();
        p.put("releasewatch.webhooks.subscriptions[1].chanel", "#alerts");
        assertThat(refusal(() -> properties(p)))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .hasMessageStartingWith("releasewatch.webhooks.subscriptions[1].chanel: is not a subscription setting");
    }

    @Test
    void aValueOfTheWrongTypeStopsTheStartNamingItsField() {
        assertThat(refusal(() -> yaml(YAML.replace("countries: [BY, ua]", "countries: {by: yes}"))))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .hasMessage("releasewatch.webhooks.subscriptions[0].countries: must be a list of text, not a map");
        assertThat(refusal(() -> yaml(YAML.replace("min-severity: warning", "min-severity: [warning, critical]"))))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .as("Micronaut binds a list as text joined by commas, which the check refuses")
                .hasMessage("releasewatch.webhooks.subscriptions[0].min-severity: \"warning,critical\" is not one of info, warning, critical");
    }

    @Test
    void camelCaseSpellingsOfTheKeysAreTheSameKeys() {
        WebhookSettings settings = yaml(YAML.replace("min-severity:", "minSeverity:").replace("batch-window:", "batchWindow:"));
        assertThat(settings.subscriptions().get(0).minSeverity()).isEqualTo(Severity.WARNING);
        assertThat(settings.subscriptions().get(1).channel().batchWindow()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void withoutConfigurationTheDefaultsOfTheCodeApply() {
        WebhookSettings settings = properties(Map.of());
        assertThat(settings.subscriptions()).isEmpty();
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.rotationOverlap()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.disableAfter()).isEqualTo(Duration.ofDays(3));
        assertThat(settings.retry()).isEqualTo(new RetryPolicy(Duration.ofSeconds(5), Duration.ofHours(1), 8));
        assertThat(settings.targets()).isEqualTo(new TargetPolicy(false, false, false));
    }

    @Test
    void fewerThanOneAttemptIsRefusedNamingTheKey() {
        assertThat(refusal(() -> properties(Map.of("releasewatch.webhooks.retry.max-attempts", "0"))))
                .isInstanceOf(WebhookSettings.InvalidWebhookConfig.class)
                .hasMessage("releasewatch.webhooks.retry.max-attempts must be at least 1");
    }
}
