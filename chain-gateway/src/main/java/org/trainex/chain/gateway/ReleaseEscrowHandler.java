package org.trainex.chain.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.chain.merkle.MerkleTree;
import org.trainex.computemarket.api.EscrowChain;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Settles a verified order after its challenge period ({@value EscrowChain#RELEASE_ESCROW_KIND}) with
 * {@code ComputeEscrow.release(orderKey, providers, providerAmounts, address(0), 0, usageKey, holders,
 * dividendAmounts, usageDigest)}: each provider is credited its payment, each shareholder of the registry entries the
 * order trained on its dividend (the data fee, once per usage), and the rest of the locked amount is refunded to the
 * consumer; all are pull payments ({@code withdraw()}). Sources: DKLabs, seed 002, Section 7.2 item 5 ("After the
 * challenge period ... the results of the training are exchanged for payment through a decentralized escrow
 * system"); DataBright, seed 000, Section 2 (contributors earn a dividend every time their data is used). No
 * validator fee yet (validator {@code address(0)}, fee 0).
 *
 * <p>Payload (all amounts decimal wei): {@code {"orderId": uuid, "orderKey": "0x" + 64 hex, "providers": [address],
 * "providerAmounts": ["wei"], "usageId": uuid or null, "usageKey": "0x" + 64 hex, "usageDigest": "0x" + 64 hex,
 * "holders": [address], "dividendAmounts": ["wei"], "refundWei": "wei"}}. Rules, checked before anything is sent
 * ({@link IllegalArgumentException} naming the field): as many amounts as providers and as holders; no zero address;
 * {@code "usageId"} present, and either null with a zero {@code usageKey} and no holders (no data fee), or a UUID
 * with a non-zero {@code usageKey}, at least one holder and a positive sum of dividends. The contract checks the rest
 * in gas estimation: the order must be Verified ({@code WrongStatus}), the payouts must fit in the locked amount
 * ({@code ExceedsLocked}), the usage unpaid ({@code DataFeeAlreadyPaid}); such a request fails, naming the error.
 * Before the order's {@code challengeEndsAt} the call reverts {@code ChallengePeriodNotOver}: the request is then
 * retried once the chain's clock has passed it ({@link #retryAfter}), the outbox row saying so.
 *
 * <p>On confirmation it requires the {@code Released} event for the order with providersTotal = sum of
 * providerAmounts, validatorFee 0, dataFee = sum of dividendAmounts and refund = {@code refundWei}, and, when the
 * data fee is positive, the {@code DataFeePaid} event for the usage key with that total (else
 * {@link IllegalStateException}); then it calls {@link EscrowChain#escrowReleased(UUID, String, long)}.
 */
public class ReleaseEscrowHandler implements RequestHandler {
    /** The contract's error for a release before the end of the challenge period. */
    static final String CHALLENGE_PERIOD_NOT_OVER = "ChallengePeriodNotOver";
    private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    private final ContractBook contracts;
    private final EscrowChain escrow;

    public ReleaseEscrowHandler(ContractBook contracts, EscrowChain escrow) {
        this.contracts = contracts;
        this.escrow = escrow;
    }

    @Override
    public String kind() {
        return EscrowChain.RELEASE_ESCROW_KIND;
    }

    /**
     * A release, checked (class comment). Amounts in wei; {@code usageId} null when there is no data fee.
     */
    record Release(Payloads.OrderRef order, List<String> providers, List<BigInteger> providerAmounts, UUID usageId,
                   byte[] usageKey, byte[] usageDigest, List<String> holders, List<BigInteger> dividendAmounts,
                   BigInteger refundWei) {
        static Release of(ChainOutbox.Request request) {
            JsonNode p = Payloads.parse(request.payload());
            Payloads.OrderRef order = Payloads.OrderRef.of(p);
            List<String> providers = Payloads.addresses(p, "providers");
            List<BigInteger> providerAmounts = Payloads.amounts(p, "providerAmounts");
            if (providers.size() != providerAmounts.size()) {
                throw new IllegalArgumentException("a release needs as many providerAmounts as providers; got "
                        + providers.size() + " providers and " + providerAmounts.size() + " amounts");
            }
            List<String> holders = Payloads.addresses(p, "holders");
            List<BigInteger> dividendAmounts = Payloads.amounts(p, "dividendAmounts");
            if (holders.size() != dividendAmounts.size()) {
                throw new IllegalArgumentException("a release needs as many dividendAmounts as holders; got "
                        + holders.size() + " holders and " + dividendAmounts.size() + " amounts");
            }
            if (!p.has("usageId")) {
                throw new IllegalArgumentException("payload lacks \"usageId\" (null when there is no data fee)");
            }
            byte[] usageKey = Payloads.bytes32(p, "usageKey");
            UUID usageId = null;
            if (p.get("usageId").isNull()) {
                if (!Payloads.isZero(usageKey) || !holders.isEmpty()) {
                    throw new IllegalArgumentException("\"usageId\" is null (no data fee), so \"usageKey\" must be "
                            + "zero and \"holders\" empty; got usageKey " + MerkleTree.toHex(usageKey) + " and "
                            + holders.size() + " holders");
                }
            } else {
                usageId = Payloads.uuid(p, "usageId");
                if (Payloads.isZero(usageKey)) {
                    throw new IllegalArgumentException("\"usageKey\" is zero but \"usageId\" is " + usageId);
                }
                if (holders.isEmpty() || Payloads.sum(dividendAmounts).signum() == 0) {
                    throw new IllegalArgumentException("usage " + usageId + " pays no dividends: a release with a "
                            + "\"usageId\" needs holders and a positive data fee (else usageId null)");
                }
            }
            return new Release(order, providers, providerAmounts, usageId, usageKey,
                    Payloads.bytes32(p, "usageDigest"), holders, dividendAmounts, Payloads.uint256(p, "refundWei"));
        }

        BigInteger dataFee() {
            return Payloads.sum(dividendAmounts);
        }
    }

    @Override
    public Call encode(ChainOutbox.Request request) {
        Release r = Release.of(request);
        Function f = new Function(ComputeEscrow.FUNC_RELEASE, List.of(new Bytes32(r.order().orderKey()),
                new DynamicArray<>(Address.class, r.providers().stream().map(Address::new).toList()),
                new DynamicArray<>(Uint256.class, r.providerAmounts().stream().map(Uint256::new).toList()),
                new Address(ZERO_ADDRESS), new Uint256(BigInteger.ZERO), new Bytes32(r.usageKey()),
                new DynamicArray<>(Address.class, r.holders().stream().map(Address::new).toList()),
                new DynamicArray<>(Uint256.class, r.dividendAmounts().stream().map(Uint256::new).toList()),
                new Bytes32(r.usageDigest())), List.of());
        return new Call(contracts.address(ContractBook.COMPUTE_ESCROW), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    /**
     * {@code ChallengePeriodNotOver(orderId, challengeEndsAt, nowSeconds)}: wait until the chain's clock passes
     * {@code challengeEndsAt} (the difference in chain seconds, plus one); any other revert fails the request.
     */
    @Override
    public Optional<Duration> retryAfter(ChainOutbox.Request request, ContractError error) {
        if (!CHALLENGE_PERIOD_NOT_OVER.equals(error.name())) {
            return Optional.empty();
        }
        try {
            BigInteger wait = error.uint("challengeEndsAt").subtract(error.uint("nowSeconds")).add(BigInteger.ONE);
            return Optional.of(Duration.ofSeconds(Math.max(1, wait.min(BigInteger.valueOf(86_400)).longValue())));
        } catch (IllegalArgumentException e) {
            return Optional.of(Duration.ofSeconds(TransactionPipeline.MAX_BACKOFF.toSeconds()));
        }
    }

    @Override
    public String onConfirmed(ChainOutbox.Request request, TransactionReceipt receipt) {
        Release r = Release.of(request);
        String address = contracts.address(ContractBook.COMPUTE_ESCROW);
        BigInteger providersTotal = Payloads.sum(r.providerAmounts());
        BigInteger dataFee = r.dataFee();
        boolean released = ComputeEscrow.getReleasedEvents(receipt).stream()
                .anyMatch(e -> Payloads.emittedBy(e.log, address) && Arrays.equals(r.order().orderKey(), e.orderId)
                        && providersTotal.equals(e.providersTotal) && e.validatorFee.signum() == 0
                        && dataFee.equals(e.dataFee) && r.refundWei().equals(e.refund));
        if (!released) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no Released event of "
                    + "ComputeEscrow at " + address + " for order " + r.order().orderId() + " with providersTotal "
                    + providersTotal + ", dataFee " + dataFee + " and refund " + r.refundWei() + " wei; events: "
                    + ComputeEscrow.getReleasedEvents(receipt).stream().map(e -> "providersTotal " + e.providersTotal
                    + ", dataFee " + e.dataFee + ", refund " + e.refund).toList());
        }
        if (dataFee.signum() > 0 && ComputeEscrow.getDataFeePaidEvents(receipt).stream()
                .noneMatch(e -> Payloads.emittedBy(e.log, address) && Arrays.equals(r.usageKey(), e.usageId)
                        && dataFee.equals(e.total))) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no DataFeePaid event "
                    + "for usage " + r.usageId() + " with total " + dataFee + " wei");
        }
        escrow.escrowReleased(r.order().orderId(), receipt.getTransactionHash(),
                receipt.getBlockNumber().longValueExact());
        return Payloads.write(Payloads.JSON.createObjectNode().put("event", "Released")
                .put("providersTotal", providersTotal.toString()).put("dataFee", dataFee.toString())
                .put("refund", r.refundWei().toString()).put("holders", r.holders().size())
                .put("gasUsed", receipt.getGasUsed().toString()));
    }
}
