package org.releasewatch.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.releasewatch.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * One of the published JSON Schemas (draft 2020-12, under {@code classpath:schema/}), compiled once,
 * and the translation of its findings into errors a partner can act on. A pattern or format may carry
 * an {@code x-error} annotation with the wording for a value that does not fit.
 */
public final class ContractSchema {

    public static final String ID_PREFIX = "https://releasewatch.org/schema/";
    public static final String ERROR_KEYWORD = "x-error";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder
                    .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                            .keyword(new AnnotationKeyword(ERROR_KEYWORD)).build())
                    .schemaMappers(m -> m.mapPrefix(ID_PREFIX, "classpath:schema/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    private final String file;
    private final JsonSchema schema;
    private final JsonNode document;

    private ContractSchema(String file, JsonSchema schema, JsonNode document) {
        this.file = file;
        this.schema = schema;
        this.document = document;
    }

    /** Loads {@code classpath:schema/<file>}. */
    public static ContractSchema load(String file) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + file), CONFIG);
        schema.initializeValidators();
        try (InputStream in = ContractSchema.class.getResourceAsStream("/schema/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schema " + file + " is not on the classpath");
            }
            return new ContractSchema(file, schema, Json.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }

    public String file() {
        return file;
    }

    public List<ValidationMessage> validate(JsonNode node) {
        return new ArrayList<>(schema.validate(node));
    }

    /** {@code field.path: what is wrong}, e.g. {@code country: "Belarus" is not an ISO 3166-1 alpha-2 code …}. */
    public String describe(ValidationMessage m) {
        String at = ErrorText.path(m.getInstanceLocation());
        JsonNode value = m.getInstanceNode();
        JsonNode keywordOwner = owner(m);
        String hint = keywordOwner.path(ERROR_KEYWORD).asText(null);
        switch (m.getType()) {
            case "required":
                return ErrorText.join(at, m.getProperty()) + ": is required";
            case "type":
                return at + ": must be " + expectedTypes(m.getSchemaNode()) + ", got " + ErrorText.typeOf(value);
            case "minLength":
            case "maxLength": {
                int length = value.asText().codePointCount(0, value.asText().length());
                // characters are code points, as JSON Schema counts them (not UTF-16 units, not bytes)
                JsonNode min = keywordOwner.get("minLength");
                JsonNode max = keywordOwner.get("maxLength");
                String bounds = max == null ? min.asInt() + " or more"
                        : min == null ? "at most " + max.asInt() : min.asInt() + "–" + max.asInt();
                return at + ": must be " + bounds + " characters, got " + length;
            }
            case "pattern":
            case "format":
                return at + ": " + ErrorText.quote(value.asText()) + " "
                        + (hint != null ? hint : "does not match " + keywordOwner.path(m.getType()).asText());
            case "enum":
            case "const":
                return at + ": " + ErrorText.show(value) + " is not one of " + StreamSupport
                        .stream(m.getSchemaNode().spliterator(), false).filter(n -> !n.isNull()).map(JsonNode::asText)
                        .collect(Collectors.joining(", "));
            default:
                String message = m.getMessage();
                int colon = message.indexOf(": ");
                return at + ": " + (colon >= 0 ? message.substring(colon + 2) : message);
        }
    }

    /** The schema object holding the keyword that failed (for its bounds and {@code x-error}). */
    private JsonNode owner(ValidationMessage m) {
        JsonNodePath fragment = m.getSchemaLocation().getFragment();
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < fragment.getNameCount() - 1; i++) {
            pointer.append('/').append(fragment.getElement(i).toString().replace("~", "~0").replace("/", "~1"));
        }
        return document.at(pointer.toString());
    }

    private static String expectedTypes(JsonNode typeKeyword) {
        List<String> types = new ArrayList<>();
        if (typeKeyword.isArray()) {
            typeKeyword.forEach(t -> types.add(t.asText()));
        } else {
            types.add(typeKeyword.asText());
        }
        return types.stream().map(ErrorText::article).collect(Collectors.joining(" or "));
    }
}
