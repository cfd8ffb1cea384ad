package org.trainex.shared.api;

/**
 * The REST API's idempotency keys (issue 11 item 5; the IETF draft "The Idempotency-Key HTTP Header Field"): a
 * request that creates something may carry a key; the first request with a key is executed, its answer stored, and
 * every later request of the same principal with the same method, path and key gets that answer again (if its body
 * is the same) or is refused (if not). Each method runs in its own committed transaction, so a claim is visible to
 * concurrent requests at once.
 *
 * <p>Keys live {@code TRAINEX_IDEMPOTENCY_TTL_SECONDS} (default 86,400 s = 24 h) from their first use; then the
 * key is free again. Keys are 1..{@value #MAX_KEY_LENGTH} printable ASCII characters.
 */
public interface IdempotencyKeys {
    /** Longest key, in characters. */
    int MAX_KEY_LENGTH = 255;
    /** Longest path (below the API root) whose requests are made idempotent. */
    int MAX_PATH_LENGTH = 1000;

    /**
     * Which request: the principal's name, the HTTP method, the path below the API root and the key.
     *
     * @param bodySha256 hex SHA-256 of the request body (64 characters)
     */
    record Request(String principal, String method, String path, String key, String bodySha256) {
    }

    /**
     * A stored answer.
     *
     * @param status      HTTP status
     * @param contentType media type of the body, or null without a body
     * @param location    the Location header, or null
     * @param body        the body's bytes (empty without a body)
     */
    record Answer(int status, String contentType, String location, byte[] body) {
    }

    /** What a claim found. */
    enum Outcome {
        /** The key was free: the caller executes the request and then {@link #complete}s or {@link #release}s. */
        CLAIMED,
        /** The key was used with the same body and answered: replay {@link Claim#answer()}. */
        ANSWERED,
        /** The key was used with another body: 422. */
        OTHER_BODY,
        /** The key was claimed with the same body and is not answered yet: wait and claim again. */
        IN_PROGRESS
    }

    /** The result of {@link #claim}: the outcome, and the stored answer when {@link Outcome#ANSWERED}. */
    record Claim(Outcome outcome, Answer answer) {
    }

    /**
     * Claims {@code request}'s key (INSERT ... ON CONFLICT DO NOTHING, committed at once), or reports who has it.
     * An expired row is removed first.
     */
    Claim claim(Request request);

    /** Stores the answer of a claimed request (the key then replays it until it expires). */
    void complete(Request request, Answer answer);

    /** Frees a claimed key whose request failed (5xx or no answer): a retry executes again. */
    void release(Request request);

    /** Removes expired keys. @return how many */
    int purgeExpired();

    /** The keys' time to live, seconds: {@code TRAINEX_IDEMPOTENCY_TTL_SECONDS}, default 86,400. */
    static long ttlSeconds() {
        return Settings.getLong("idempotency.ttl.seconds", 86_400);
    }
}
