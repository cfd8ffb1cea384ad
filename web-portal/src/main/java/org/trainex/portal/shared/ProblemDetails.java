package org.trainex.portal.shared;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document, the body of every error answer of the REST API.
 *
 * @param type   a URI naming the kind of problem ({@code about:blank} when the status says it all)
 * @param title  short summary of the kind (the HTTP reason phrase)
 * @param status the HTTP status code
 * @param detail what exactly was wrong with this request
 */
public record ProblemDetails(String type, String title, int status, String detail) {
    /** Media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A response carrying a problem document for {@code status}. */
    public static Response response(Response.Status status, String detail) {
        return response(status.getStatusCode(), status.getReasonPhrase(), detail);
    }

    /** A response carrying a problem document for a numeric status. */
    public static Response response(int status, String title, String detail) {
        return Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .entity(new ProblemDetails("about:blank", title, status, detail))
                .build();
    }
}
