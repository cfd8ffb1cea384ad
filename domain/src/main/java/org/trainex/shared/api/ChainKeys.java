package org.trainex.shared.api;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;

/** How Trainex ids appear on chain. */
public final class ChainKeys {
    private ChainKeys() {
    }

    /**
     * A UUID as a Solidity {@code bytes32}: its 16 bytes (most significant first), left-padded with zeros, as
     * {@code "0x"} + 64 lower-case hex digits. Used for registry ids, proposal keys, usage keys and order ids.
     */
    public static String bytes32(UUID id) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.position(16);
        b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return "0x" + HexFormat.of().formatHex(b.array());
    }
}
