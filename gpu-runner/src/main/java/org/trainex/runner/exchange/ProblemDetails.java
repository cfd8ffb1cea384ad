package org.trainex.runner.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The human part of an error answer of the exchange, for log lines and exception messages: of a problem+json
 * document (RFC 9457) its {@code title: detail} (or whichever of the two it has), of any other body the body
 * itself; whitespace runs collapsed to one space, at most {@value #MAX_CHARS} characters (then "...").
 */
public final class ProblemDetails {
    /** Longest summary, characters (without the "..."). */
    public static final int MAX_CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param body the answer's body, or the part read of it; null is empty */
    public static String summary(String body) {
        String text = body == null ? "" : body.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(text);
                String detail = node.path("detail").asText("");
                String title = node.path("title").asText("");
                if (!detail.isBlank()) {
                    text = title.isBlank() ? detail : title + ": " + detail;
                } else if (!title.isBlank()) {
                    text = title;
                }
            } catch (IOException e) {
                // not JSON (or cut off): the raw body
            }
        }
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "..." : text;
    }

    private ProblemDetails() {
    }
}
