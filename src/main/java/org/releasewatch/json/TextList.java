package org.releasewatch.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request field that must be an array of JSON strings: the shared mapping would turn {@code [5]} into
 * {@code ["5"]}, and a request sending that made a mistake the answer should name (by the list's JSON path).
 */
public final class TextList extends StdDeserializer<List<String>> {

    public TextList() {
        super(List.class);
    }

    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext context) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren(); // text that is not JSON at all is named as the body, not as this field
            return context.reportInputMismatch(this, "must be an array of strings");
        }
        return strings(p, context, this, "must be an array of strings");
    }

    /** The strings of the array {@code p} stands at the start of; anything else in it is refused by {@code reader}. */
    public static List<String> strings(JsonParser p, DeserializationContext context, JsonDeserializer<?> reader,
                                       String problem) throws IOException {
        List<String> values = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_STRING) {
                p.skipChildren();
                return context.reportInputMismatch(reader, problem);
            }
            values.add(p.getText());
        }
        return values;
    }
}
