package org.trainex.shared.api;

/**
 * Where a chain command landed: its transaction and block (DESIGN.md convention 14: one value, not copied fields).
 * Entities embed it ({@code @Embedded} with {@code @AttributeOverride}s naming their columns); an entity whose
 * command is not yet confirmed holds null.
 *
 * @param txHash      the transaction hash, {@code 0x} + 64 hex
 * @param blockNumber the block that included it; null only for a receipt recorded before its block was kept
 *                    (settlements verified before computemarket V10)
 * @throws IllegalArgumentException if the hash is missing or the block negative
 */
@jakarta.persistence.Embeddable
public record ChainReceipt(String txHash, Long blockNumber) {
    public ChainReceipt {
        if (txHash == null || txHash.isBlank()) {
            throw new IllegalArgumentException("a chain receipt needs a transaction hash");
        }
        if (blockNumber != null && blockNumber < 0) {
            throw new IllegalArgumentException("a block number is not negative: " + blockNumber);
        }
    }
}
