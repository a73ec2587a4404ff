package org.releasewatch.delivery;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import org.releasewatch.json.TextList;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/subscriptions} and of a {@code PATCH} (a JSON merge patch): every field a string
 * (some also a list of strings), each one absent ({@code null} here), set, or — in a patch — cleared by a JSON
 * {@code null} ({@link Setting#CLEARED}). The values are checked by {@link SubscriptionAdmin} through the same
 * parsing as the configuration; here only their JSON types, and any other field is kept to be named in the answer.
 */
@Introspected
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionRequest(
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting url,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting secret,
        @Nullable @JsonDeserialize(using = Setting.Texts.class) Setting rules,
        @Nullable @JsonDeserialize(using = Setting.Texts.class) Setting countries,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting minSeverity,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting format,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting chatId,
        @Nullable @JsonDeserialize(using = Setting.Texts.class) Setting to,
        @Nullable @JsonDeserialize(using = Setting.Texts.class) Setting redact,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting batchWindow,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting routingKey,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting messages,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting locale,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting description,
        @Nullable @JsonDeserialize(using = Setting.Text.class) Setting state,
        @JsonAnySetter Map<String, Object> others) {

    public SubscriptionRequest {
        others = others == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(others));
    }

    /** The fields the request holds (set or cleared), by their API names, in the order above; unknown ones left out. */
    public Map<String, Setting> given() {
        Map<String, Setting> all = new LinkedHashMap<>();
        all.put("url", url);
        all.put("secret", secret);
        all.put("rules", rules);
        all.put("countries", countries);
        all.put("minSeverity", minSeverity);
        all.put("format", format);
        all.put("chatId", chatId);
        all.put("to", to);
        all.put("redact", redact);
        all.put("batchWindow", batchWindow);
        all.put("routingKey", routingKey);
        all.put("messages", messages);
        all.put("locale", locale);
        all.put("description", description);
        all.put("state", state);
        all.values().removeIf(v -> v == null);
        return all;
    }

    /**
     * One field's value: a string, a list of strings, or {@link #CLEARED} for a JSON {@code null} (a merge patch's
     * "remove this setting"). An absent field is no {@code Setting} at all.
     */
    public record Setting(String text, List<String> list) {

        public static final Setting CLEARED = new Setting(null, null);

        public boolean cleared() {
            return text == null && list == null;
        }

        /** What the settings parser reads: the string, the list, or null. */
        @JsonValue
        public Object raw() {
            return text != null ? text : list;
        }

        /** A field that must be a string. */
        static final class Text extends Reader {
            Text() {
                super(false);
            }
        }

        /** A field that may be a string or a list of strings. */
        static final class Texts extends Reader {
            Texts() {
                super(true);
            }
        }

        abstract static class Reader extends StdDeserializer<Setting> {

            private final boolean lists;

            Reader(boolean lists) {
                super(Setting.class);
                this.lists = lists;
            }

            @Override
            public Setting deserialize(JsonParser p, DeserializationContext context) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    return new Setting(p.getText(), null);
                }
                if (lists && p.currentToken() == JsonToken.START_ARRAY) {
                    List<String> items = TextList.strings(p, context, this, "must be a list of strings");
                    return new Setting(null, List.copyOf(items));
                }
                p.skipChildren(); // text that is not JSON at all is named as the body, not as this field
                return context.reportInputMismatch(this, lists ? "must be a string or a list of strings" : "must be a string");
            }

            /** A JSON null: the field is cleared (a merge patch's removal), which is not the same as leaving it out. */
            @Override
            public Setting getNullValue(DeserializationContext context) {
                return CLEARED;
            }

            /** A field left out: no setting, so a patch leaves it as it is. */
            @Override
            public Object getAbsentValue(DeserializationContext context) {
                return null;
            }
        }
    }
}
