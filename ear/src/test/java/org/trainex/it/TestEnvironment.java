package org.trainex.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.trainex.jobs.protocol.ContentIds;

/**
 * What the integration tests share: the EAR under test, the URLs of the test instance that {@code ./trainex test}
 * started (ports offset from the dev defaults), OIDC tokens from the real Keycloak, an HTTP client, and
 * Fashion-MNIST subsets rebuilt as IDX files.
 */
public final class TestEnvironment {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    public static final int PORT_OFFSET = Integer.getInteger("it.port.offset", 200);
    public static final int HTTP_PORT = 8080 + PORT_OFFSET;
    public static final String EXCHANGE = "http://127.0.0.1:" + HTTP_PORT + "/trainex";
    public static final String BROKER = "tcp://127.0.0.1:" + HTTP_PORT
            + "?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor";
    public static final String KEYCLOAK = "http://127.0.0.1:" + env("TRAINEX_KEYCLOAK_PORT", "8380");
    public static final String TOKEN_URL = KEYCLOAK + "/realms/trainex/protocol/openid-connect/token";
    public static final String PASSWORD = env("TRAINEX_DEMO_PASSWORD", "demo");
    public static final Path FASHION = Path.of(env("TRAINEX_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"));
    public static final Path HOME = Path.of(System.getProperty("trainex.home", "..")).toAbsolutePath();

