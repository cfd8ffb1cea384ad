package org.trainex.runner.blobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.runner.FakeExchange;
import org.trainex.runner.exchange.ExchangeUnavailableException;
import org.trainex.runner.exchange.OidcClientCredentials;
import org.trainex.runner.exchange.RunnerKey;
import org.trainex.runner.exchange.RunnerKeyRejectedException;

class HttpBlobStoreTest {
    static final String KEY = "rk_test-Key.0123456789";

    @TempDir
    Path cache;
    FakeExchange exchange;
    HttpClient http = HttpClient.newHttpClient();
    /** The task "in hand", as the task loop would report it; null: none. */
    final AtomicReference<UUID> task = new AtomicReference<>();
    HttpBlobStore store;

    @BeforeEach
    void start() throws Exception {
        exchange = new FakeExchange("runner-client", "secret", KEY);
        store = store(KEY, "secret");
    }

    HttpBlobStore store(String key, String clientSecret) throws Exception {
        return new HttpBlobStore(http, exchange.exchangeUrl(), new OidcClientCredentials(http, exchange.tokenUrl(),
                "runner-client", clientSecret, Clock.systemUTC()), new RunnerKey(key),
                () -> Optional.ofNullable(task.get()), cache);
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    @Test
    void putThenFetchVerifiesAndCaches() throws Exception {
        Path file = Files.write(cache.resolve("upload.bin"), "hello world".getBytes(StandardCharsets.UTF_8));
        String cid = store.put(file);
        assertEquals("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", cid);
        assertArrayEquals("hello world".getBytes(StandardCharsets.UTF_8), exchange.blobs.get(cid));

        String other = exchange.add("other bytes".getBytes(StandardCharsets.UTF_8));
        Path fetched = store.fetch(other);
        assertEquals("other bytes", Files.readString(fetched));
        store.fetch(other);
        assertEquals(1, exchange.gets.get(), "second fetch comes from the cache");
        assertEquals(1, exchange.tokenRequests.get(), "token is cached");
        assertEquals(0, exchange.keyRejections.get(), "the key went with the PUT and the GET");
    }

    @Test
    void downloadsNameTheTaskInHandAndNoneWithoutOne() throws Exception {
        UUID t = UUID.randomUUID();
        task.set(t);
        String a = exchange.add(new byte[] {1, 1});
        store.fetch(a);
        assertEquals(store.uri(a) + "?task=" + t, store.uri(a, Optional.of(t)).toString());
        task.set(null);
        String b = exchange.add(new byte[] {2, 2});
        store.fetch(b);
        assertEquals(List.of(new FakeExchange.Download(a, t.toString()), new FakeExchange.Download(b, null)),
                exchange.downloads);
        assertEquals(store.uri(b), store.uri(b, Optional.empty()));

        task.set(UUID.randomUUID());
        store.fetch(a);
        assertEquals(2, exchange.gets.get(), "a cached blob is not requested again, whatever the task");
        assertEquals(0, exchange.keyRejections.get(), "the key went with every request");
    }

    @Test
    void aRejectedRunnerKeySaysSoWithoutRetryingOrShowingTheKey() throws Exception {
        HttpBlobStore revoked = store("rk_revoked-key", "secret");
        String cid = exchange.add(new byte[] {3});
        task.set(UUID.randomUUID());
        RunnerKeyRejectedException e = assertThrows(RunnerKeyRejectedException.class, () -> revoked.fetch(cid));
        assertTrue(e.getMessage().startsWith("runner key rejected by the exchange (unknown or revoked): ask the "
                + "provider for a new key (HTTP 401 on GET "), e.getMessage());
        assertTrue(e.getMessage().contains("Unauthorized: missing, unknown or revoked Trainex-Runner-Key"),
                e.getMessage());
        assertFalse(e.getMessage().contains("rk_revoked-key"), "the key must not appear");
        assertEquals(1, exchange.keyRejections.get(), "the answer names the key: no retry");
        assertEquals(1, exchange.tokenRequests.get(), "nor a new token");
        assertTrue(e instanceof ExchangeUnavailableException, "the task is rolled back, the runner exits 4");

        Path file = Files.write(cache.resolve("up.bin"), new byte[] {4});
        assertTrue(assertThrows(RunnerKeyRejectedException.class, () -> revoked.put(file)).getMessage()
                .startsWith(RunnerKey.REJECTED + " (HTTP 401 on PUT "));
    }

    @Test
    void a401EvenWithAFreshTokenIsReportedAsARejectedKey() throws Exception {
        exchange.rejectTokens = true;
        RunnerKeyRejectedException e = assertThrows(RunnerKeyRejectedException.class,
                () -> store.fetch(exchange.add(new byte[] {5})));
        assertTrue(e.getMessage().startsWith(RunnerKey.REJECTED) && e.getMessage().contains(
                "even with a fresh bearer token"), e.getMessage());
        assertEquals(2, exchange.tokenRequests.get(), "one retry with a new token");
    }

    @Test
    void missingBlobIsATaskError() {
        String cid = ContentIds.of(new byte[] {1, 2, 3});
        BlobException e = assertThrows(BlobException.class, () -> store.fetch(cid));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void corruptDownloadIsRejectedAndNotCached() throws Exception {
        String cid = exchange.add(new byte[] {1, 2, 3});
        exchange.corrupt.put(cid, new byte[] {1, 2, 4});
        BlobException e = assertThrows(BlobException.class, () -> store.fetch(cid));
        assertTrue(e.getMessage().contains("failed verification"), e.getMessage());
        assertFalse(Files.exists(cache.resolve(cid)));
        try (var files = Files.list(cache)) {
            assertEquals(0, files.count(), "no partial files left");
        }
    }

    @Test
    void corruptedCacheEntryIsDownloadedAgain() throws Exception {
        String cid = exchange.add(new byte[] {5, 6, 7});
        store.fetch(cid);
        Files.write(cache.resolve(cid), new byte[] {0});
        assertArrayEquals(new byte[] {5, 6, 7}, Files.readAllBytes(store.fetch(cid)));
        assertEquals(2, exchange.gets.get());
    }

    @Test
    void expiredTokenIsRefreshedOnce() throws Exception {
        store.fetch(exchange.add(new byte[] {8}));
        exchange.revokeToken();
        store.fetch(exchange.add(new byte[] {9}));
        assertEquals(2, exchange.tokenRequests.get());
    }

    @Test
    void rejectedClientCredentialsSaySo() throws Exception {
        HttpBlobStore bad = store(KEY, "wrong");
        ExchangeUnavailableException e = assertThrows(ExchangeUnavailableException.class,
                () -> bad.fetch(exchange.add(new byte[] {1})));
        assertTrue(e.getMessage().contains("rejected client 'runner-client' (HTTP 401, invalid_client"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "secret must not appear");
    }

    @Test
    void serverErrorsAreRetriedThenReportedAsUnavailable() {
        String cid = exchange.add(new byte[] {1});
        exchange.failWith.put(cid, 503);
        ExchangeUnavailableException e = assertThrows(ExchangeUnavailableException.class, () -> store.fetch(cid));
        assertTrue(e.getMessage().contains("failed 4 times, last: HTTP 503"), e.getMessage());
    }

    @Test
    void forbiddenBlobIsATaskErrorWithTheServersMessage() {
        String cid = exchange.add(new byte[] {1});
        UUID t = UUID.randomUUID();
        task.set(t);
        exchange.failWith.put(cid, 403);
        BlobException e = assertThrows(BlobException.class, () -> store.fetch(cid));
        assertTrue(e.getMessage().contains("HTTP 403") && e.getMessage().contains("Injected: injected failure")
                && e.getMessage().contains("?task=" + t), e.getMessage());
        assertTrue(exchange.downloads.isEmpty(), "refused before it was served");
    }
}
