package org.trainex.chain.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.trainex.shared.api.Settings;

/**
 * The chain gateway's configuration (README, "Configuration"):
 * <ul>
 *   <li>{@code TRAINEX_CHAIN_URL}: JSON-RPC URL of any EVM node, default {@code http://127.0.0.1:8545} (the
 *       hardhat dev chain started by the launcher);</li>
 *   <li>{@code TRAINEX_CHAIN_ID}: EIP-155 chain id, default 31337;</li>
 *   <li>{@code TRAINEX_CHAIN_KEY_FILE} or {@code TRAINEX_CHAIN_PRIVATE_KEY}: the gateway account's signing key
 *       (hex). Only on chain 31337 at a loopback URL may both be unset: then hardhat's first public dev key is
 *       used. The key is never logged;</li>
 *   <li>{@code TRAINEX_CHAIN_CONFIRMATIONS}: blocks a receipt needs before it counts (including its own), default 1;</li>
 *   <li>{@code TRAINEX_CHAIN_POLL_MILLIS}: gateway tick, default 500 ms;</li>
 *   <li>{@code TRAINEX_CHAIN_ENABLED}: {@code false} turns the gateway off (requests stay in the outbox).</li>
 * </ul>
 *
 * @param rpcUrl        node URL
 * @param chainId       chain id
 * @param privateKeyHex signing key, 64 hex digits (never logged: {@link #toString()} hides it)
 * @param confirmations blocks required, at least 1
 * @param pollInterval  gateway tick
 * @param enabled       whether the gateway runs
 */
public record ChainSettings(String rpcUrl, long chainId, String privateKeyHex, int confirmations,
                            Duration pollInterval, boolean enabled) {
    /** Hardhat's account #0 key: public knowledge, for the local dev chain only. */
    static final String HARDHAT_DEV_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    static final long DEV_CHAIN_ID = 31337;

    /**
     * Reads the settings.
     *
     * @throws IllegalStateException if no key is configured for a chain other than the local dev chain, or the
     *                               key file cannot be read
     */
    public static ChainSettings fromEnvironment() {
        String url = Settings.get("chain.url", "http://127.0.0.1:8545");
        long chainId = Settings.getLong("chain.id", DEV_CHAIN_ID);
        String key = Settings.get("chain.private.key", null);
        String keyFile = Settings.get("chain.key.file", null);
        if (key == null && keyFile != null) {
            try {
                key = Files.readString(Path.of(keyFile)).trim();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read TRAINEX_CHAIN_KEY_FILE " + keyFile + ": " + e.getMessage());
            }
        }
        if (key == null) {
            String host = URI.create(url).getHost();
            boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
            if (chainId != DEV_CHAIN_ID || !loopback) {
                throw new IllegalStateException("no signing key for chain " + chainId + " at " + url
                        + ": set TRAINEX_CHAIN_KEY_FILE or TRAINEX_CHAIN_PRIVATE_KEY");
            }
            key = HARDHAT_DEV_KEY;
        }
        key = key.startsWith("0x") ? key.substring(2) : key;
        if (!key.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalStateException("the chain signing key must be 32 bytes of hex");
        }
        return new ChainSettings(url, chainId, key, (int) Settings.getLong("chain.confirmations", 1),
                Duration.ofMillis(Settings.getLong("chain.poll.millis", 500)),
                !"false".equalsIgnoreCase(Settings.get("chain.enabled", "true")));
    }

    @Override
    public String toString() {
        return "ChainSettings[rpcUrl=" + rpcUrl + ", chainId=" + chainId + ", confirmations=" + confirmations
                + ", pollInterval=" + pollInterval + ", enabled=" + enabled + "]";
    }
}
