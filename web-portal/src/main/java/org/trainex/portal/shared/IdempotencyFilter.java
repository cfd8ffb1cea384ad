package org.trainex.portal.shared;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.trainex.shared.api.IdempotencyKeys;
import org.trainex.shared.api.Settings;

/**
 * {@code Idempotency-Key} on every POST of the REST API (issue 11 item 5; the IETF draft "The Idempotency-Key HTTP
 * Header Field"). A POST with the header, by an authenticated and authorized caller, is executed at most once per
 * (principal, method, path, key):
 * <ul>
 *   <li>the first request claims the key (its own committed transaction, {@link IdempotencyKeys#claim}), runs,
 *       and its answer (status, body, content type, Location) is stored; a 5xx answer frees the key again;</li>
 *   <li>a later request with the same key and the same body (SHA-256 of its bytes) gets the stored answer again,
 *       with the header {@code Idempotency-Replayed: true};</li>
 *   <li>the same key with another body: 422 problem+json, nothing runs;</li>
 *   <li>while the first request still runs, the others wait (polling every 50 ms) up to
 *       {@code TRAINEX_IDEMPOTENCY_WAIT_SECONDS} (default 30) and then replay its answer, or get 409 problem+json
 *       if it is still running;</li>
 *   <li>a key must be 1..255 printable ASCII characters, else 400 problem+json.</li>
 * </ul>
 * Keys expire {@code TRAINEX_IDEMPOTENCY_TTL_SECONDS} (default 24 h) after their first use. Requests without the
 * header are not affected, nor are POSTs whose answer is a secret shown once ({@link #answersSecret}). Runs after
 * authentication and role checks ({@link Priorities#USER}), so a refused
 * caller never claims a key. If the server stops between executing a request and storing its answer, the key
 * stays claimed without an answer: retries get 409 until the key expires.
 */
@Provider
@Priority(Priorities.USER)
public class IdempotencyFilter implements ContainerRequestFilter, ContainerResponseFilter, WriterInterceptor {
    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** Set to {@code true} on replayed answers. */
    public static final String REPLAYED = "Idempotency-Replayed";
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class.getName());

    /** A claimed request on its way: the key and, once the response filter ran, status and Location. */
    static final class Claimed {
        final IdempotencyKeys.Request request;
        int status;
        String location;

        Claimed(IdempotencyKeys.Request request) {
            this.request = request;
        }
    }

    private static IdempotencyKeys keys() {
        return CDI.current().select(IdempotencyKeys.class).get();
    }

    /** Whether {@code key} is a well-formed idempotency key: 1..255 printable ASCII characters. */
    static boolean wellFormed(String key) {
        return !key.isEmpty() && key.length() <= IdempotencyKeys.MAX_KEY_LENGTH
                && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /**
     * Whether a POST's answer carries a secret that must not be stored (a runner key, shown once): such POSTs are
     * not replayed, each one runs (issuing a runner key again replaces the previous one).
     */
    static boolean answersSecret(String path) {
        return SECRET_ANSWERS.matcher(path).matches();
    }

    private static final java.util.regex.Pattern SECRET_ANSWERS =
            java.util.regex.Pattern.compile("/?providers/me/runners/[^/]+/key/?");

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void filter(ContainerRequestContext req) throws IOException {
        String key = req.getHeaderString(HEADER);
        if (key == null || !"POST".equals(req.getMethod())) {
            return;
        }
        Principal who = req.getSecurityContext() == null ? null : req.getSecurityContext().getUserPrincipal();
        if (who == null) {
            return;
        }
        if (!wellFormed(key)) {
            req.abortWith(ProblemDetails.response(Response.Status.BAD_REQUEST, "the " + HEADER + " header must be 1 to "
                    + IdempotencyKeys.MAX_KEY_LENGTH + " printable ASCII characters"));
            return;
        }
        String path = req.getUriInfo().getPath();
        if (path.length() > IdempotencyKeys.MAX_PATH_LENGTH || answersSecret(path)) {
            return;
        }
        byte[] body = req.hasEntity() ? req.getEntityStream().readAllBytes() : new byte[0];
        req.setEntityStream(new ByteArrayInputStream(body));
        IdempotencyKeys.Request r = new IdempotencyKeys.Request(who.getName(), req.getMethod(), path, key,
                sha256(body));
        long deadline = System.nanoTime() + Settings.getLong("idempotency.wait.seconds", 30) * 1_000_000_000L;
        IdempotencyKeys keys = keys();
        while (true) {
            IdempotencyKeys.Claim c = keys.claim(r);
            switch (c.outcome()) {
                case CLAIMED -> {
                    req.setProperty(CLAIM, new Claimed(r));
                    return;
                }
                case ANSWERED -> {
                    IdempotencyKeys.Answer a = c.answer();
                    Response.ResponseBuilder b = Response.status(a.status()).header(REPLAYED, "true");
                    if (a.body().length > 0) {
                        b.entity(a.body()).type(a.contentType());
                    }
                    if (a.location() != null) {
                        b.header("Location", a.location());
                    }
                    req.abortWith(b.build());
                    return;
                }
                case OTHER_BODY -> {
                    req.abortWith(ProblemDetails.response(422, "Unprocessable Content", "the " + HEADER + " "
                            + key + " was already used for a " + req.getMethod() + " of /" + path.replaceFirst("^/", "")
                            + " with another body; use a new key for a new request"));
                    return;
                }
                case IN_PROGRESS -> {
                    if (System.nanoTime() > deadline) {
                        req.abortWith(ProblemDetails.response(Response.Status.CONFLICT, "a request with "
                                + HEADER + " " + key + " is still being processed; retry later with the same key"));
                        return;
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        req.abortWith(ProblemDetails.response(Response.Status.SERVICE_UNAVAILABLE,
                                "interrupted while waiting for a request with the same " + HEADER));
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        if (!(req.getProperty(CLAIM) instanceof Claimed c)) {
            return;
        }
        if (res.getStatus() >= 500) {
            req.removeProperty(CLAIM);
            release(c);
            return;
        }
        c.status = res.getStatus();
        c.location = res.getHeaderString("Location");
        if (!res.hasEntity()) {
            req.removeProperty(CLAIM);
            keys().complete(c.request, new IdempotencyKeys.Answer(c.status, null, c.location, new byte[0]));
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext ctx) throws IOException {
        if (!(ctx.getProperty(CLAIM) instanceof Claimed c) || c.status == 0) {
            ctx.proceed();
            return;
        }
        ctx.removeProperty(CLAIM);
        OutputStream original = ctx.getOutputStream();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        ctx.setOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                original.write(b, off, len);
                copy.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                original.flush();
            }
        });
        try {
            ctx.proceed();
        } catch (IOException | RuntimeException e) {
            release(c);
            throw e;
        } finally {
            ctx.setOutputStream(original);
        }
        String type = ctx.getMediaType() == null ? null : ctx.getMediaType().toString();
        keys().complete(c.request, new IdempotencyKeys.Answer(c.status, type, c.location, copy.toByteArray()));
    }

    private static void release(Claimed c) {
        try {
            keys().release(c.request);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not release idempotency key " + c.request.key() + " of "
                    + c.request.principal() + ": it frees itself when it expires", e);
        }
    }
}
