package org.trainex.runner.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Execution;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.jobs.protocol.RunnerAuth;
import org.trainex.runner.exchange.Backoff;
import org.trainex.runner.exchange.CredentialsRejectedException;
import org.trainex.runner.exchange.ExchangeClient;
import org.trainex.runner.exchange.ExchangeConnectionException;
import org.trainex.runner.exchange.ExchangeHttpException;
import org.trainex.runner.exchange.ExchangeUnavailableException;
import org.trainex.runner.exchange.RunnerKey;
import org.trainex.runner.exchange.RunnerKeyRejectedException;
import org.trainex.runner.exchange.TokenSource;

/**
 * Tells the exchange that this runner exists, what it can do, and that it is alive (DKLabs, seed
 * {@code 002_8b9981a38935bd21.txt}, Section 7.2 item 3: compute is allocated by capacity, and a node that
 * "goes offline for an extended period" loses its allocation, so the exchange must know which runners are
 * alive).
 *
 * <p>Requests go through the runner's {@link ExchangeClient}, each with {@code Authorization: Bearer <token>} from
 * the {@link TokenSource} (on a 401 the token is invalidated and the request sent once more with a new one, unless
 * the answer names the runner key), this runner's key in the header {@value RunnerAuth#KEY_HEADER} ({@link
 * RunnerKey}; issue 11 item 6, ADR 0012), {@code Content-Type: application/json}:
 * <ul>
 *   <li>registration: {@code PUT {exchange}/api/runners/{runnerId}} with {@code {"provider": ..., "region": ...,
 *       "hardware": ..., "capacitySamplesPerSecond": <samples/s>, "measuredOn": ...}} ({@link Profile});
 *       200 or 201 expected (the body is only logged at debug level). Idempotent: sent again after a restart
 *       or an outage.</li>
 *   <li>heartbeat, every {@code heartbeatInterval} after a successful registration: {@code POST
 *       {exchange}/api/runners/{runnerId}/heartbeat} with {@code {"busy": <a task is running>, "taskId":
 *       <its uuid or null>}} ({@link Activity}); 204 or 200 expected.</li>
 * </ul>
 * Everything runs on one daemon thread ({@value #THREAD_NAME}) started by {@link #start()} and stopped by
 * {@link #close()}; the task loop never waits for the exchange. The thread does not use the broker: while the
 * task loop reconnects to a lost broker it goes on (reporting the runner idle), and if the exchange is down at the
 * same time (one WildFly restarting) it retries as below until it is back.
 *
 * <p>Errors never stop the runner; they are logged and retried:
 * <ul>
 *   <li>exchange unreachable, HTTP 5xx/429, 404 (the exchange does not offer runner registration yet, or has
 *       forgotten this runner), 405 (WildFly is up but the application not yet deployed: its root handler refuses
 *       the PUT), the token endpoint unreachable: an <i>outage</i>. One warning when it starts, the
 *       registration is retried after 1 s, 2 s, 4 s ... up to 30 s ({@code backoffFirst} doubling to
 *       {@code backoffMax}: {@link Backoff#exchangeOutage}), and one info line when it succeeds again. A failed heartbeat starts an outage too:
 *       the runner registers again before the next heartbeat.</li>
 *   <li>the runner key rejected: a 401 whose problem+json names the key ({@link RunnerKey#rejectedBy}), or a
 *       401 even with a new token. Logged once as an error starting with {@link RunnerKey#REJECTED} ("runner
 *       key rejected by the exchange (unknown or revoked): ask the provider for a new key"), with the problem
 *       detail; repeats at debug level until a request succeeds again; retried at the slow pace
 *       ({@code backoffMax}: {@link Backoff#slowPace}), never fatal (a new key from the provider needs a restart of the runner with
 *       it).</li>
 *   <li>any other HTTP 4xx (400 invalid registration, 403 missing role) or rejected client credentials: logged
 *       as an error with the response body (the problem+json {@code detail} when there is one; repeated
 *       identical errors at debug level), retried at the slow pace ({@code backoffMax}).</li>
 * </ul>
 * Once a request was refused, every retry until the next success keeps the slow pace, also when an outage
 * follows.
 */
