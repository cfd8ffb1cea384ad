package org.trainex.runner.exchange;

/** Source of OAuth 2.0 bearer access tokens (RFC 6750) for the exchange's API. */
public interface TokenSource {
    /**
     * A currently valid access token (cached while valid).
     *
     * @throws ExchangeUnavailableException if the token endpoint is unreachable or rejects the client
     */
    String accessToken() throws ExchangeUnavailableException;

    /** Forgets the cached token (after the API answered 401), so the next call fetches a new one. */
    void invalidate();
}
