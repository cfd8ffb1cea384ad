package org.trainex.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.trainex.runner.exchange.RunnerKey;
import org.trainex.runner.training.NativeThreads;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The runner's settings. Each option can be given on the command line ({@code --name value} or
 * {@code --name=value}, parsed by picocli) or as an environment variable; the command line wins, then the
 * environment (blank counts as unset), then the default. See {@link #usage()} for the table. Every value is checked
 * here, and a bad one is a {@link UsageException} that names where it came from (the flag, the environment
 * variable, or the default of the flag).
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

    /**
     * One option: its flag, the label of its value in the usage, its environment variable, meaning, default and
     * whether it is a secret.
     */
    record Option(String flag, String label, String env, String meaning, Supplier<String> defaultValue,
                  boolean secret) {
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
            new Option("--broker", "URL", "TRAINEX_BROKER_URL", "Artemis broker URL",
                    () -> "tcp://127.0.0.1:8080?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor", false),
            new Option("--broker-user", "USER", "TRAINEX_BROKER_USER", "broker user", () -> "runner", false),
            new Option("--broker-password", "PASSWORD", "TRAINEX_BROKER_PASSWORD", "broker password",
                    () -> "runner-dev-password", true),
            new Option("--exchange", "URL", "TRAINEX_EXCHANGE_URL", "exchange base URL (blobs at {url}/api/blobs/{cid}, runners at {url}/api/runners/{id})",
                    () -> "http://127.0.0.1:8080/trainex", false),
            new Option("--token-url", "URL", "TRAINEX_OIDC_TOKEN_URL", "OIDC token endpoint (client credentials grant)",
                    () -> "http://127.0.0.1:8180/realms/trainex/protocol/openid-connect/token", false),
            new Option("--client-id", "ID", "TRAINEX_RUNNER_CLIENT_ID", "OIDC client id", () -> "trainex-runner", false),
            new Option("--client-secret", "SECRET", "TRAINEX_RUNNER_CLIENT_SECRET", "OIDC client secret",
                    () -> "runner-dev-secret", true),
            new Option("--runner-key", "KEY", "TRAINEX_RUNNER_KEY",
                    "key the provider issued for --runner-id (POST /api/providers/me/runners/{id}/key)",
                    () -> "", true),
            new Option("--runner-id", "ID", "TRAINEX_RUNNER_ID", "runner id in results and progress",
                    RunnerOptions::defaultRunnerId, false),
            new Option("--cache-dir", "DIR", "TRAINEX_RUNNER_CACHE", "directory of verified blobs by content id",
                    () -> Path.of(System.getProperty("java.io.tmpdir"), "trainex-runner-cache").toString(), false),
            new Option("--max-tasks", "N", "TRAINEX_RUNNER_MAX_TASKS", "exit 0 after N tasks (0 = unlimited)",
                    () -> "0", false),
            new Option("--threads", "N", "TRAINEX_RUNNER_THREADS", "native ND4J/OpenBLAS threads",
                    () -> Integer.toString(NativeThreads.defaultThreads()), false),
            new Option("--capacity", "S", "TRAINEX_RUNNER_CAPACITY",
                    "capacity in samples/s to report instead of measuring it", () -> "", false),
            new Option("--provider", "NAME", "TRAINEX_RUNNER_PROVIDER", "provider operating this runner (registration)",
                    () -> "provider", false),
            new Option("--region", "NAME", "TRAINEX_RUNNER_REGION", "region of this runner (registration)",
                    () -> "local", false),
            new Option("--heartbeat-seconds", "N", "TRAINEX_RUNNER_HEARTBEAT_SECONDS",
                    "seconds between heartbeats to the exchange", () -> "5", false),
            new Option("--start-timeout-seconds", "N", "TRAINEX_RUNNER_START_TIMEOUT_SECONDS",
                    "seconds to wait for the OIDC token endpoint at start", () -> "120", false),
            new Option("--reconnect-seconds", "N", "TRAINEX_RUNNER_RECONNECT_SECONDS",
                    "seconds to keep reconnecting to a lost broker (0 = exit at once)", () -> "600", false));

    /**
     * Parses the command line against the environment.
     *
     * @param args command line: {@code [run | model-config <name>] [options]}, or {@code --help}
     * @param env  environment variables (normally {@link System#getenv()})
     * @throws UsageException naming the bad argument or variable
     */
    public static RunnerOptions parse(String[] args, Map<String, String> env) throws UsageException {
        CommandLine cli = commandLine();
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
            if (!parsed.unmatched().isEmpty()) {  // picocli lets them pass when --help is given too
                throw new CommandLine.UnmatchedArgumentException(cli, parsed.unmatched());
            }
        } catch (CommandLine.UnmatchedArgumentException e) {
            String arg = e.getUnmatched().get(0);
            throw new UsageException(arg.startsWith("-") ? "unknown option " + arg.replaceFirst("=.*", "")
                    : "unexpected argument '" + arg + "'");
        } catch (CommandLine.MissingParameterException e) {
            String name = e.getMissing().get(0) instanceof OptionSpec o ? o.longestName() : e.getMessage();
            throw new UsageException("option " + name + " needs a value");
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            if (parsed.hasMatchedOption(o.flag())) {
                given.put(o.flag(), parsed.matchedOptionValue(o.flag(), ""));
            }
        }
        if (parsed.isUsageHelpRequested()) {
            return withDefaults(Command.HELP, null, given, env);
        }
        List<String> positional = parsed.matchedPositionalValue(0, List.of());
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

    /**
     * The picocli command: every {@link #OPTIONS option} with a string value (checked by {@link #parse}, which
     * knows where a value came from), {@code --help}/{@code -h}, and the words before or between the options (the
     * command) as positional parameters. Repeating an option keeps the last value; no {@code @file} expansion and
     * no {@code ${...}} interpolation in the texts.
     */
    private static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name("gpu-runner");
        spec.usageMessage()
                .header("Trainex gpu-runner: takes training and evaluation tasks from the exchange's broker, one at a "
                        + "time.", "")
                .synopsisHeading("Usage:%n")
                .customSynopsis("  java -jar gpu-runner.jar [run] [options]        consume tasks (default command)",
                        "  java -jar gpu-runner.jar model-config mlp       print the reference MLP 784-256-10 as "
                                + "DL4J JSON",
                        "  java -jar gpu-runner.jar --help                 this text", "")
                .optionListHeading("Options (command line wins over environment, environment over default):%n")
                .footerHeading("%n")
                .footer(footer())
                .width(120)
                .sortOptions(false)
                .abbreviateSynopsis(true);
        for (Option o : OPTIONS) {
            spec.addOption(OptionSpec.builder(o.flag()).paramLabel("<" + o.label() + ">").type(String.class)
                    .description(o.meaning(), "env " + o.env(), "default: " + o.shownDefault()).build());
        }
        spec.addOption(OptionSpec.builder("--help", "-h").usageHelp(true).description("this text").build());
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).paramLabel("COMMAND").hidden(true).build());
        return new CommandLine(spec)
                .setOverwrittenOptionsAllowed(true)
                .setExpandAtFiles(false)
                .setInterpolateVariables(false);
    }

    /** The prose after the options: threads, secrets, runner key, capacity, broker restarts, exit codes. */
    private static String footer() {
        try (InputStream in = RunnerOptions.class.getResourceAsStream("usage-footer.txt")) {
            if (in == null) {
                throw new IllegalStateException("usage-footer.txt is missing from the runner's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("%", "%%");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
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
