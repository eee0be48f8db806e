package dev.caravan.source.http;

import java.util.List;

/** A connection or an object's {@code http:} block is invalid; the message lists every problem found. */
public class HttpDefinitionException extends RuntimeException {

    private final List<String> problems;

    public HttpDefinitionException(String where, List<String> problems) {
        super("Invalid HTTP definition " + where + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
