package org.trainex.portal.shared;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API root: {@code /trainex/api}. Every endpoint needs an OIDC bearer token from the trainex realm;
 * no token gives 401, a token without the role an endpoint requires gives 403. Errors are RFC 9457
 * {@code application/problem+json} documents ({@link ProblemDetails}).
 */
@ApplicationPath("/api")
public class TrainexApi extends Application {
}
