package org.trainex.computemarket.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import org.trainex.computemarket.api.RunnerKeyView;
import org.trainex.shared.api.AccessDeniedException;
import org.trainex.shared.api.InvalidInputException;

/**
 * The key of one runner, bound to its provider (issue 11 item 6; ADR 0012). The secret is 256 random bits, shown
 * once; only its SHA-256 is stored (a slow password hash buys nothing for a random 256-bit secret). One key per
 * runner: issuing again replaces it, revoking ends it; the runner id stays bound to the provider either way.
 */
@Entity
@Table(name = "runner_key", schema = "computemarket")
public class RunnerKey {
    /** Runner ids: what a runner may be called (also a URL path segment and a JMS selector value). */
    public static final Pattern RUNNER_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    /** Prefix of every key, so a leaked one is recognisable. */
    public static final String PREFIX = "trk_";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How often the last use is written, at most. */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    @Id
    @Column(name = "runner_id")
    private String runnerId;
    @Column(nullable = false, length = 100)
    private String provider;
    @Column(name = "key_sha256", length = 64)
    private String keySha256;
    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Version
    private long version;

    protected RunnerKey() {
    }

    /**
     * A runner id bound to {@code provider}, without a key yet ({@link #issue}).
     *
     * @throws InvalidInputException if the runner id is malformed
     */
    public RunnerKey(String runnerId, String provider) {
        this.runnerId = requireRunnerId(runnerId);
        this.provider = Objects.requireNonNull(provider);
    }

    /** @throws InvalidInputException if {@code id} is not 1..100 of letters, digits, '.', '_', '-' */
    public static String requireRunnerId(String id) {
        if (id == null || !RUNNER_ID.matcher(id).matches()) {
            throw new InvalidInputException("a runner id must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    /**
     * Issues a new secret, replacing the previous one. @return the secret (to be shown once)
     *
     * @throws AccessDeniedException if {@code caller} is not the provider the runner id is bound to
     */
    public String issue(String caller, Instant now) {
        requireOwner(caller);
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        this.keySha256 = sha256(key);
        this.issuedAt = now;
        this.revokedAt = null;
        return key;
    }

    /** Revokes the key (idempotent). @throws AccessDeniedException if {@code caller} is not the provider */
    public void revoke(String caller, Instant now) {
        requireOwner(caller);
        if (revokedAt == null) {
            revokedAt = now;
            keySha256 = null;
        }
    }

    /** Whether a use at {@code now} should be recorded: the last recorded use is older than a minute, or none. */
    public boolean useDue(Instant now) {
        return lastUsedAt == null || lastUsedAt.plus(USE_RESOLUTION).isBefore(now);
    }

    /** The cut-off for recording a use at {@code now}: uses recorded before it are refreshed. */
    public static Instant useCutoff(Instant now) {
        return now.minus(USE_RESOLUTION);
    }

    private void requireOwner(String caller) {
        if (!provider.equals(caller)) {
            throw new AccessDeniedException("runner id " + runnerId + " belongs to another provider");
        }
    }

    /** Hex SHA-256 of a presented key, the form it is stored and looked up in. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String runnerId() {
        return runnerId;
    }

    public String provider() {
        return provider;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether the runner has a working key: issued and not revoked (a row not yet issued has none). */
    public boolean live() {
        return keySha256 != null;
    }

    public RunnerKeyView toView() {
        return new RunnerKeyView(runnerId, provider, issuedAt, revokedAt, lastUsedAt);
    }
}