public final class ExchangeRegistration implements AutoCloseable {
    /** Name of the heartbeat thread. */
    public static final String THREAD_NAME = "exchange-heartbeat";
    /** Default first retry delay after a failure ({@link Backoff#OUTAGE_FIRST_DELAY}). */
    public static final Duration BACKOFF_FIRST = Backoff.OUTAGE_FIRST_DELAY;
    /** Default longest retry delay, and the pace of retries after a 4xx ({@link Backoff#OUTAGE_MAX_DELAY}). */
    public static final Duration BACKOFF_MAX = Backoff.OUTAGE_MAX_DELAY;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeRegistration.class);

    /**
     * What the runner registers.
     *
     * @param provider                 the provider operating the runner (1 to 100 characters)
     * @param region                   where it runs (1 to 100 characters)
     * @param hardware                 description of its hardware (1 to 500 characters)
     * @param capacitySamplesPerSecond its capacity, samples/s of the reference model, finite and positive
     * @param measuredOn               how the capacity was obtained (1 to 200 characters)
     */
    public record Profile(String provider, String region, String hardware, double capacitySamplesPerSecond,
                          String measuredOn) {
        /** @throws IllegalArgumentException naming the first bad field */
        public Profile {
            text("provider", provider, 100);
            text("region", region, 100);
            text("hardware", hardware, 500);
            text("measuredOn", measuredOn, 200);
            if (!(capacitySamplesPerSecond > 0) || Double.isInfinite(capacitySamplesPerSecond)) {
                throw new IllegalArgumentException("capacitySamplesPerSecond must be positive, not "
                        + capacitySamplesPerSecond);
            }
        }

        private static void text(String field, String value, int max) {
            if (value == null || value.isBlank() || value.length() > max) {
                throw new IllegalArgumentException(field + " must have 1 to " + max + " characters");
            }
        }
    }

    /**
     * What a heartbeat reports.
     *
     * @param busy   whether a task is running
     * @param taskId the running task, or null (idle, or not yet decoded)
     */
    public record Activity(boolean busy, UUID taskId) {
        /** Idle. */
        public static final Activity IDLE = new Activity(false, null);
    }

    private final ExchangeClient exchange;
    private final URI registrationUri;
    private final URI heartbeatUri;
    private final String runnerId;
    private final Profile profile;
    private final Supplier<Activity> activity;
    private final Duration interval;
    private final Duration backoffFirst;
    private final Duration backoffMax;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong registrations = new AtomicLong();
    private volatile boolean registered;
    private volatile boolean closed;
    private boolean started;
    // state of the heartbeat thread only
    /** The retries since the last success (Failsafe, standalone): null while all is well. */
    private Execution<Object> retrying;
    /** Whether {@link #retrying} is at the slow pace: the exchange refused a request since the last success. */
    private boolean slowPace;
    private long outageStart;
    private int outageFailures;
    private String lastRejection;
    private boolean keyRejected;

    /** With the default backoff (1 s doubling to 30 s). */
    public ExchangeRegistration(HttpClient http, URI exchange, TokenSource tokens, RunnerKey key, String runnerId,
                                Profile profile, Supplier<Activity> activity, Duration heartbeatInterval) {
        this(http, exchange, tokens, key, runnerId, profile, activity, heartbeatInterval, BACKOFF_FIRST,
                BACKOFF_MAX);
    }

    /** With the default backoff (1 s doubling to 30 s). */
    public ExchangeRegistration(ExchangeClient exchange, String runnerId, Profile profile,
                                Supplier<Activity> activity, Duration heartbeatInterval) {
        this(exchange, runnerId, profile, activity, heartbeatInterval, BACKOFF_FIRST, BACKOFF_MAX);
    }

    /**
     * @param exchange base URL of the exchange, e.g. {@code http://127.0.0.1:8080/trainex}
     * @param tokens   bearer tokens for every request (OIDC client credentials)
     * @param key      this runner's key, sent with every request; the one its provider issued for {@code runnerId}
     * @see #ExchangeRegistration(ExchangeClient, String, Profile, Supplier, Duration, Duration, Duration)
     */
    public ExchangeRegistration(HttpClient http, URI exchange, TokenSource tokens, RunnerKey key, String runnerId,
                                Profile profile, Supplier<Activity> activity, Duration heartbeatInterval,
                                Duration backoffFirst, Duration backoffMax) {
        this(new ExchangeClient(http, exchange, tokens, key), runnerId, profile, activity, heartbeatInterval,
                backoffFirst, backoffMax);
    }

    /**
     * @param exchange          the exchange, with this runner's bearer tokens and key (the one its provider issued
     *                          for {@code runnerId}) for every request
     * @param runnerId          this runner's id (percent-encoded into the path)
     * @param activity          asked before every heartbeat (called on the heartbeat thread; must be thread-safe)
     * @param heartbeatInterval time between heartbeats, positive
     * @param backoffFirst      first retry delay after a failure, positive
     * @param backoffMax        longest retry delay and pace after a 4xx, at least {@code backoffFirst}
     * @throws IllegalArgumentException on non-positive durations
     */
    public ExchangeRegistration(ExchangeClient exchange, String runnerId, Profile profile,
                                Supplier<Activity> activity, Duration heartbeatInterval, Duration backoffFirst,
                                Duration backoffMax) {
        this.exchange = Objects.requireNonNull(exchange);
        this.runnerId = Objects.requireNonNull(runnerId);
        this.profile = Objects.requireNonNull(profile);
        this.activity = Objects.requireNonNull(activity);
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || backoffFirst.isNegative()
                || backoffFirst.isZero() || backoffMax.compareTo(backoffFirst) < 0) {
            throw new IllegalArgumentException("heartbeat interval and backoff must be positive");
        }
        this.interval = heartbeatInterval;
        this.backoffFirst = backoffFirst;
        this.backoffMax = backoffMax;
        this.registrationUri = exchange.uri("/api/runners/" + pathSegment(runnerId));
        this.heartbeatUri = URI.create(registrationUri + "/heartbeat");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts registering now (asynchronously), then heartbeats. Idempotent. */
    public synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        schedule(Duration.ZERO);
    }

    /** {@code PUT} target: {@code {exchange}/api/runners/{runnerId}}. */
    public URI registrationUri() {
        return registrationUri;
    }

    /** {@code POST} target: {@code {exchange}/api/runners/{runnerId}/heartbeat}. */
    public URI heartbeatUri() {
        return heartbeatUri;
    }

    /** True between a successful registration and the next failure. */
    public boolean registered() {
        return registered;
    }

    /** Heartbeats the exchange accepted. */
    public long heartbeatsAccepted() {
        return heartbeats.get();
    }

    /** Registrations the exchange accepted. */
    public long registrationsAccepted() {
        return registrations.get();
    }

    /** True once {@link #close()} stopped the heartbeat thread. */
    public boolean stopped() {
        return scheduler.isTerminated();
    }

    /**
     * Stops the heartbeat thread: no request is sent afterwards; one in flight is interrupted. Waits up to 2 s
     * for the thread to end. Nothing is sent to the exchange (it notices from the missing heartbeats).
     */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("the heartbeat thread did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(Duration delay) {
        if (closed) {
            return;
        }
        try {
            scheduler.schedule(this::tick, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** One step on the heartbeat thread: register if needed, else send a heartbeat; then schedule the next. */
    private void tick() {
        if (closed) {
            return;
        }
        try {
            schedule(registered ? heartbeat() : register());
        } catch (RuntimeException e) {  // never let the thread die silently
            LOG.error("heartbeat thread: unexpected {}", e.toString(), e);
            schedule(backoffMax);
        }
    }

    /** @return the delay before the next step */
    private Duration register() {
        ObjectNode body = JSON.createObjectNode()
                .put("provider", profile.provider())
                .put("region", profile.region())
                .put("hardware", profile.hardware())
                .put("capacitySamplesPerSecond", profile.capacitySamplesPerSecond())
                .put("measuredOn", profile.measuredOn());
        Response r = send("PUT", registrationUri, body);
        if (r.interrupted()) {
            return Duration.ZERO;
        }
        if (r.status() == 200 || r.status() == 201) {
            registered = true;
            registrations.incrementAndGet();
            String again = outageFailures == 0 ? "" : String.format(Locale.ROOT, " again after %d failed attempt(s) "
                    + "over %.1f s", outageFailures, (System.nanoTime() - outageStart) / 1e9);
            LOG.info("registered with the exchange{} as runner {} (HTTP {}): provider {}, region {}, {} samples/s "
                            + "({}), hardware {}; heartbeat every {} s", again, runnerId, r.status(),
                    profile.provider(), profile.region(),
                    String.format(Locale.ROOT, "%.1f", profile.capacitySamplesPerSecond()), profile.measuredOn(),
                    profile.hardware(), String.format(Locale.ROOT, "%.3g", interval.toMillis() / 1000.0));
            LOG.debug("registration answer: {}", r.body());
            recovered();
            return interval;
        }
        return failed("registration (PUT " + registrationUri + ")", r);
    }

    /** @return the delay before the next step */
    private Duration heartbeat() {
        Activity now;
        try {
            now = Objects.requireNonNullElse(activity.get(), Activity.IDLE);
        } catch (RuntimeException e) {
            LOG.debug("activity unknown: {}", e.toString());
            now = Activity.IDLE;
        }
        ObjectNode body = JSON.createObjectNode().put("busy", now.busy());
        if (now.busy() && now.taskId() != null) {
            body.put("taskId", now.taskId().toString());
        } else {
            body.putNull("taskId");
        }
        Response r = send("POST", heartbeatUri, body);
        if (r.interrupted()) {
            return Duration.ZERO;
        }
        if (r.status() >= 200 && r.status() < 300) {
            heartbeats.incrementAndGet();
            return interval;
        }
        registered = false;  // register again first: the exchange may have lost or expired this runner
        if (r.status() == 404) {
            LOG.warn("the exchange does not know runner {} (HTTP 404 on POST {}); registering again", runnerId,
                    heartbeatUri);
            return Duration.ZERO;
        }
        return failed("heartbeat (POST " + heartbeatUri + ")", r);
    }

    /** Logs a failure as the class comment says; @return the delay before the next attempt */
    private Duration failed(String what, Response r) {
        if (r.keyRejected()) {
            String message = RunnerKey.REJECTED + " (HTTP 401 on the " + what + " of runner " + runnerId
                    + (r.freshToken() ? " even with a fresh bearer token" : "") + detailSuffix(r) + ")";
            if (!keyRejected) {
                LOG.error("{}; retrying every {} s", message, seconds(backoffMax));
                keyRejected = true;
            } else {
                LOG.debug("{}", message);
            }
            return retry(true, r);
        }
        boolean rejected = r.rejected() || (r.status() >= 400 && r.status() < 500 && r.status() != 404
                && r.status() != 405 && r.status() != 429);
        if (rejected) {
            String message = "the exchange refused the " + what + " of runner " + runnerId
                    + (r.status() > 0 ? " (HTTP " + r.status() + ")" : "") + ": " + r.problem();
            if (!message.equals(lastRejection)) {
                LOG.error("{}; retrying every {} s", message, backoffMax.toSeconds());
                lastRejection = message;
            } else {
                LOG.debug("{}", message);
            }
            return retry(true, r);
        }
        String problem = r.status() > 0 ? "HTTP " + r.status() + detailSuffix(r) : r.problem();
        if (outageFailures++ == 0) {
            outageStart = System.nanoTime();
            LOG.warn("exchange unavailable for runner {}: {} failed ({}); retrying the registration every {} s "
                            + "doubling to {} s, quietly until it succeeds", runnerId, what, problem,
                    seconds(backoffFirst), seconds(backoffMax));
        } else {
            LOG.debug("{} failed again ({})", what, problem);
        }
        return retry(false, r);
    }

    /**
     * Records a failure with the retries since the last success and answers the pause before the next attempt: an
     * outage backs off from {@code backoffFirst} doubling to {@code backoffMax} ({@link Backoff#exchangeOutage});
     * once the exchange refused a request, every further retry until a success waits {@code backoffMax}
     * ({@link Backoff#slowPace}).
     */
    private Duration retry(boolean refused, Response r) {
        if (refused && !slowPace) {
            retrying = Execution.of(Backoff.slowPace(backoffMax).build());
            slowPace = true;
        } else if (retrying == null) {
            retrying = Execution.of(Backoff.exchangeOutage(backoffFirst, backoffMax).build());
        }
        retrying.recordResult(r);
        return retrying.getDelay();
    }

    private void recovered() {
        outageFailures = 0;
        lastRejection = null;
        keyRejected = false;
        retrying = null;
        slowPace = false;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3g", d.toMillis() / 1000.0);
    }

    private static String detailSuffix(Response r) {
        String p = r.problem();
        return p.isEmpty() ? "" : ": " + p;
    }

    /**
     * Sends through the {@link ExchangeClient} (bearer token and runner key; on a 401 that does not name the runner
     * key it invalidates the token and sends once more).
     *
     * @return the answer: a status and body, or the failure to get one as the class comment sorts them (status 0
     *         and the problem: connection error, token endpoint unavailable; {@code rejected} for rejected client
     *         credentials; {@code keyRejected} for a 401 naming the key or a second 401)
     */
    private Response send(String method, URI uri, JsonNode body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            HttpResponse<String> response = exchange.send(() -> HttpRequest.newBuilder(uri)
                            .timeout(REQUEST_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json, application/problem+json")
                            .method(method, HttpRequest.BodyPublishers.ofByteArray(json)),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), Objects.requireNonNullElse(response.body(), ""), null, false,
                    false, false, false);
        } catch (RunnerKeyRejectedException e) {
            return new Response(401, "", e.detail(), false, true, e.afterFreshToken(), false);
        } catch (CredentialsRejectedException e) {
            return new Response(0, "", e.getMessage(), true, false, false, false);
        } catch (ExchangeHttpException e) {
            return new Response(e.status(), "", e.detail(), false, false, false, false);
        } catch (ExchangeConnectionException e) {
            return new Response(0, "", e.problem(), false, false, false, false);
        } catch (ExchangeUnavailableException e) {
            if (closed || Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                return Response.INTERRUPTED;
            }
            return new Response(0, "", "no access token: " + e.getMessage(), false, false, false, false);
        } catch (IOException e) {  // the request factory cannot fail (a byte array body)
            return new Response(0, "", e.toString(), false, false, false, false);
        }
    }

    /**
     * An answer (status > 0) or a failure to get one (status 0, {@code problem} says why).
     *
     * @param body        the body of a 2xx answer (only logged), else empty
     * @param problem     what went wrong, null for a 2xx answer: the connection or token error, or the
     *                    problem+json {@code title: detail} of an error answer (or its body; at most 300 chars)
     * @param keyRejected a 401 that names the runner key, or a 401 even with a fresh token (then
     *                    {@code freshToken} is true)
     */
    private record Response(int status, String body, String problem, boolean rejected, boolean keyRejected,
                            boolean freshToken, boolean interrupted) {
        static final Response INTERRUPTED = new Response(0, "", "interrupted", false, false, false, true);

        /** The problem, or empty. */
        @Override
        public String problem() {
            return problem == null ? "" : problem;
        }
    }

    /** Percent-encodes a path segment (RFC 3986 unreserved characters stay). */
    static String pathSegment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return sb.toString();
    }
}
