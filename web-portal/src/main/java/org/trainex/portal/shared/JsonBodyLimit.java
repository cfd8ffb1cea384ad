package org.trainex.portal.shared;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses JSON request bodies above {@code TRAINEX_MAX_JSON_BYTES} (default 1 MiB) with 413 problem+json before
 * they are parsed (issue 11, item 8: "every JSON endpoint parses bodies of 20 MB"): a declared
 * {@code Content-Length} above the limit is refused at once; a body without a length is counted while the JSON
 * reader reads it and the read stops at the limit ({@link BodyLimits.Limited}, mapped to 413 by
 * {@link ProblemMapper}). Bodies that are not JSON (blob uploads) have their own limit ({@link BlobResource}).
 * Runs after authentication and resource matching, so only a signed-in caller of an existing endpoint is answered.
 */
@Provider
public class JsonBodyLimit implements ContainerRequestFilter {
    @jakarta.ws.rs.core.Context
    jakarta.ws.rs.container.ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource != null && resource.getResourceClass() == BlobResource.class) {
            return;  // blob uploads: any media type, their own limit
        }
        if (!isJson(request.getMediaType()) || !request.hasEntity()) {
            return;
        }
        long limit = BodyLimits.maxJsonBytes();
        String refusal = BodyLimits.refusal("a JSON body", request.getLength(), limit);
        if (refusal != null) {
            request.abortWith(ProblemDetails.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, refusal));
            return;
        }
        request.setEntityStream(new BodyLimits.Limited(request.getEntityStream(), limit, "a JSON body"));
    }

    /** JSON is {@code application/json} and every {@code +json} type; a body without a type is parsed as JSON too. */
    static boolean isJson(MediaType type) {
        return type == null || (type.getType().equalsIgnoreCase("application")
                && (type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().toLowerCase().endsWith("+json")));
    }
}
