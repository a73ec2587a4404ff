package org.releasewatch.ingest.validation;

public sealed interface Validated<T> {
    record Valid<T>(T value) implements Validated<T> {}
    record Invalid<T>(String error) implements Validated<T> {}
}
