package org.releasewatch.model;

/**
 * Bad input, named by its parameter or field ({@code limit}, {@code matchers.countries}, {@code body}): the API
 * answers 400 with the problem and the name. Thrown wherever the input is read, in the API or behind it.
 */
public final class BadParameter extends RuntimeException {

    private final String parameter;

    public BadParameter(String parameter, String problem) {
        super(parameter + ": " + problem);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
