package org.releasewatch.api.access;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * One entry of {@code releasewatch.api.operators}: a person (or system) allowed to write, and the token
 * that proves it. Checked by {@link AccessPolicy}: a blank name or token is refused at start-up.
 *
 * @param index position in the list (named in configuration errors)
 */
@EachProperty(value = AccessPolicy.OPERATORS, list = true)
public record OperatorEntry(@Parameter Integer index, @Nullable String name, @Nullable String token) {

    @Override
    public String toString() {
        return "operator " + index + " (" + name + ")"; // never the token
    }
}
