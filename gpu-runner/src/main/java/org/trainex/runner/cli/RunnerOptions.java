package org.trainex.runner.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.trainex.runner.exchange.RunnerKey;
import org.trainex.runner.training.NativeThreads;

/**
 * The runner's settings. Each option can be given on the command line ({@code --name value} or
 * {@code --name=value}) or as an environment variable; the command line wins, then the environment, then the
 * default. See {@link #usage()} for the table.
 *
 * @param command        what to do
 * @param modelName      for {@link Command#MODEL_CONFIG}: the reference model to print
 * @param brokerUrl      Artemis connector URL
 * @param brokerUser     broker user
 * @param brokerPassword broker password (secret: never printed)
 * @param exchangeUrl    base URL of the exchange (blob store at {@code /api/blobs/{cid}} below it)
 * @param tokenUrl       OIDC token endpoint
 * @param clientId       OAuth client id of the runner
 * @param clientSecret   OAuth client secret (secret: never printed)
 * @param runnerKey      this runner's key, sent to the exchange with every request in the header
 *                       {@value org.trainex.jobs.protocol.RunnerAuth#KEY_HEADER} (secret: never printed); issued
 *                       by the provider ({@code POST /api/providers/me/runners/{id}/key}) for {@code runnerId}; required by
 *                       {@link Command#RUN}, empty for the other commands when not given (issue 11 item 6,
 *                       ADR 0012)
 * @param runnerId       id of this runner in results and progress reports
 * @param cacheDir       directory of verified blobs and temporary files
 * @param maxTasks       exit (0) after this many tasks; 0 = unlimited
 * @param threads        native (ND4J/OpenBLAS) threads
 * @param capacity       capacity to report to the exchange, samples/s (finite, positive); empty: measure it at
 *                       start with {@link org.trainex.runner.capacity.CapacityProbe}
 * @param provider       provider operating this runner, reported at registration (1 to 100 characters)
 * @param region         region reported at registration (1 to 100 characters)
 * @param heartbeatSeconds    seconds between heartbeats to the exchange, at least 1
 * @param startTimeoutSeconds seconds to keep retrying an unreachable OIDC token endpoint at start, at least 1
 * @param reconnectSeconds    seconds to keep reconnecting after the broker connection was lost (1 s doubling to
 *                            30 s between attempts); 0: exit at once (exit code 3). The first connection at
 *                            start is never retried.
 */
