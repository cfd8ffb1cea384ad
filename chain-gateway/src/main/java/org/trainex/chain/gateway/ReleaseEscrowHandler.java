package org.trainex.chain.gateway;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.trainex.chain.contracts.ComputeEscrow;
import org.trainex.computemarket.api.EscrowEvents.EscrowReleased;
import org.trainex.datamarket.api.ChainRecordEvents.DataFeePaid;
import org.trainex.shared.api.ChainCommand.ReleaseEscrow;
import org.trainex.shared.api.ChainReceipt;
import org.trainex.shared.api.DomainEvent;
import org.trainex.shared.api.DomainEvents;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Settles a verified order after its challenge period ({@link ReleaseEscrow}) with
 * {@code ComputeEscrow.release(orderKey, providers, providerAmounts, address(0), 0, usageKey, holders,
 * dividendAmounts, usageDigest)}: each provider is credited its payment, each shareholder of the registry entries the
 * order trained on its dividend (the data fee, once per usage), and the rest of the locked amount is refunded to the
 * consumer; all are pull payments ({@code withdraw()}). Sources: DKLabs, seed 002, Section 7.2 item 5 ("After the
 * challenge period ... the results of the training are exchanged for payment through a decentralized escrow
 * system"); DataBright, seed 000, Section 2 (contributors earn a dividend every time their data is used). No
 * validator fee yet (validator {@code address(0)}, fee 0).
 *
 * <p>The command's own rules ({@link ReleaseEscrow}) are checked before anything is sent. The contract checks the rest
 * in gas estimation: the order must be Verified ({@code WrongStatus}), the payouts must fit in the locked amount
 * ({@code ExceedsLocked}), the usage unpaid ({@code DataFeeAlreadyPaid}); such a request fails, naming the error.
 * Before the order's {@code challengeEndsAt} the call reverts {@code ChallengePeriodNotOver}: the request is then
 * retried once the chain's clock has passed it ({@link #retryAfter}), the outbox row saying so.
 *
 * <p>On confirmation it requires the {@code Released} event for the order with providersTotal = sum of
 * providerAmounts, validatorFee 0, dataFee = sum of dividendAmounts and refund = {@code refundWei}, and, when the
 * data fee is positive, the {@code DataFeePaid} event for the usage key with that total (else
 * {@link IllegalStateException}); then it publishes {@link EscrowReleased} and, with a data fee, the data market's
 * {@link DataFeePaid} for the usage.
 */
public class ReleaseEscrowHandler implements RequestHandler<ReleaseEscrow> {
    /** The contract's error for a release before the end of the challenge period. */
    static final String CHALLENGE_PERIOD_NOT_OVER = "ChallengePeriodNotOver";

    private final ContractBook contracts;
    private final DomainEvents events;

    public ReleaseEscrowHandler(ContractBook contracts, DomainEvents events) {
        this.contracts = contracts;
        this.events = events;
    }

    @Override
    public Class<ReleaseEscrow> type() {
        return ReleaseEscrow.class;
    }

    @Override
    public Call encode(ReleaseEscrow r) {
        Function f = new Function(ComputeEscrow.FUNC_RELEASE, List.of(Payloads.bytes32(r.orderKey()),
                new DynamicArray<>(Address.class, Payloads.addresses(r.providers())),
                new DynamicArray<>(Uint256.class, r.providerAmounts().stream().map(Uint256::new).toList()),
                new Address(org.trainex.shared.api.WalletAddress.ZERO), new Uint256(BigInteger.ZERO),
                Payloads.bytes32(r.usageKey()),
                new DynamicArray<>(Address.class, Payloads.addresses(r.holders())),
                new DynamicArray<>(Uint256.class, r.dividendAmounts().stream().map(Uint256::new).toList()),
                Payloads.bytes32(r.usageDigest())), List.of());
        return new Call(contracts.address(ContractBook.COMPUTE_ESCROW), BigInteger.ZERO, FunctionEncoder.encode(f));
    }

    /**
     * {@code ChallengePeriodNotOver(orderId, challengeEndsAt, nowSeconds)}: wait until the chain's clock passes
     * {@code challengeEndsAt} (the difference in chain seconds, plus one); any other revert fails the request.
     */
    @Override
    public Optional<Duration> retryAfter(ReleaseEscrow request, ContractError error) {
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
    public String onConfirmed(UUID requestId, ReleaseEscrow r, TransactionReceipt receipt) {
        String address = contracts.address(ContractBook.COMPUTE_ESCROW);
        BigInteger providersTotal = r.providersTotal();
        BigInteger dataFee = r.dataFee();
        byte[] orderKey = Payloads.bytes(r.orderKey());
        boolean released = ComputeEscrow.getReleasedEvents(receipt).stream()
                .anyMatch(e -> Payloads.emittedBy(e.log, address) && Arrays.equals(orderKey, e.orderId)
                        && providersTotal.equals(e.providersTotal) && e.validatorFee.signum() == 0
                        && dataFee.equals(e.dataFee) && r.refundWei().equals(e.refund));
        if (!released) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no Released event of "
                    + "ComputeEscrow at " + address + " for order " + r.orderId() + " with providersTotal "
                    + providersTotal + ", dataFee " + dataFee + " and refund " + r.refundWei() + " wei; events: "
                    + ComputeEscrow.getReleasedEvents(receipt).stream().map(e -> "providersTotal " + e.providersTotal
                    + ", dataFee " + e.dataFee + ", refund " + e.refund).toList());
        }
        byte[] usageKey = Payloads.bytes(r.usageKey());
        if (dataFee.signum() > 0 && ComputeEscrow.getDataFeePaidEvents(receipt).stream()
                .noneMatch(e -> Payloads.emittedBy(e.log, address) && Arrays.equals(usageKey, e.usageId)
                        && dataFee.equals(e.total))) {
            throw new IllegalStateException("receipt " + receipt.getTransactionHash() + " has no DataFeePaid event "
                    + "for usage " + r.usageId() + " with total " + dataFee + " wei");
        }
        ChainReceipt at = Payloads.receipt(receipt);
        events.publish(new EscrowReleased(DomainEvent.idOf("EscrowReleased", requestId), r.orderId(), at));
        if (r.usageId() != null) {
            events.publish(new DataFeePaid(DomainEvent.idOf("DataFeePaid", requestId), r.usageId(), at));
        }
        return Payloads.write(Payloads.result("Released")
                .put("providersTotal", providersTotal.toString()).put("dataFee", dataFee.toString())
                .put("refund", r.refundWei().toString()).put("holders", r.holders().size())
                .put("gasUsed", receipt.getGasUsed().toString()));
    }
}
