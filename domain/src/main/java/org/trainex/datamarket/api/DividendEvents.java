package org.trainex.datamarket.api;

import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import org.trainex.shared.api.DomainEvent;

/** What the data market announces about dividends (DataBright, seed 000, Section 2). */
public final class DividendEvents {
    private DividendEvents() {
    }

    /**
     * A data usage paid from a compute order's escrow is recorded and split into dividends; the escrow's release
     * pays them on chain.
     *
     * @param orderId     the order whose escrow pays the fee
     * @param usageId     the usage (its bytes32 is the on-chain usage key)
     * @param usageDigest SHA-256 of the usage record, {@code 0x} + 64 hex
     * @param dividends   one per registry entry: samples used, its contributor wallet and dividend (wei), summing
     *                    to the fee
     */
    public record DataUsageRecorded(UUID eventId, UUID orderId, UUID usageId, String usageDigest,
                                    List<Dividend> dividends) implements DomainEvent {
        public DataUsageRecorded {
            dividends = List.copyOf(dividends);
        }
    }

    /** A registry entry's dividend of one usage. */
    public record Dividend(UUID entryId, long samplesUsed, String contributorWallet, BigInteger dividendWei) {
    }
}
