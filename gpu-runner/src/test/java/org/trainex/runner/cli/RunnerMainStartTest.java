package org.trainex.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainex.runner.FakeExchange;

/** Start-up against the OIDC token endpoint, in process (the runner exits before it measures or connects). */
class RunnerMainStartTest {
    @TempDir
    Path cache;

    int run(String tokenUrl, String secret, String... extra) {
        String[] base = {"run", "--token-url", tokenUrl, "--client-id", "runner-client", "--cache-dir",
                cache.toString(), "--broker", "tcp://127.0.0.1:1", "--capacity", "100"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return RunnerMain.run(args, Map.of("TRAINEX_RUNNER_CLIENT_SECRET", secret, "TRAINEX_RUNNER_KEY", "rk_start"),
                sink, sink);
    }

    @Test
    void unreachableTokenEndpointIsRetriedUntilTheStartTimeoutThenExits4() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        int code = run("http://127.0.0.1:" + closedPort + "/token", "secret", "--start-timeout-seconds", "2");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(RunnerMain.EXCHANGE, code);
        assertTrue(seconds >= 1.9 && seconds < 10, "waited the start timeout (1 s + 1 s pauses): " + seconds);
    }

    @Test
    void rejectedCredentialsExit4AtOnce() throws Exception {
        try (FakeExchange exchange = new FakeExchange("runner-client", "right", "rk_start")) {
            long t0 = System.nanoTime();
            int code = run(exchange.tokenUrl().toString(), "wrong", "--start-timeout-seconds", "60");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(RunnerMain.EXCHANGE, code);
            assertEquals(0, exchange.tokenRequests.get(), "no token was issued");
            assertTrue(seconds < 5, "no waiting on rejected credentials: " + seconds);
        }
    }
}
