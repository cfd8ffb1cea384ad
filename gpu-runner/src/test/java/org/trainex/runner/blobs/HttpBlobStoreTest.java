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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainex.jobs.protocol.ContentIds;
import org.trainex.runner.FakeExchange;

class HttpBlobStoreTest {
    @TempDir
    Path cache;
    FakeExchange exchange;
    HttpClient http = HttpClient.newHttpClient();
    HttpBlobStore store;

    @BeforeEach
    void start() throws Exception {
        exchange = new FakeExchange("runner-client", "secret");
        store = new HttpBlobStore(http, exchange.exchangeUrl(), new OidcClientCredentials(http, exchange.tokenUrl(),
                "runner-client", "secret", Clock.systemUTC()), cache);
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
        HttpBlobStore bad = new HttpBlobStore(http, exchange.exchangeUrl(), new OidcClientCredentials(http,
                exchange.tokenUrl(), "runner-client", "wrong", Clock.systemUTC()), cache);
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
    void forbiddenBlobIsATaskError() {
        String cid = exchange.add(new byte[] {1});
        exchange.failWith.put(cid, 403);
        assertTrue(assertThrows(BlobException.class, () -> store.fetch(cid)).getMessage().contains("HTTP 403"));
    }
}
