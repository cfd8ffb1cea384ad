package org.trainex.runner.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * OAuth 2.0 client-credentials grant against an OIDC token endpoint (Keycloak:
 * {@code {issuer}/protocol/openid-connect/token}), RFC 6749 section 4.4. The client authenticates with HTTP
 * Basic ({@code client_secret_basic}, RFC 6749 section 2.3.1, id and secret form-url-encoded first).
 *
 * <p>The token is cached until shortly before it expires: {@code expires_in} (seconds) minus 30 s, or minus
 * half its lifetime for tokens shorter than a minute. The secret never appears in logs or messages.
 *
 * <p>Errors of {@link #accessToken()}: HTTP 400/401 (wrong client id or secret) is a
 * {@link CredentialsRejectedException}; an unreachable endpoint, any other status or a 200 without
 * {@code access_token} is an {@link ExchangeUnavailableException} (see {@link StartupToken} for waiting on a
 * token endpoint that is still starting).
 */
public final class OidcClientCredentials implements TokenSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    /**
     * @param tokenUrl     the token endpoint
     * @param clientId     OAuth client id
     * @param clientSecret OAuth client secret
     */
    public OidcClientCredentials(HttpClient http, URI tokenUrl, String clientId, String clientSecret, Clock clock) {
        this.http = Objects.requireNonNull(http);
        this.tokenUrl = Objects.requireNonNull(tokenUrl);
        this.clientId = Objects.requireNonNull(clientId);
        this.clientSecret = Objects.requireNonNull(clientSecret);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public synchronized String accessToken() throws ExchangeUnavailableException {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return token;
    }

    @Override
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch() throws ExchangeUnavailableException {
        String basic = Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ExchangeUnavailableException("cannot reach the OIDC token endpoint " + tokenUrl + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeUnavailableException("interrupted while fetching a token from " + tokenUrl, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            String error = body == null ? "" : body.path("error").asText("") + " "
                    + body.path("error_description").asText("");
            String message = "the OIDC token endpoint " + tokenUrl + " rejected client '" + clientId + "' (HTTP "
                    + response.statusCode() + (error.isBlank() ? "" : ", " + error.trim()) + ")";
            if (response.statusCode() == 400 || response.statusCode() == 401) {
                throw new CredentialsRejectedException(message
                        + "; check TRAINEX_RUNNER_CLIENT_ID / TRAINEX_RUNNER_CLIENT_SECRET");
            }
            throw new ExchangeUnavailableException(message);
        }
        if (body == null || !body.hasNonNull("access_token")) {
            throw new ExchangeUnavailableException("the OIDC token endpoint " + tokenUrl
                    + " answered 200 without an access_token");
        }
        long lifetime = body.path("expires_in").asLong(60);
        long margin = lifetime >= 60 ? 30 : lifetime / 2;
        token = body.get("access_token").asText();
        refreshAt = clock.instant().plusSeconds(lifetime - margin);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
