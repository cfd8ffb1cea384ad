package org.trainex.shared.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A command to the chain (DESIGN.md convention 15): what a context asks the chain gateway to do, as a typed record.
 * Domain code hands one to {@link ChainOutbox#submit(UUID, ChainCommand)} in the transaction of the change that
 * needs it; {@link ChainCommandCodec} stores it as the outbox row's {@code kind} and JSON {@code payload}, and the
 * gateway decodes it back and sends exactly one transaction for it.
 *
 * <p>Every record checks itself when built, so a command that exists is well formed: a bad field, also one read
 * back from a stored payload, throws {@link IllegalArgumentException} naming the field (e.g. {@code "orderKey" must
 * be 0x + 64 hex digits}); the gateway then fails the request without sending anything. Amounts are integers in
 * wei (or token base units), {@code 0 <= amount < 2^256}; keys are Solidity {@code bytes32} as {@code 0x} + 64 hex
 * digits ({@link ChainKeys#bytes32(UUID)}); wallets are checksummed {@link WalletAddress}es (never the zero
 * address).
 */
public sealed interface ChainCommand {
    /** The outbox kind this command is stored under (its name on the wire, e.g. {@code LOCK_ESCROW}). */
    String kind();

    /**
     * Locks a matched order's maximum price in escrow from the consumer's own deposit:
     * {@code ComputeEscrow.lockFromDeposit(orderKey, consumer, value)} (DKLabs, seed 002, Section 7.2 item 1).
     *
     * @param value wei, positive
     */
    record LockEscrow(UUID orderId, String orderKey, WalletAddress consumer, BigInteger value) implements ChainCommand {
        public static final String KIND = "LOCK_ESCROW";

        public LockEscrow {
            required(orderId, "orderId");
            bytes32(orderKey, "orderKey");
            required(consumer, "consumer");
            uint256(value, "value");
            if (value.signum() == 0) {
                throw new IllegalArgumentException("an escrow lock of 0 wei locks nothing");
            }
        }

        /** The lock of {@code orderId}: its key is {@link ChainKeys#bytes32(UUID)} of the id. */
        public LockEscrow(UUID orderId, WalletAddress consumer, BigInteger value) {
            this(orderId, ChainKeys.bytes32(orderId), consumer, value);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Records that an order's work passed verification, which starts its challenge period:
     * {@code ComputeEscrow.markVerified(orderKey)} (DKLabs, seed 002, Section 7.2 item 5).
     */
    record MarkVerified(UUID orderId, String orderKey) implements ChainCommand {
        public static final String KIND = "MARK_VERIFIED";

        public MarkVerified {
            required(orderId, "orderId");
            bytes32(orderKey, "orderKey");
        }

        public MarkVerified(UUID orderId) {
            this(orderId, ChainKeys.bytes32(orderId));
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** Refunds an order's whole lock to its consumer: {@code ComputeEscrow.refund(orderKey)}. */
    record RefundEscrow(UUID orderId, String orderKey) implements ChainCommand {
        public static final String KIND = "REFUND_ESCROW";

        public RefundEscrow {
            required(orderId, "orderId");
            bytes32(orderKey, "orderKey");
        }

        public RefundEscrow(UUID orderId) {
            this(orderId, ChainKeys.bytes32(orderId));
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Settles a verified order after its challenge period: {@code ComputeEscrow.release(orderKey, providers,
     * providerAmounts, address(0), 0, usageKey, holders, dividendAmounts, usageDigest)} (DKLabs, seed 002, Section
     * 7.2 item 5; DataBright, seed 000, Section 2). All amounts in wei.
     *
     * <p>Rules: as many amounts as providers and as holders; either no data fee ({@code usageId} null, a zero
     * {@code usageKey}, no holders) or a usage with a non-zero key, at least one holder and a positive sum of
     * dividends.
     *
     * @param usageId the data usage paid by this release, or null when there is no data fee
     */
    record ReleaseEscrow(UUID orderId, String orderKey, List<WalletAddress> providers,
                         List<BigInteger> providerAmounts, UUID usageId, String usageKey, String usageDigest,
                         List<WalletAddress> holders, List<BigInteger> dividendAmounts, BigInteger refundWei)
            implements ChainCommand {
        public static final String KIND = "RELEASE_ESCROW";
        /** {@code bytes32(0)}: the usage key and digest of a release without a data fee. */
        public static final String ZERO_KEY = "0x" + "0".repeat(64);

        public ReleaseEscrow {
            required(orderId, "orderId");
            bytes32(orderKey, "orderKey");
            providers = wallets(providers, "providers");
            providerAmounts = uint256s(providerAmounts, "providerAmounts");
            if (providers.size() != providerAmounts.size()) {
                throw new IllegalArgumentException("a release needs as many providerAmounts as providers; got "
                        + providers.size() + " providers and " + providerAmounts.size() + " amounts");
            }
            holders = wallets(holders, "holders");
            dividendAmounts = uint256s(dividendAmounts, "dividendAmounts");
            if (holders.size() != dividendAmounts.size()) {
                throw new IllegalArgumentException("a release needs as many dividendAmounts as holders; got "
                        + holders.size() + " holders and " + dividendAmounts.size() + " amounts");
            }
            bytes32(usageKey, "usageKey");
            if (usageId == null) {
                if (!ZERO_KEY.equalsIgnoreCase(usageKey) || !holders.isEmpty()) {
                    throw new IllegalArgumentException("\"usageId\" is null (no data fee), so \"usageKey\" must be "
                            + "zero and \"holders\" empty; got usageKey " + usageKey + " and " + holders.size()
                            + " holders");
                }
            } else {
                if (ZERO_KEY.equalsIgnoreCase(usageKey)) {
                    throw new IllegalArgumentException("\"usageKey\" is zero but \"usageId\" is " + usageId);
                }
                if (holders.isEmpty() || sum(dividendAmounts).signum() == 0) {
                    throw new IllegalArgumentException("usage " + usageId + " pays no dividends: a release with a "
                            + "\"usageId\" needs holders and a positive data fee (else usageId null)");
                }
            }
            bytes32(usageDigest, "usageDigest");
            uint256(refundWei, "refundWei");
        }

        /** The data fee paid as dividends: the sum of {@code dividendAmounts} (wei). */
        public BigInteger dataFee() {
            return sum(dividendAmounts);
        }

        /** What the providers are paid: the sum of {@code providerAmounts} (wei). */
        public BigInteger providersTotal() {
            return sum(providerAmounts);
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Pays a data fee as dividends from the gateway account: {@code ComputeEscrow.payDataFee(usageKey, holders,
     * amounts, usageDigest)} with {@code value} wei (DataBright, seed 000, Section 2). At least one holder, as many
     * amounts as holders, {@code value} = the sum of the amounts, positive.
     *
     * @param usageDigest SHA-256 of the usage record ({@code 0x} + 64 hex)
     */
    record PayDataFee(UUID usageId, String usageKey, String usageDigest, List<WalletAddress> holders,
                      List<BigInteger> amounts, BigInteger value) implements ChainCommand {
        public static final String KIND = "PAY_DATA_FEE";

        public PayDataFee {
            required(usageId, "usageId");
            bytes32(usageKey, "usageKey");
            bytes32(usageDigest, "usageDigest");
            holders = wallets(holders, "holders");
            amounts = uint256s(amounts, "amounts");
            if (holders.isEmpty() || holders.size() != amounts.size()) {
                throw new IllegalArgumentException("a data fee needs as many amounts as holders, at least one; got "
                        + holders.size() + " holders and " + amounts.size() + " amounts");
            }
            uint256(value, "value");
            if (!sum(amounts).equals(value)) {
                throw new IllegalArgumentException("\"value\" " + value + " wei is not the sum of the amounts, "
                        + sum(amounts) + " wei");
            }
            if (value.signum() == 0) {
                throw new IllegalArgumentException("a data fee of 0 wei pays nothing");
            }
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Grants curator tokens: {@code CuratorToken.mint(holder, amount)} (DataBright, seed 000, Section 2).
     *
     * @param amount CuratorToken base units (18 decimals), positive
     */
    record MintCuratorTokens(UUID grantId, WalletAddress holder, BigInteger amount) implements ChainCommand {
        public static final String KIND = "MINT_CURATOR_TOKENS";

        public MintCuratorTokens {
            required(grantId, "grantId");
            required(holder, "holder");
            uint256(amount, "amount");
            if (amount.signum() == 0) {
                throw new IllegalArgumentException("\"amount\" must be positive");
            }
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Records a proposal's final curation tally with the Merkle root of its ballots:
     * {@code CurationVoting.recordTally(proposalKey, snapshotBlock, yesVotes, noVotes, accepted, ballotsRoot)}
     * (DataBright, seed 000, Section 2). Votes and weights in CuratorToken base units; {@code yesVotes} and
     * {@code noVotes} must equal the sums of the yes and no ballots' weights.
     *
     * @param snapshotBlock the block whose voting power counted, {@code 0 <= n < 2^48}
     * @param ballots       in the order of the ballots' Merkle tree leaves
     */
    record RecordCurationTally(UUID proposalId, String proposalKey, long snapshotBlock, BigInteger yesVotes,
                               BigInteger noVotes, boolean accepted, List<Ballot> ballots) implements ChainCommand {
        public static final String KIND = "RECORD_CURATION_TALLY";
        private static final long UINT48_LIMIT = 1L << 48;

        public RecordCurationTally {
            required(proposalId, "proposalId");
            bytes32(proposalKey, "proposalKey");
            if (snapshotBlock < 0 || snapshotBlock >= UINT48_LIMIT) {
                throw new IllegalArgumentException("\"snapshotBlock\" must be below " + UINT48_LIMIT + ", got "
                        + snapshotBlock);
            }
            uint256(yesVotes, "yesVotes");
            uint256(noVotes, "noVotes");
            ballots = List.copyOf(required(ballots, "ballots"));
            BigInteger yes = BigInteger.ZERO;
            BigInteger no = BigInteger.ZERO;
            for (int i = 0; i < ballots.size(); i++) {
                Ballot b = required(ballots.get(i), "ballots[" + i + "]");
                if (b.support()) {
                    yes = yes.add(b.weight());
                } else {
                    no = no.add(b.weight());
                }
            }
            if (!yesVotes.equals(yes) || !noVotes.equals(no)) {
                throw new IllegalArgumentException("the ballots add up to " + yes + " yes and " + no + " no, the "
                        + "tally says " + yesVotes + " yes and " + noVotes + " no");
            }
        }

        /** One curator's ballot: its weight in CuratorToken base units at the snapshot block. */
        public record Ballot(WalletAddress holder, boolean support, BigInteger weight) {
            public Ballot {
                required(holder, "holder");
                uint256(weight, "weight");
            }
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Anchors a registry batch: {@code DataRegistry.anchorBatch(registryId, merkleRoot, count)}, the root built by
     * the gateway from the entries (OpenZeppelin StandardMerkleTree leaves; DESIGN.md, "The chain is the public
     * record"). At least one entry.
     *
     * @param registryId the data request's id as {@code bytes32}
     */
    record AnchorRegistryBatch(UUID batchId, String registryId, List<Entry> entries) implements ChainCommand {
        public static final String KIND = "ANCHOR_REGISTRY_BATCH";

        public AnchorRegistryBatch {
            required(batchId, "batchId");
            bytes32(registryId, "registryId");
            entries = List.copyOf(required(entries, "entries"));
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("a registry batch needs at least one entry");
            }
        }

        /**
         * One registry entry of the batch.
         *
         * @param contentDigest SHA-256 of the data ({@code 0x} + 64 hex)
         * @param sampleCount   samples in the entry
         * @param shares        shares minted to the contributor (one per sample)
         */
        public record Entry(UUID entryId, String contentDigest, WalletAddress contributor, long sampleCount,
                            BigInteger shares) {
            public Entry {
                required(entryId, "entryId");
                bytes32(contentDigest, "contentDigest");
                required(contributor, "contributor");
                if (sampleCount < 0) {
                    throw new IllegalArgumentException("\"sampleCount\" must not be negative: " + sampleCount);
                }
                uint256(shares, "shares");
            }
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Mints a registry batch's contributor shares: {@code ShareToken.mintMany(registryId, contributors, amounts)}
     * (ERC-1155, token id = the registry id; DataBright, seed 000, Section 2). At least one contributor, as many
     * amounts as contributors.
     */
    record MintRegistryShares(UUID batchId, String registryId, List<WalletAddress> contributors,
                              List<BigInteger> amounts) implements ChainCommand {
        public static final String KIND = "MINT_REGISTRY_SHARES";

        public MintRegistryShares {
            required(batchId, "batchId");
            bytes32(registryId, "registryId");
            contributors = wallets(contributors, "contributors");
            amounts = uint256s(amounts, "amounts");
            if (contributors.isEmpty() || contributors.size() != amounts.size()) {
                throw new IllegalArgumentException("a share mint needs as many amounts as contributors, at least one");
            }
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    // --- field checks shared by the records (each message names the field) ---

    /** {@code 2^256}: amounts are below it. */
    BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("payload lacks \"" + field + "\"");
        }
        return value;
    }

    private static void bytes32(String value, String field) {
        required(value, field);
        if (!Bytes32.PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("\"" + field + "\" must be 0x + 64 hex digits, got " + value);
        }
    }

    private static void uint256(BigInteger value, String field) {
        required(value, field);
        if (value.signum() < 0 || value.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException("\"" + field + "\" is out of the uint256 range: " + value);
        }
    }

    private static List<WalletAddress> wallets(List<WalletAddress> values, String field) {
        required(values, field);
        List<WalletAddress> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(required(values.get(i), field + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static List<BigInteger> uint256s(List<BigInteger> values, String field) {
        required(values, field);
        for (int i = 0; i < values.size(); i++) {
            uint256(values.get(i), field + "[" + i + "]");
        }
        return List.copyOf(values);
    }

    private static BigInteger sum(List<BigInteger> amounts) {
        return amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** The {@code bytes32} text form. */
    final class Bytes32 {
        static final Pattern PATTERN = Pattern.compile("0x[0-9a-fA-F]{64}");

        private Bytes32() {
        }
    }
}
