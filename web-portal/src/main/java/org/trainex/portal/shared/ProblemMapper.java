package org.trainex.portal.shared;

import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.trainex.shared.api.AccessDeniedException;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;
import org.trainex.shared.api.PayloadTooLargeException;

/**
 * Turns every exception escaping a REST resource into a problem+json answer: bad input 400, unknown id 404,
 * wrong role or owner 403, oversize upload or JSON body 413 (also when Undertow's {@code max-post-size} cut the body:
 * {@link BodyLimits#isTooLarge}), malformed JSON 400, malformed id 400 ({@link UuidParamConverter}); anything else 500
 * with a log entry (the client sees no stack trace).
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        Throwable t = e;
        while (t instanceof EJBException && t.getCause() != null) {
            t = t.getCause();
        }
        if (BodyLimits.isTooLarge(e)) {
            // our counting stream, or Undertow's max-post-size cutting the body (RequestTooBigException)
            LOG.fine(() -> "request body over the limit: " + rootMessage(e));
            return ProblemDetails.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, tooLargeDetail(e));
        }
        if (t instanceof InvalidInputException) {
            return ProblemDetails.response(Response.Status.BAD_REQUEST, t.getMessage());
        }
        if (t instanceof NotFoundException) {
            return ProblemDetails.response(Response.Status.NOT_FOUND, t.getMessage());
        }
        if (t instanceof AccessDeniedException || t instanceof EJBAccessException) {
            return ProblemDetails.response(Response.Status.FORBIDDEN, t.getMessage());
        }
        if (t instanceof org.trainex.shared.api.ChainUnavailableException) {
            return ProblemDetails.response(Response.Status.SERVICE_UNAVAILABLE, t.getMessage());
        }
        if (t instanceof PayloadTooLargeException) {
            return ProblemDetails.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, t.getMessage());
        }
        if (t instanceof WebApplicationException w) {
            Response r = w.getResponse();
            String detail = r.getStatus() == 404 ? "no such resource" : w.getMessage();
            if (t.getCause() != null && r.getStatus() == 400) {
                detail = "malformed request: " + rootMessage(t);
            }
            return ProblemDetails.response(r.getStatus(), r.getStatusInfo().getReasonPhrase(), detail);
        }
        if (t instanceof ProcessingException || t instanceof jakarta.json.bind.JsonbException) {
            return ProblemDetails.response(Response.Status.BAD_REQUEST, "malformed JSON body: " + rootMessage(t));
        }
        LOG.log(Level.SEVERE, "unexpected error in the REST API", e);
        return ProblemDetails.response(Response.Status.INTERNAL_SERVER_ERROR,
                "internal error; the server log has the details");
    }

    private static String tooLargeDetail(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BodyLimits.TooLarge) {
                return c.getMessage();
            }
        }
        return "request body larger than the server's limit: " + rootMessage(e);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage();
        return m == null ? r.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
