package org.releasewatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.micronaut.json.JsonSyntaxException;
import org.releasewatch.model.BadParameter;

import java.util.stream.Collectors;

/**
 * What was wrong with a request body Micronaut could not bind, as a {@link BadParameter}: a check a request record
 * makes while it is built (its own {@code BadParameter}), a field of the wrong type (named by its JSON path, e.g.
 * {@code matchers.rules}; a field's own deserializer may say what it must be, as {@code "must be …"}), or text that is not JSON at all ({@code body}).
 */
final class BodyErrors {

    private BodyErrors() {
    }

    static BadParameter of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BadParameter bad) {
                return bad;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            // text that is not JSON is the body's fault, even where a field's reader met it first
            if (t instanceof StreamReadException syntax) {
                return new BadParameter("body", "is not JSON (" + syntax.getOriginalMessage() + ")");
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                    && String.valueOf(mismatch.getOriginalMessage()).startsWith("must be ")) {
                return new BadParameter(path(mismatch), mismatch.getOriginalMessage());
            }
            if (t instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                String expected = mismatch.getTargetType() == null ? "another type" : typeName(mismatch.getTargetType());
                return new BadParameter(path(mismatch), "must be " + expected);
            }
            if (t instanceof MismatchedInputException mismatch) {
                String expected = mismatch.getTargetType() == null ? "a JSON object" : typeName(mismatch.getTargetType());
                return new BadParameter("body", "must be " + expected);
            }
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                return new BadParameter(path(mapping), "is not valid (" + mapping.getOriginalMessage() + ")");
            }
            if (t instanceof JsonProcessingException json) {
                return new BadParameter("body", "is not JSON (" + json.getOriginalMessage() + ")");
            }
        }
        if (error instanceof JsonSyntaxException) {
            return new BadParameter("body", "is not JSON (" + error.getMessage() + ")");
        }
        return new BadParameter("body", "cannot be read (" + error.getMessage() + ")");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("."));
    }

    private static String typeName(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a JSON object";
    }
}
