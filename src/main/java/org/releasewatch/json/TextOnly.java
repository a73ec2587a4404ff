package org.releasewatch.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;

/**
 * A request field that must be a JSON string: the shared mapping turns a number into text for a {@code String}
 * (topics' records are checked by their schema first), but a request giving {@code "note": 5} made a mistake the
 * answer should name.
 */
public final class TextOnly extends StdDeserializer<String> {

    public TextOnly() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren(); // text that is not JSON at all is named as the body, not as this field
        return context.reportInputMismatch(this, "must be a string");
    }
}
