package org.trainex.runner.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainex.runner.blobs.HttpBlobStore;
import org.trainex.runner.capacity.CapacityProbe;
import org.trainex.runner.capacity.ExchangeRegistration;
import org.trainex.runner.exchange.ExchangeClient;
import org.trainex.runner.exchange.ExchangeUnavailableException;
import org.trainex.runner.exchange.OidcClientCredentials;
import org.trainex.runner.exchange.RunnerKey;
import org.trainex.runner.exchange.StartupToken;
import org.trainex.runner.messaging.BrokerConnector;
import org.trainex.runner.messaging.BrokerException;
import org.trainex.runner.messaging.TaskLoop;
import org.trainex.runner.models.ReferenceModels;
import org.trainex.runner.training.NativeThreads;
import org.trainex.runner.training.TaskExecutor;

/**
 * Entry point of {@code gpu-runner.jar}: parses {@link RunnerOptions}, then either prints help or a reference
 * model configuration, or runs the task loop until {@code --max-tasks} tasks are done or a signal arrives.
 *
 * <p>Every request to the exchange carries the OIDC bearer token and the runner key ({@code --runner-key}, required:
 * a missing key is bad usage, exit 2) in the header {@value org.trainex.jobs.protocol.RunnerAuth#KEY_HEADER}; blob
 * downloads name the task in hand ({@code ?task=<taskId>}, from {@link TaskLoop#currentTaskId()}): issue 11 item
 * 6, ADR 0012. A key the exchange rejects is logged by {@link ExchangeRegistration} (which keeps retrying) and
 * ends a task that needs a blob with exit 4 ({@link org.trainex.runner.exchange.RunnerKeyRejectedException}).
 *
 * <p>Start-up order, each step with one clear message: native threads; an OIDC token (an unreachable token
 * endpoint is retried for {@code --start-timeout-seconds}, 1 s doubling to 15 s, then exit 4; rejected client
 * credentials exit 4 at once: {@link StartupToken}); the capacity ({@code --capacity}, or measured by
 * {@link CapacityProbe}, about 2.5 s); the broker connection and queues (exit 3 if unreachable or the
 * credentials are rejected, AMQ229031); then registration with the exchange and heartbeats on a background
 * thread ({@link ExchangeRegistration}: an unreachable exchange is logged and retried, never fatal). On SIGTERM
 * an idle runner stops after its current receive (at most 1 s); a busy one closes its connection so that the
 * broker redelivers the unfinished task; the heartbeat thread stops with the loop.
 *
 * <p>A broker connection lost after start (the exchange's WildFly restarts) is reopened by {@link TaskLoop}
 * with back-off for {@code --reconnect-seconds} (exit 3 after that, or at once with 0 or rejected credentials);
 * meanwhile the heartbeat thread, which does not use the broker, goes on (and retries on its own if the
 * exchange is down too), and SIGTERM stops the waiting runner as an idle one.
 *
 * <p>Exit codes: {@value #OK} done, {@value #ERROR} unexpected error, {@value #USAGE} bad usage,
 * {@value #BROKER} broker problem, {@value #EXCHANGE} exchange/OIDC problem; 143/130 when stopped by
 * SIGTERM/SIGINT (the JVM's convention).
 */