public record RunnerOptions(Command command, String modelName, String brokerUrl, String brokerUser,
                            String brokerPassword, URI exchangeUrl, URI tokenUrl, String clientId,
                            String clientSecret, String runnerKey, String runnerId, Path cacheDir, long maxTasks,
                            int threads, OptionalDouble capacity, String provider, String region,
                            int heartbeatSeconds, int startTimeoutSeconds, int reconnectSeconds) {

    /** Longest provider and region names the exchange accepts. */
    static final int MAX_LABEL = 100;
    /** The error when {@link Command#RUN} has no runner key. */
    static final String RUNNER_KEY_REQUIRED = "--runner-key (TRAINEX_RUNNER_KEY) is required: the provider issues it "
            + "with POST /api/providers/me/runners/{id}/key";

    /** What the process does. */
    public enum Command { RUN, HELP, MODEL_CONFIG }

    /** One option: its flag, environment variable, default (description) and whether it is a secret. */
    record Option(String flag, String env, String meaning, Supplier<String> defaultValue, boolean secret) {
        /** The default as --help shows it. */
        String shownDefault() {
            return switch (flag) {
                case "--runner-id" -> "<hostname>-<pid>, here " + defaultValue.get();
                case "--cache-dir" -> "${java.io.tmpdir}/trainex-runner-cache, here " + defaultValue.get();
                case "--threads" -> "OMP_NUM_THREADS if set, else 1; here " + defaultValue.get();
                case "--capacity" -> "measured at start (reference MLP, synthetic data, about 2.5 s)";
                case "--runner-key" -> "none: required to run";
                default -> secret ? "(development default, not shown)" : defaultValue.get();
            };
        }
    }

    static final List<Option> OPTIONS = List.of(
            new Option("--broker", "TRAINEX_BROKER_URL", "Artemis broker URL",
                    () -> "tcp://127.0.0.1:8080?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor", false),
            new Option("--broker-user", "TRAINEX_BROKER_USER", "broker user", () -> "runner", false),
            new Option("--broker-password", "TRAINEX_BROKER_PASSWORD", "broker password",
                    () -> "runner-dev-password", true),
            new Option("--exchange", "TRAINEX_EXCHANGE_URL", "exchange base URL (blobs at {url}/api/blobs/{cid}, runners at {url}/api/runners/{id})",
                    () -> "http://127.0.0.1:8080/trainex", false),
            new Option("--token-url", "TRAINEX_OIDC_TOKEN_URL", "OIDC token endpoint (client credentials grant)",
                    () -> "http://127.0.0.1:8180/realms/trainex/protocol/openid-connect/token", false),
            new Option("--client-id", "TRAINEX_RUNNER_CLIENT_ID", "OIDC client id", () -> "trainex-runner", false),
            new Option("--client-secret", "TRAINEX_RUNNER_CLIENT_SECRET", "OIDC client secret",
                    () -> "runner-dev-secret", true),
            new Option("--runner-key", "TRAINEX_RUNNER_KEY",
                    "key the provider issued for --runner-id (POST /api/providers/me/runners/{id}/key)",
                    () -> "", true),
            new Option("--runner-id", "TRAINEX_RUNNER_ID", "runner id in results and progress",
                    RunnerOptions::defaultRunnerId, false),
            new Option("--cache-dir", "TRAINEX_RUNNER_CACHE", "directory of verified blobs by content id",
                    () -> Path.of(System.getProperty("java.io.tmpdir"), "trainex-runner-cache").toString(), false),
            new Option("--max-tasks", "TRAINEX_RUNNER_MAX_TASKS", "exit 0 after N tasks (0 = unlimited)",
                    () -> "0", false),
            new Option("--threads", "TRAINEX_RUNNER_THREADS", "native ND4J/OpenBLAS threads",
                    () -> Integer.toString(NativeThreads.defaultThreads()), false),
            new Option("--capacity", "TRAINEX_RUNNER_CAPACITY",
                    "capacity in samples/s to report instead of measuring it", () -> "", false),
            new Option("--provider", "TRAINEX_RUNNER_PROVIDER", "provider operating this runner (registration)",
                    () -> "provider", false),
            new Option("--region", "TRAINEX_RUNNER_REGION", "region of this runner (registration)",
                    () -> "local", false),
            new Option("--heartbeat-seconds", "TRAINEX_RUNNER_HEARTBEAT_SECONDS",
                    "seconds between heartbeats to the exchange", () -> "5", false),
            new Option("--start-timeout-seconds", "TRAINEX_RUNNER_START_TIMEOUT_SECONDS",
                    "seconds to wait for the OIDC token endpoint at start", () -> "120", false),
            new Option("--reconnect-seconds", "TRAINEX_RUNNER_RECONNECT_SECONDS",
                    "seconds to keep reconnecting to a lost broker (0 = exit at once)", () -> "600", false));

    /**
     * Parses the command line against the environment.
     *
     * @param args command line: {@code [run | model-config <name>] [options]}, or {@code --help}
     * @param env  environment variables (normally {@link System#getenv()})
     * @throws UsageException naming the bad argument or variable
     */
    public static RunnerOptions parse(String[] args, Map<String, String> env) throws UsageException {
        Map<String, String> given = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            String flag = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                flag = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            String f = flag;
            if (OPTIONS.stream().noneMatch(o -> o.flag().equals(f))) {
                throw new UsageException("unknown option " + flag);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + flag + " needs a value");
                }
                value = args[++i];
            }
            given.put(flag, value);
        }
        if (help) {
            return withDefaults(Command.HELP, null, given, env);
        }
        Command command = Command.RUN;
        String model = null;
        if (!positional.isEmpty()) {
            switch (positional.get(0)) {
                case "run" -> {
                    if (positional.size() > 1) {
                        throw new UsageException("unexpected argument '" + positional.get(1) + "'");
                    }
                }
                case "model-config" -> {
                    if (positional.size() != 2) {
                        throw new UsageException("model-config needs exactly one model name, e.g. model-config mlp");
                    }
                    command = Command.MODEL_CONFIG;
                    model = positional.get(1);
                }
                default -> throw new UsageException("unknown command '" + positional.get(0)
                        + "' (commands: run, model-config <name>)");
            }
        }
        return withDefaults(command, model, given, env);
    }

    private static RunnerOptions withDefaults(Command command, String model, Map<String, String> given,
                                              Map<String, String> env) throws UsageException {
        Map<String, String> v = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            String value = given.get(o.flag());
            String source = o.flag();
            if (value == null && env.get(o.env()) != null && !env.get(o.env()).isBlank()) {
                value = env.get(o.env());
                source = o.env();
            }
            if (value == null) {
                value = o.defaultValue().get();
                source = "default of " + o.flag();
            }
            v.put(o.flag(), value);
            v.put(o.flag() + "#source", source);
        }
        long maxTasks = integer(v, "--max-tasks", 0);
        int threads = (int) integer(v, "--threads", 1);
        OptionalDouble capacity = samplesPerSecond(v, "--capacity");
        String provider = label(v, "--provider");
        String region = label(v, "--region");
        int heartbeatSeconds = (int) integer(v, "--heartbeat-seconds", 1);
        int startTimeoutSeconds = (int) integer(v, "--start-timeout-seconds", 1);
        int reconnectSeconds = (int) integer(v, "--reconnect-seconds", 0);
        URI exchange = httpUrl(v, "--exchange");
        URI tokenUrl = httpUrl(v, "--token-url");
        String runnerKey = runnerKey(v, command);  // last: a bad value elsewhere is reported first
        return new RunnerOptions(command, model, v.get("--broker"), v.get("--broker-user"),
                v.get("--broker-password"), exchange, tokenUrl,
                v.get("--client-id"), v.get("--client-secret"), runnerKey, v.get("--runner-id"),
                Path.of(v.get("--cache-dir")), maxTasks, threads, capacity, provider, region, heartbeatSeconds,
                startTimeoutSeconds, reconnectSeconds);
    }

    /**
     * The runner key, stripped (an environment file's trailing newline); required for {@link Command#RUN}, checked
     * to be a valid header value ({@link RunnerKey}). The message never contains the key.
     */
    private static String runnerKey(Map<String, String> v, Command command) throws UsageException {
        String s = v.get("--runner-key").strip();
        if (s.isEmpty()) {
            if (command == Command.RUN) {
                throw new UsageException(RUNNER_KEY_REQUIRED);
            }
            return s;
        }
        try {
            return new RunnerKey(s).value();
        } catch (IllegalArgumentException e) {
            throw new UsageException(v.get("--runner-key#source") + ": " + e.getMessage());
        }
    }

    /** Blank: empty (measure); else a finite positive number (samples/s). */
    private static OptionalDouble samplesPerSecond(Map<String, String> v, String flag) throws UsageException {
        String s = v.get(flag).trim();
        if (s.isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(s);
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return OptionalDouble.of(d);
        } catch (NumberFormatException e) {
            throw new UsageException(v.get(flag + "#source") + ": '" + s + "' is not a positive number of samples/s");
        }
    }

    /** Non-blank, at most {@value #MAX_LABEL} characters (the exchange's limit), stripped. */
    private static String label(Map<String, String> v, String flag) throws UsageException {
        String s = v.get(flag).strip();
        if (s.isEmpty() || s.length() > MAX_LABEL) {
            throw new UsageException(v.get(flag + "#source") + ": must have 1 to " + MAX_LABEL + " characters");
        }
        return s;
    }

    private static long integer(Map<String, String> v, String flag, long min) throws UsageException {
        String s = v.get(flag).trim();
        try {
            long n = Long.parseLong(s);
            if (n < min || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(v.get(flag + "#source") + ": '" + s + "' is not an integer >= " + min);
        }
    }

    private static URI httpUrl(Map<String, String> v, String flag) throws UsageException {
        String s = v.get(flag).trim();
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(s, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException(v.get(flag + "#source") + ": '" + s + "' is not an absolute http(s) URL");
        }
    }

    /** {@code <hostname>-<pid>}. */
    static String defaultRunnerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "runner");
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** The {@code --help} text: usage, commands, options with environment variables and defaults, exit codes. */
    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                Trainex gpu-runner: takes training and evaluation tasks from the exchange's broker, one at a time.

                Usage:
                  java -jar gpu-runner.jar [run] [options]        consume tasks (default command)
                  java -jar gpu-runner.jar model-config mlp       print the reference MLP 784-256-10 as DL4J JSON
                  java -jar gpu-runner.jar --help                 this text

                Options (command line wins over environment, environment over default):
                """);
        for (Option o : OPTIONS) {
            String def = o.shownDefault();
            sb.append(String.format("  %-23s %-36s %s%n  %-23s %-36s   default: %s%n", o.flag(), o.env(),
                    o.meaning(), "", "", def));
        }
        sb.append("""
                  --help, -h                                                    this text

                Threads: on 2 cores run ONE native thread. The launcher (./trainex runner) exports
                OMP_NUM_THREADS=1; without it the runner sets ND4J/OpenBLAS to --threads (default 1) itself.
                On JDK 22+ pass --enable-native-access=ALL-UNNAMED (java -jar reads it from the manifest).
                Secrets (passwords, client secret, runner key) are never logged; prefer the environment variables.

                Runner key: the exchange accepts a runner only with the key its provider created for this runner
                id (POST /api/providers/me/runners/{id}/key, shown once; revoked with DELETE
                /api/providers/me/runners/{id}/key). It goes with every request to the exchange in the header
                Trainex-Runner-Key, next to the OIDC bearer token; blob downloads name the task in hand
                (GET {exchange}/api/blobs/{cid}?task=<taskId>). A rejected key is logged as "runner key rejected
                by the exchange (unknown or revoked): ask the provider for a new key"; registration and
                heartbeats keep retrying every 30 s, a task that needs a blob is rolled back and the runner
                exits 4.

                Capacity: at start the runner trains the reference MLP 784-256-10 on synthetic data for about
                2.5 s and reports samples/s to the exchange (PUT {exchange}/api/runners/{runner-id}), then sends a
                heartbeat every --heartbeat-seconds (POST .../heartbeat). An unreachable exchange is retried in
                the background (1 s doubling to 30 s) and never stops the runner. An unreachable OIDC token
                endpoint is retried for --start-timeout-seconds before exit code 4; rejected client credentials
                exit at once.

                Broker restarts: the first broker connection at start is not retried (wrong URL or rejected
                credentials exit 3 at once). A connection lost later (the exchange restarts) is opened again
                after 1 s, 2 s, 4 s ... at most 30 s apart, for --reconnect-seconds in all (0: exit 3 at once);
                the task in hand is not committed and the broker redelivers it. Rejected credentials while
                reconnecting exit 3 at once; SIGTERM stops the waiting runner at once.

                Exit codes: 0 done (--max-tasks reached), 143/130 stopped by SIGTERM/SIGINT, 1 unexpected error,
                2 bad usage, 3 broker unreachable / credentials rejected (AMQ229031) / connection lost and not
                back within --reconnect-seconds,
                4 exchange or OIDC token endpoint unavailable or rejecting the runner (task rolled back).
                """);
        return sb.toString();
    }

    /** Settings as a log line; secrets masked. */
    @Override
    public String toString() {
        return "broker=" + brokerUrl + " brokerUser=" + brokerUser + " brokerPassword=**** exchange=" + exchangeUrl
                + " tokenUrl=" + tokenUrl + " clientId=" + clientId + " clientSecret=**** runnerKey="
                + (runnerKey.isEmpty() ? "(none)" : "****") + " runnerId=" + runnerId
                + " cacheDir=" + cacheDir + " maxTasks=" + (maxTasks == 0 ? "unlimited" : maxTasks)
                + " threads=" + threads + " capacity=" + (capacity.isPresent() ? capacity.getAsDouble() + " samples/s"
                : "measured") + " provider=" + provider + " region=" + region + " heartbeatSeconds=" + heartbeatSeconds
                + " startTimeoutSeconds=" + startTimeoutSeconds + " reconnectSeconds=" + reconnectSeconds;
    }
}
