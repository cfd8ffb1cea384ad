package org.trainex.runner.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunnerOptionsTest {
    private static final String[] NONE = {};
    private static final String KEY = "rk_options-test-key";

    /** {@code pairs} as an environment, with a runner key unless the pairs set one (run requires it). */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("TRAINEX_RUNNER_KEY", KEY);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaults() throws Exception {
        RunnerOptions o = RunnerOptions.parse(NONE, env());
        assertEquals(RunnerOptions.Command.RUN, o.command());
        assertEquals("tcp://127.0.0.1:8080?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor", o.brokerUrl());
        assertEquals("runner", o.brokerUser());
        assertEquals("runner-dev-password", o.brokerPassword());
        assertEquals(URI.create("http://127.0.0.1:8080/trainex"), o.exchangeUrl());
        assertEquals(URI.create("http://127.0.0.1:8180/realms/trainex/protocol/openid-connect/token"), o.tokenUrl());
        assertEquals("trainex-runner", o.clientId());
        assertEquals("runner-dev-secret", o.clientSecret());
        assertTrue(o.runnerId().endsWith("-" + ProcessHandle.current().pid()), o.runnerId());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "trainex-runner-cache"), o.cacheDir());
        assertEquals(0, o.maxTasks());
        assertEquals(1, o.threads());  // surefire runs with OMP_NUM_THREADS=1
        assertTrue(o.capacity().isEmpty(), "measured at start");
        assertEquals("provider", o.provider());
        assertEquals("local", o.region());
        assertEquals(5, o.heartbeatSeconds());
        assertEquals(120, o.startTimeoutSeconds());
        assertEquals(600, o.reconnectSeconds());
    }

    @Test
    void reconnectSeconds() throws Exception {
        assertEquals(0, RunnerOptions.parse(NONE, env("TRAINEX_RUNNER_RECONNECT_SECONDS", "0")).reconnectSeconds(),
                "0: do not reconnect");
        RunnerOptions o = RunnerOptions.parse(new String[] {"--reconnect-seconds", "45"},
                env("TRAINEX_RUNNER_RECONNECT_SECONDS", "0"));
        assertEquals(45, o.reconnectSeconds(), "the command line wins");
        assertTrue(o.toString().contains("reconnectSeconds=45"), o.toString());
        assertEquals("--reconnect-seconds: '-1' is not an integer >= 0", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"--reconnect-seconds=-1"}, env())).getMessage());
    }

    @Test
    void capacityRegistrationAndStartOptions() throws Exception {
        Map<String, String> env = env("TRAINEX_RUNNER_CAPACITY", "2500.5", "TRAINEX_RUNNER_PROVIDER", "acme gpus",
                "TRAINEX_RUNNER_REGION", "eu-north", "TRAINEX_RUNNER_HEARTBEAT_SECONDS", "10",
                "TRAINEX_RUNNER_START_TIMEOUT_SECONDS", "30");
        RunnerOptions o = RunnerOptions.parse(NONE, env);
        assertEquals(2500.5, o.capacity().getAsDouble());
        assertEquals("acme gpus", o.provider());
        assertEquals("eu-north", o.region());
        assertEquals(10, o.heartbeatSeconds());
        assertEquals(30, o.startTimeoutSeconds());
        RunnerOptions c = RunnerOptions.parse(new String[] {"--capacity", "1e4", "--region=us-east",
                "--provider", "  p1 ", "--heartbeat-seconds", "1", "--start-timeout-seconds=5"}, env);
        assertEquals(10_000, c.capacity().getAsDouble());
        assertEquals("us-east", c.region());
        assertEquals("p1", c.provider(), "stripped");
        assertEquals(1, c.heartbeatSeconds());
        assertEquals(5, c.startTimeoutSeconds());
        assertTrue(RunnerOptions.parse(NONE, env("TRAINEX_RUNNER_CAPACITY", " ")).capacity().isEmpty(),
                "blank: measure");
        String line = c.toString();
        assertTrue(line.contains("capacity=10000.0 samples/s") && line.contains("region=us-east")
                && line.contains("provider=p1") && line.contains("heartbeatSeconds=1")
                && line.contains("startTimeoutSeconds=5"), line);
        assertTrue(RunnerOptions.parse(NONE, env()).toString().contains("capacity=measured"));
    }

    @Test
    void badCapacityRegistrationAndStartOptionsAreExplained() {
        assertEquals("--capacity: '0' is not a positive number of samples/s", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"--capacity", "0"}, env())).getMessage());
        assertEquals("TRAINEX_RUNNER_CAPACITY: 'fast' is not a positive number of samples/s",
                assertThrows(UsageException.class,
                        () -> RunnerOptions.parse(NONE, env("TRAINEX_RUNNER_CAPACITY", "fast"))).getMessage());
        for (String bad : new String[] {"-5", "NaN", "Infinity"}) {
            assertThrows(UsageException.class, () -> RunnerOptions.parse(new String[] {"--capacity", bad}, env()),
                    bad);
        }
        assertEquals("--region: must have 1 to 100 characters", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"--region", "  "}, env())).getMessage());
        assertEquals("TRAINEX_RUNNER_PROVIDER: must have 1 to 100 characters", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(NONE, env("TRAINEX_RUNNER_PROVIDER", "p".repeat(101)))).getMessage());
        assertEquals("p".repeat(100), assertDoesNotThrow(
                () -> RunnerOptions.parse(NONE, env("TRAINEX_RUNNER_PROVIDER", "p".repeat(100)))).provider());
        assertEquals("--heartbeat-seconds: '0' is not an integer >= 1", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"--heartbeat-seconds", "0"}, env())).getMessage());
        assertEquals("TRAINEX_RUNNER_START_TIMEOUT_SECONDS: '-1' is not an integer >= 1",
                assertThrows(UsageException.class, () -> RunnerOptions.parse(NONE,
                        env("TRAINEX_RUNNER_START_TIMEOUT_SECONDS", "-1"))).getMessage());
    }

    @Test
    void environmentOverridesDefaultsAndCommandLineOverridesEnvironment() throws Exception {
        Map<String, String> env = env("TRAINEX_BROKER_URL", "tcp://broker:61616", "TRAINEX_BROKER_USER", "u",
                "TRAINEX_RUNNER_ID", "env-id", "TRAINEX_RUNNER_MAX_TASKS", "7", "TRAINEX_RUNNER_CACHE", "/var/cache/r",
                "TRAINEX_EXCHANGE_URL", "https://exchange.example/trainex", "TRAINEX_RUNNER_CLIENT_SECRET", "s3");
        RunnerOptions o = RunnerOptions.parse(new String[] {"--runner-id", "cli-id", "--max-tasks=2"}, env);
        assertEquals("tcp://broker:61616", o.brokerUrl());
        assertEquals("u", o.brokerUser());
        assertEquals("cli-id", o.runnerId());
        assertEquals(2, o.maxTasks());
        assertEquals(Path.of("/var/cache/r"), o.cacheDir());
        assertEquals(URI.create("https://exchange.example/trainex"), o.exchangeUrl());
        assertEquals("s3", o.clientSecret());
        assertEquals(KEY, o.runnerKey());
    }

    @Test
    void commandsAndHelp() throws Exception {
        assertEquals(RunnerOptions.Command.HELP, RunnerOptions.parse(new String[] {"--help"}, env()).command());
        assertEquals(RunnerOptions.Command.HELP, RunnerOptions.parse(new String[] {"run", "-h"}, env()).command());
        RunnerOptions m = RunnerOptions.parse(new String[] {"model-config", "mlp"}, env());
        assertEquals(RunnerOptions.Command.MODEL_CONFIG, m.command());
        assertEquals("mlp", m.modelName());
        assertEquals(RunnerOptions.Command.RUN, RunnerOptions.parse(new String[] {"run"}, env()).command());
    }

    @Test
    void badUsageIsExplained() {
        assertEquals("unknown option --brokr",
                assertThrows(UsageException.class, () -> RunnerOptions.parse(new String[] {"--brokr", "x"}, env()))
                        .getMessage());
        assertEquals("option --broker needs a value",
                assertThrows(UsageException.class, () -> RunnerOptions.parse(new String[] {"--broker"}, env()))
                        .getMessage());
        assertEquals("--max-tasks: 'many' is not an integer >= 0", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"--max-tasks", "many"}, env())).getMessage());
        assertEquals("TRAINEX_RUNNER_THREADS: '0' is not an integer >= 1", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(NONE, env("TRAINEX_RUNNER_THREADS", "0"))).getMessage());
        assertEquals("TRAINEX_EXCHANGE_URL: 'ftp://x' is not an absolute http(s) URL", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(NONE, env("TRAINEX_EXCHANGE_URL", "ftp://x"))).getMessage());
        assertTrue(assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"train"}, env())).getMessage().contains("unknown command"));
        assertTrue(assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"model-config"}, env())).getMessage().contains("model name"));
    }

    @Test
    void theParserKeepsItsRules() throws Exception {
        assertEquals("unknown option --nope", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"--help", "--nope"}, env())).getMessage(), "also with --help");
        assertEquals(3, RunnerOptions.parse(new String[] {"--max-tasks=1", "run", "--max-tasks", "3"}, env())
                .maxTasks(), "options before and after the command; the last value wins");
        assertTrue(assertThrows(UsageException.class, () -> RunnerOptions.parse(new String[] {"@args.txt"}, env()))
                .getMessage().startsWith("unknown command '@args.txt'"), "no @file expansion");
        assertEquals("unexpected argument 'x'", assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"run", "x"}, env())).getMessage());
        assertTrue(RunnerOptions.usage().contains("${java.io.tmpdir}/trainex-runner-cache"), "shown as written");
    }

    @Test
    void runnerKeyIsRequiredToRun() throws Exception {
        String required = "--runner-key (TRAINEX_RUNNER_KEY) is required: the provider issues it with POST "
                + "/api/providers/me/runners/{id}/key";
        assertEquals(required, assertThrows(UsageException.class, () -> RunnerOptions.parse(NONE, Map.of()))
                .getMessage());
        assertEquals(required, assertThrows(UsageException.class, () -> RunnerOptions.parse(new String[] {"run"},
                Map.of("TRAINEX_RUNNER_KEY", "  "))).getMessage(), "blank is missing");
        assertEquals(required, assertThrows(UsageException.class,
                () -> RunnerOptions.parse(new String[] {"run", "--runner-key="}, Map.of())).getMessage());
        // not needed to print help or a model
        assertEquals("", RunnerOptions.parse(new String[] {"--help"}, Map.of()).runnerKey());
        assertEquals(RunnerOptions.Command.MODEL_CONFIG,
                RunnerOptions.parse(new String[] {"model-config", "mlp"}, Map.of()).command());

        assertEquals(KEY, RunnerOptions.parse(NONE, Map.of("TRAINEX_RUNNER_KEY", KEY + "\n")).runnerKey(),
                "stripped");
        assertEquals("rk_cli", RunnerOptions.parse(new String[] {"--runner-key", "rk_cli"}, env()).runnerKey(),
                "the command line wins");
        UsageException bad = assertThrows(UsageException.class,
                () -> RunnerOptions.parse(NONE, Map.of("TRAINEX_RUNNER_KEY", "two words")));
        assertTrue(bad.getMessage().startsWith("TRAINEX_RUNNER_KEY: the runner key must consist of visible ASCII "
                + "characters"), bad.getMessage());
        assertFalse(bad.getMessage().contains("two words"), "the key must not appear");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream sink = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(RunnerMain.USAGE, RunnerMain.run(new String[] {"run", "--capacity", "100"}, Map.of(), sink, sink));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("gpu-runner: " + required + " (see --help)"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void secretsAreNeverPrinted() throws Exception {
        RunnerOptions o = RunnerOptions.parse(new String[] {"--broker-password", "hunter2", "--client-secret", "s3cr3t",
                "--runner-key", "rk_s3cr3t-key"}, env());
        assertEquals("rk_s3cr3t-key", o.runnerKey());
        assertFalse(o.toString().contains("hunter2"));
        assertFalse(o.toString().contains("s3cr3t"));
        assertTrue(o.toString().contains(" runnerKey=**** "), o.toString());
        assertTrue(RunnerOptions.parse(new String[] {"--help"}, Map.of()).toString().contains(" runnerKey=(none) "));
        String usage = RunnerOptions.usage();
        assertFalse(usage.contains("runner-dev-password"));
        assertFalse(usage.contains("runner-dev-secret"));
    }

    @Test
    void helpDocumentsEveryOptionAndVariable() {
        String usage = RunnerOptions.usage();
        for (RunnerOptions.Option o : RunnerOptions.OPTIONS) {
            assertTrue(usage.contains(o.flag()) && usage.contains(o.env()), o.flag());
        }
        assertTrue(usage.contains("OMP_NUM_THREADS=1"));
        assertTrue(usage.contains("--runner-key") && usage.contains("TRAINEX_RUNNER_KEY")
                && usage.contains("none: required to run") && usage.contains("Trainex-Runner-Key"), usage);
    }

    @Test
    void mainExitCodes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, RunnerMain.run(new String[] {"--help"}, Map.of(), o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("TRAINEX_BROKER_URL"));
        assertEquals(2, RunnerMain.run(new String[] {"--nope"}, Map.of(), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --nope (see --help)"));
        assertEquals(2, RunnerMain.run(new String[] {"model-config", "resnet"}, Map.of(), o, e));
    }
}