    /** The EAR the build produced, as Arquillian deploys it. */
    public static EnterpriseArchive ear() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class,
                new File(System.getProperty("trainex.ear", "target/trainex.ear")));
    }

    static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    /** Waits (up to 6 minutes) for the test Keycloak that ./trainex test starts in the background. */
    public static void awaitKeycloak() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 360_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK
                        + "/realms/trainex/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Keycloak did not answer at " + KEYCLOAK + ": run the tests with ./trainex test");
    }

    /** An access token of a demo user (password grant of the public client trainex-cli). */
    public static String token(String user) throws IOException, InterruptedException {
        awaitKeycloak();
        String form = "grant_type=password&client_id=trainex-cli&username=" + URLEncoder.encode(user,
                StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TOKEN_URL))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no token for " + user + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /** A REST call; {@code body} is JSON text, bytes or null. */
    public static HttpResponse<String> call(String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        return call(method, path, token, null, body);
    }

    /** A REST call with a runner key ({@code Trainex-Runner-Key}, null: none); {@code body} is JSON text, bytes or null. */
    public static HttpResponse<String> call(String method, String path, String token, String runnerKey, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(EXCHANGE + path)).timeout(Duration.ofMinutes(5))
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (runnerKey != null) {
            b.header(org.trainex.jobs.protocol.RunnerAuth.KEY_HEADER, runnerKey);
        }
        if (body instanceof byte[] bytes) {
            b.header("Content-Type", "application/octet-stream");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else if (body instanceof String json) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** Uploads bytes as a blob and returns their CID. */
    public static String upload(String token, byte[] bytes) throws IOException, InterruptedException {
        String cid = ContentIds.of(bytes);
        HttpResponse<String> r = call("PUT", "/api/blobs/" + cid, token, bytes);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new IllegalStateException("upload failed: " + r.statusCode() + " " + r.body());
        }
        return cid;
    }

    /**
     * Samples {@code [offset, offset+n)} of a Fashion-MNIST split rebuilt as raw IDX files.
     *
     * @param split "train" or "t10k"
     * @return {images, labels}
     */
    public static byte[][] fashionSubset(String split, int offset, int n) throws IOException {
        try (DataInputStream img = new DataInputStream(gunzip(FASHION.resolve(split + "-images-idx3-ubyte.gz")));
             DataInputStream lab = new DataInputStream(gunzip(FASHION.resolve(split + "-labels-idx1-ubyte.gz")))) {
            img.readInt();
            int total = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            lab.readInt();
            lab.readInt();
            if (offset + n > total) {
                throw new IllegalArgumentException("subset beyond " + total + " samples");
            }
            img.skipNBytes((long) offset * rows * cols);
            lab.skipNBytes(offset);
            ByteArrayOutputStream ib = new ByteArrayOutputStream();
            DataOutputStream io = new DataOutputStream(ib);
            io.writeInt(0x803);
            io.writeInt(n);
            io.writeInt(rows);
            io.writeInt(cols);
            io.write(img.readNBytes(n * rows * cols));
            ByteArrayOutputStream lb = new ByteArrayOutputStream();
            DataOutputStream lo = new DataOutputStream(lb);
            lo.writeInt(0x801);
            lo.writeInt(n);
            lo.write(lab.readNBytes(n));
            return new byte[][] {ib.toByteArray(), lb.toByteArray()};
        }
    }

    private static InputStream gunzip(Path p) throws IOException {
        return new GZIPInputStream(Files.newInputStream(p), 1 << 16);
    }

    /** Registers a dataset from IDX bytes; returns its JSON view. */
    public static JsonNode registerDataset(String token, String name, byte[][] idx)
            throws IOException, InterruptedException {
        return registerDataset(token, name, idx, null);
    }

    /**
     * Registers a dataset; with a {@code contributorWallet} an admin then enters it in the open registry outside
     * curation ({@code POST /api/admin/registry-entries}, shares to that wallet; issue 11 item 2: registering a
     * dataset never writes the registry itself). Returns the dataset's JSON view.
     */
    public static JsonNode registerDataset(String token, String name, byte[][] idx, String contributorWallet)
            throws IOException, InterruptedException {
        String images = upload(token, idx[0]);
        String labels = upload(token, idx[1]);
        var body = JSON.createObjectNode().put("name", name).put("imagesCid", images).put("labelsCid", labels);
        HttpResponse<String> r = call("POST", "/api/datasets", token, body.toString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("register failed: " + r.statusCode() + " " + r.body());
        }
        JsonNode dataset = json(r);
        if (contributorWallet != null) {
            enterRegistryByAdmin(dataset.get("id").asText(), contributorWallet);
        }
        return dataset;
    }

    /** An admin enters dataset {@code datasetId} in the open registry (shares to the wallet); returns the entry. */
    public static JsonNode enterRegistryByAdmin(String datasetId, String contributorWallet)
            throws IOException, InterruptedException {
        HttpResponse<String> e = call("POST", "/api/admin/registry-entries", token("admin"), JSON.createObjectNode()
                .put("datasetId", datasetId).put("contributorWallet", contributorWallet)
                .put("reason", "integration test data").toString());
        if (e.statusCode() != 201) {
            throw new IllegalStateException("admin registry entry failed: " + e.statusCode() + " " + e.body());
        }
        return json(e);
    }

    /** The {@code trainex-runner} client-credentials token (runner role only; useless without a runner key). */
    public static String runnerToken() throws IOException, InterruptedException {
        awaitKeycloak();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(TOKEN_URL))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=trainex-runner"
                        + "&client_secret=" + env("TRAINEX_RUNNER_CLIENT_SECRET", "runner-dev-secret"))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no runner token: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /**
     * {@code provider} issues a key for its runner {@code runnerId} (issue 11 item 6) and returns the secret.
     *
     * @throws IllegalStateException if the exchange refuses
     */
    public static String issueRunnerKey(String provider, String runnerId) throws IOException, InterruptedException {
        HttpResponse<String> r = call("POST", "/api/providers/me/runners/" + runnerId + "/key", token(provider), null);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("no runner key for " + runnerId + " of " + provider + ": " + r.statusCode()
                    + " " + r.body());
        }
        return json(r).get("key").asText();
    }

    /** A runner as the exchange sees it: the shared runner token plus its own key, for REST calls. */
    public record RunnerCredentials(String runnerId, String provider, String token, String key) {
        /** A REST call as this runner. */
        public HttpResponse<String> call(String method, String path, Object body)
                throws IOException, InterruptedException {
            return TestEnvironment.call(method, path, token, key, body);
        }

        /** Downloads blob {@code cid} as this runner for {@code task} (null: naming no task); the body as text. */
        public HttpResponse<String> download(String cid, Object task) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(EXCHANGE + "/api/blobs/" + cid
                    + (task == null ? "" : "?task=" + task))).timeout(Duration.ofMinutes(5))
                    .header("Accept", "*/*").header("Authorization", "Bearer " + token).GET();
            if (key != null) {
                b.header(org.trainex.jobs.protocol.RunnerAuth.KEY_HEADER, key);
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        }
    }

    private static final java.util.Map<String, RunnerCredentials> RUNNER_CREDENTIALS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The credentials of {@code provider}'s runner {@code runnerId}, issued on first use and then kept for the test
     * run (a second key would replace the first).
     */
    public static RunnerCredentials runner(String provider, String runnerId) throws IOException, InterruptedException {
        RunnerCredentials c = RUNNER_CREDENTIALS.get(runnerId);
        if (c == null) {
            c = runnerCredentials(provider, runnerId);
            RUNNER_CREDENTIALS.put(runnerId, c);
        }
        return c;
    }

    /** Issues a key for {@code provider}'s runner {@code runnerId} and returns the runner's credentials. */
    public static RunnerCredentials runnerCredentials(String provider, String runnerId)
            throws IOException, InterruptedException {
        return new RunnerCredentials(runnerId, provider, runnerToken(), issueRunnerKey(provider, runnerId));
    }

    /**
     * Starts a gpu-runner process (the built jar) with its log in var/test/logs/{@code runnerId}.log.
     *
     * @param capacity samples/s to claim instead of measuring (null: measured at start)
     */
    public static Process startRunner(String runnerId, String provider, String region, Integer capacity)
            throws IOException, InterruptedException {
        Path jar = HOME.resolve("gpu-runner/target/gpu-runner.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build gpu-runner first: " + jar);
        }
        Path log = HOME.resolve("var/test/logs/" + runnerId + ".log");
        Files.createDirectories(log.getParent());
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m"));
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(java.util.List.of("-jar", jar.toString(), "--broker", BROKER, "--exchange", EXCHANGE,
                "--token-url", TOKEN_URL, "--runner-id", runnerId, "--provider", provider, "--region", region,
                "--cache-dir", HOME.resolve("var/test/runner-cache-" + runnerId).toString()));
        if (capacity != null) {
            cmd.addAll(java.util.List.of("--capacity", capacity.toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        // its own key, issued by its provider (issue 11 item 6); in the environment, not on the command line
        pb.environment().put("TRAINEX_RUNNER_KEY", issueRunnerKey(provider, runnerId));
        return pb.start();
    }

    /**
     * Hardhat's public dev keys #0..#9 (funded with 10,000 ETH each on the test chain; never use for real funds).
     * #0 is the exchange's gateway account; tests pay from #3 (consumer), #6 (provider) and #7 (provider2).
     */
    public static final String[] DEV_KEYS = {
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
            "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
            "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
            "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
            "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
            "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
            "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"};
    public static final org.web3j.crypto.Credentials CONSUMER_KEY = org.web3j.crypto.Credentials.create(DEV_KEYS[3]);
    public static final org.web3j.crypto.Credentials PROVIDER_KEY = org.web3j.crypto.Credentials.create(DEV_KEYS[6]);
    public static final org.web3j.crypto.Credentials PROVIDER2_KEY = org.web3j.crypto.Credentials.create(DEV_KEYS[7]);
    public static final String CHAIN_URL = env("TRAINEX_CHAIN_URL", "http://127.0.0.1:"
            + env("TRAINEX_CHAIN_PORT", "8645"));
    private static org.web3j.protocol.Web3j web3j;

    /** The test chain's JSON-RPC client. */
    public static synchronized org.web3j.protocol.Web3j web3j() {
        if (web3j == null) {
            web3j = org.web3j.protocol.Web3j.build(new org.web3j.protocol.http.HttpService(CHAIN_URL));
        }
        return web3j;
    }

    /** The checksummed address of a key. */
    public static String address(org.web3j.crypto.Credentials key) {
        return org.web3j.crypto.Keys.toChecksumAddress(key.getAddress());
    }

    /** 0x + 65-byte hex EIP-191 signature of {@code message} by {@code key}, as a wallet signs. */
    public static String sign(org.web3j.crypto.Credentials key, String message) {
        org.web3j.crypto.Sign.SignatureData s = org.web3j.crypto.Sign.signPrefixedMessage(
                message.getBytes(StandardCharsets.UTF_8), key.getEcKeyPair());
        byte[] sig = new byte[65];
        System.arraycopy(s.getR(), 0, sig, 0, 32);
        System.arraycopy(s.getS(), 0, sig, 32, 32);
        sig[64] = s.getV()[0];
        return "0x" + java.util.HexFormat.of().formatHex(sig);
    }

    /** The escrow contract as the exchange deployed it (GET /api/chain/contracts), signing with {@code key}. */
    public static org.trainex.chain.contracts.ComputeEscrow escrow(org.web3j.crypto.Credentials key)
            throws IOException, InterruptedException {
        JsonNode contracts = json(call("GET", "/api/chain/contracts", token("admin"), null));
        String address = null;
        for (JsonNode c : contracts) {
            if ("ComputeEscrow".equals(c.get("name").asText())) {
                address = c.get("address").asText();
            }
        }
        if (address == null) {
            throw new IllegalStateException("ComputeEscrow is not deployed: " + contracts);
        }
        return org.trainex.chain.contracts.ComputeEscrow.load(address, web3j(),
                new org.web3j.tx.RawTransactionManager(web3j(), key, 31337),
                new org.web3j.tx.gas.StaticGasProvider(BigInteger.valueOf(20_000_000_000L),
                        BigInteger.valueOf(500_000)));
    }

    /**
     * The provider stakes {@code amountWei} from its own wallet {@code key} ({@code ComputeEscrow.stake()}; nothing if
     * "0"), then links that wallet as its payout wallet (EIP-191) and has the exchange read the stake from the chain;
     * returns the account.
     */
    public static JsonNode stake(String token, String provider, org.web3j.crypto.Credentials key, String amountWei)
            throws Exception {
        BigInteger amount = new BigInteger(amountWei);
        if (amount.signum() > 0) {
            escrow(key).stake(amount).send();
        }
        String wallet = address(key);
        HttpResponse<String> r = call("POST", "/api/providers/me/stake", token, JSON.createObjectNode()
                .put("wallet", wallet).put("signature", sign(key,
                        org.trainex.computemarket.api.Providers.walletMessage(provider, wallet))).toString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("stake failed: " + r.statusCode() + " " + r.body());
        }
        return json(r);
    }

    /**
     * The consumer links wallet {@code key} as its payment wallet (EIP-191) and, when what its escrow deposit covers
     * is below {@code atLeastWei}, deposits the difference from that wallet itself; returns the account.
     */
    public static JsonNode fundConsumer(String token, String consumer, org.web3j.crypto.Credentials key,
                                        BigInteger atLeastWei) throws Exception {
        String wallet = address(key);
        HttpResponse<String> r = call("POST", "/api/consumers/me/wallet", token, JSON.createObjectNode()
                .put("wallet", wallet).put("signature", sign(key,
                        org.trainex.computemarket.api.Consumers.walletMessage(consumer, wallet))).toString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("wallet link failed: " + r.statusCode() + " " + r.body());
        }
        BigInteger missing = atLeastWei.subtract(new BigInteger(json(r).get("availableWei").asText()));
        if (missing.signum() > 0) {
            escrow(key).deposit(missing).send();
        }
        return json(call("GET", "/api/consumers/me", token, null));
    }

    /** A condition polled by {@link #await}: a value when met, null while not. */
    public interface Probe {
        JsonNode get() throws Exception;
    }

    /** Polls {@code probe} every 300 ms until it returns a value; fails the test after {@code timeout}. */
    public static JsonNode await(Duration timeout, Probe probe) throws Exception {
        java.time.Instant end = java.time.Instant.now().plus(timeout);
        while (java.time.Instant.now().isBefore(end)) {
            JsonNode v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("nothing within " + timeout.toSeconds() + " s");
    }

    private TestEnvironment() {
    }
}
