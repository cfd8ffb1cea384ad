package org.trainex.chain.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real hardhat dev chain (hardhat 2, chainId 31337, automine) for contract tests and benchmarks: runs
 * {@code chain-gateway/node_modules/.bin/hardhat node --hostname 127.0.0.1 --port <free port>} from the chain-gateway
 * directory, waits until it answers {@code eth_chainId}, and stops it (with its child processes) afterwards.
 *
 * <p>As a JUnit 5 extension ({@code @ExtendWith(HardhatNode.class)}) it starts one node per test run, shared by all
 * test classes (each deploys its own contracts), stopped when the run ends, and injects a {@link DevChain} parameter.
 * Standalone: {@code try (HardhatNode.Running node = HardhatNode.start()) {...}}. The node's output goes to
 * {@code target/hardhat-node-<port>.log}. The node listens on 127.0.0.1 only.
 */
public final class HardhatNode implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(HardhatNode.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    /** A started node; {@link #close()} stops it and waits for the process tree to exit. */
    public static final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        private final Process process;
        private final int port;
        private final Path log;
        private final Thread shutdownHook;
        private DevChain chain;

        Running(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
            this.shutdownHook = new Thread(this::stop, "hardhat-node-stop-" + port);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }

        /** JSON-RPC URL, {@code http://127.0.0.1:<port>}. */
        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public int port() {
            return port;
        }

        public long pid() {
            return process.pid();
        }

        public Path log() {
            return log;
        }

        /** A web3j view of the node with hardhat's dev accounts (created once, closed with the node). */
        public synchronized DevChain chain() {
            if (chain == null) {
                chain = new DevChain(url());
            }
            return chain;
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down (the hook runs anyway) or already closed
            }
            stop();
        }

        private synchronized void stop() {
            if (chain != null) {
                chain.close();
                chain = null;
            }
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                for (ProcessHandle child : children) {
                    child.onExit().get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                children.forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Starts a node from the chain-gateway directory found by {@link #moduleDir()}. */
    public static Running start() {
        return start(moduleDir());
    }

    /** Starts a node with {@code moduleDir/node_modules/.bin/hardhat}; up to 3 tries with a fresh port each. */
    public static Running start(Path moduleDir) {
        Path hardhat = moduleDir.resolve("node_modules/.bin/hardhat");
        if (!Files.isExecutable(hardhat)) {
            throw new IllegalStateException(hardhat + " is missing: run `npm ci` in " + moduleDir
                    + " (the Maven build does it in generate-sources)");
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Path log = moduleDir.resolve("target/hardhat-node-" + port + ".log");
            try {
                Files.createDirectories(log.getParent());
                ProcessBuilder pb = new ProcessBuilder(hardhat.toString(), "node", "--hostname", "127.0.0.1",
                        "--port", Integer.toString(port))
                        .directory(moduleDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                pb.environment().put("HARDHAT_DISABLE_TELEMETRY_PROMPT", "true");
                pb.environment().put("CI", "true");
                Running running = new Running(pb.start(), port, log);
                if (awaitReady(running)) {
                    return running;
                }
                running.close();
                last = new IllegalStateException("hardhat node did not become ready on port " + port + ":\n"
                        + tail(log));
            } catch (IOException e) {
                last = new IllegalStateException("cannot start " + hardhat, e);
            }
        }
        throw last;
    }

    /**
     * The chain-gateway directory: system property {@code trainex.chainGateway.dir}, else the working directory if it
     * holds {@code hardhat.config.cjs} (tests run there), else {@code ./chain-gateway} (run from the repository root).
     */
    public static Path moduleDir() {
        String configured = System.getProperty("trainex.chainGateway.dir");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.exists(cwd.resolve("hardhat.config.cjs"))) {
            return cwd;
        }
        Path sub = cwd.resolve("chain-gateway");
        if (Files.exists(sub.resolve("hardhat.config.cjs"))) {
            return sub;
        }
        throw new IllegalStateException("cannot find chain-gateway (hardhat.config.cjs) from " + cwd
                + "; set -Dtrainex.chainGateway.dir");
    }

    private static boolean awaitReady(Running running) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(running.url()))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
                .build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!running.process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"0x7a69\"")) { // 31337
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(100);
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- JUnit 5 extension: one node per test run ----

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    private static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(Running.class, k -> start(), Running.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == DevChain.class || type == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Running running = running(extensionContext);
        return parameterContext.getParameter().getType() == Running.class ? running : running.chain();
    }
}