public final class RunnerMain {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int BROKER = 3;
    public static final int EXCHANGE = 4;
    private static final Logger LOG = LoggerFactory.getLogger(RunnerMain.class);

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command line; returns the exit code. Output (help, JSON) goes to {@code out}. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args, env);
        } catch (UsageException e) {
            err.println("gpu-runner: " + e.getMessage() + " (see --help)");
            return USAGE;
        }
        switch (options.command()) {
            case HELP -> {
                out.print(RunnerOptions.usage());
                return OK;
            }
            case MODEL_CONFIG -> {
                try {
                    String json = ReferenceModels.json(options.modelName());
                    out.println(json);
                    out.flush();
                    return OK;
                } catch (IllegalArgumentException e) {
                    err.println("gpu-runner: " + e.getMessage());
                    return USAGE;
                }
            }
            default -> {
                return runLoop(options);
            }
        }
    }

    private static int runLoop(RunnerOptions o) {
        LOG.info("starting runner: {}", o);
        try {
            NativeThreads.configure(o.threads());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            OidcClientCredentials tokens = new OidcClientCredentials(http, o.tokenUrl(), o.clientId(),
                    o.clientSecret(), Clock.systemUTC());
            StartupToken.await(tokens, o.tokenUrl().toString(), Duration.ofSeconds(o.startTimeoutSeconds()));
            LOG.info("OIDC token obtained from {} for client {}", o.tokenUrl(), o.clientId());
            CapacityProbe.Capacity capacity = o.capacity().isPresent()
                    ? CapacityProbe.declared(o.capacity().getAsDouble())
                    : new CapacityProbe(CapacityProbe.Settings.DEFAULT).measure();
            if (capacity.declared()) {
                LOG.info("capacity {}", capacity.describe());
            }
            ExchangeRegistration.Profile profile = new ExchangeRegistration.Profile(o.provider(), o.region(),
                    CapacityProbe.hardware(o.threads()), capacity.samplesPerSecond(), capacity.measuredOn());
            Path cache = o.cacheDir();
            RunnerKey key = new RunnerKey(o.runnerKey());
            // the store comes before the loop that executes tasks with it: it asks the loop through this holder
            // (set below, before any task runs) which task a download is for
            AtomicReference<TaskLoop> loopHolder = new AtomicReference<>();
            Supplier<Optional<UUID>> currentTask = () -> {
                TaskLoop l = loopHolder.get();
                return l == null ? Optional.empty() : l.currentTaskId();
            };
            // one client of the exchange (bearer token, runner key, 401 refresh, problem+json errors) for blobs
            // and registration alike
            ExchangeClient exchange = new ExchangeClient(http, o.exchangeUrl(), tokens, key);
            HttpBlobStore blobs = new HttpBlobStore(exchange, currentTask, cache.resolve("blobs"));
            TaskExecutor executor = new TaskExecutor(blobs, o.runnerId(), cache.resolve("work"),
                    cache.resolve("oracles"));
            TaskLoop loop = new TaskLoop(new BrokerConnector(o.brokerUrl(), o.brokerUser(), o.brokerPassword()),
                    executor, o.runnerId(), Duration.ofSeconds(o.reconnectSeconds()));
            loopHolder.set(loop);
            ExchangeRegistration registration = new ExchangeRegistration(exchange, o.runnerId(), profile,
                    () -> new ExchangeRegistration.Activity(loop.busy(), loop.currentTaskId().orElse(null)),
                    Duration.ofSeconds(o.heartbeatSeconds()));
            return consume(loop, registration, o.maxTasks());
        } catch (ExchangeUnavailableException e) {
            LOG.error("{}", e.getMessage());
            return EXCHANGE;
        } catch (BrokerException e) {
            LOG.error("{}", e.getMessage());
            return BROKER;
        } catch (IOException | RuntimeException e) {
            LOG.error("runner failed: {}", e.toString(), e);
            return ERROR;
        }
    }

    private static int consume(TaskLoop loop, ExchangeRegistration registration, long maxTasks)
            throws BrokerException, IOException {
        try {
            loop.open();
        } catch (BrokerException e) {
            registration.close();
            throw e;
        }
        registration.start();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            loop.stop();
            registration.close();
            if (loop.busy()) {
                LOG.warn("stopping while a task runs: closing the connection, the broker redelivers the task");
                loop.close();
            }
            try {
                finished.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "runner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            long n = loop.run(maxTasks);
            LOG.info("runner stopping after {} task(s)", n);
            return OK;
        } finally {
            registration.close();
            loop.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private RunnerMain() {
    }
}
