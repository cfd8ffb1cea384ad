package org.trainex.chain.gateway;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.trainex.shared.api.ChainCommand;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Turns outbox requests into exactly one confirmed transaction each (DESIGN.md, "Money is never lost": idempotent
 * by request id, nonce-managed, retried, reconciled at start-up).
 *
 * <p>The rule that makes it exactly-once: a request is signed (nonce assigned, raw transaction and hash stored in
 * the outbox, committed) <em>before</em> it is broadcast. After a crash at any point, the stored raw transaction
 * is broadcast again: the same bytes have the same hash, so the node sees one transaction however often it is
 * sent. Receipts are looked up by that hash.
 *
 * <ul>
 *   <li><b>Nonces</b>: the next nonce is the larger of the node's pending transaction count for the account and
 *       one past the highest nonce still in flight in the outbox; the outbox refuses two in-flight rows with one
 *       nonce. A signed transaction the node has never seen and whose nonce the chain has moved past (a reset
 *       dev chain) is unsigned and signed again.</li>
 *   <li><b>Gas</b>: estimated per call ({@code eth_estimateGas}, +20 %); a call that reverts in estimation fails
 *       its request without spending gas, with the contract's custom error decoded into the outbox row's error
 *       ({@link ContractError}, e.g. "the call would fail: WrongStatus(orderId=0x…, status=4) (node: …)"), unless
 *       its handler says that time lifts that revert ({@link RequestHandler#retryAfter}: a release before the end
 *       of its challenge period, {@code ChallengePeriodNotOver}): then it is retried after the wait the handler
 *       names ("the call reverts for now: …"). EIP-1559 fees: max fee = 2 x base fee + priority fee.</li>
 *   <li><b>Confirmations</b>: a receipt counts once its block has {@code confirmations - 1} blocks on top.</li>
 *   <li><b>Retry</b>: a node that cannot be reached leaves requests where they are; a request that fails before
 *       signing is retried with exponential backoff (1 s doubling to 60 s); after 20 attempts it fails.</li>
 * </ul>
 * One pipeline per signing account; {@link #tick()} is not re-entrant (the caller serializes ticks).
 */
public class TransactionPipeline {
    private static final Logger LOG = Logger.getLogger(TransactionPipeline.class.getName());
    /** Requests whose follow-up or sending threw: logged once with the id, retried with a back-off (issue 11). */
    private final org.trainex.shared.api.FailingItems failing = new org.trainex.shared.api.FailingItems(LOG,
            "chain request");
    static final int MAX_ATTEMPTS = 20;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int BATCH = 32;

    /** Runs work in one transaction (in the server: a new JTA transaction; in tests: directly). */
    public interface TransactionRunner {
        void inTransaction(Runnable work);
    }

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final int confirmations;
    private final ChainOutbox outbox;
    private final Map<String, RequestHandler<?>> handlers;
    private final TransactionRunner tx;
    private final Clock clock;
    private boolean reconciled;
    private boolean nodeDown;

    public TransactionPipeline(Web3j web3j, Credentials credentials, long chainId, int confirmations,
                               ChainOutbox outbox, List<RequestHandler<?>> handlers, TransactionRunner tx,
                               Clock clock) {
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
        this.confirmations = Math.max(1, confirmations);
        this.outbox = outbox;
        this.handlers = handlers.stream().collect(Collectors.toMap(RequestHandler::kind, Function.identity()));
        this.tx = tx;
        this.clock = clock;
    }

    /** The signing account (checksummed is not needed by nodes; lower case as web3j gives it). */
    public String sender() {
        return credentials.getAddress();
    }

    /**
     * One round: reconcile in-flight transactions (re-broadcast what the node does not know), record receipts,
     * then sign and send due requests.
     *
     * @return true if the node answered
     */
    public boolean tick() {
        try {
            Instant now = clock.instant();
            for (ChainOutbox.Request r : outbox.inFlight()) {
                if (failing.due(r.id(), now)) {
                    try {
                        followUp(r);
                        failing.succeeded(r.id());
                    } catch (RuntimeException e) {
                        failing.failed(r.id(), e, now);
                    }
                }
            }
            reconciled = true;
            for (ChainOutbox.Request r : outbox.due(clock.instant(), BATCH)) {
                if (failing.due(r.id(), now)) {
                    try {
                        send(r);
                        failing.succeeded(r.id());
                    } catch (RuntimeException e) {
                        failing.failed(r.id(), e, now);
                    }
                }
            }
            if (nodeDown) {
                LOG.info(() -> "the Ethereum node answers again; the chain outbox resumes");
                nodeDown = false;
            }
            return true;
        } catch (IOException e) {
            if (!nodeDown) {
                LOG.warning("the Ethereum node does not answer (" + e.getMessage() + "): chain requests wait in the "
                        + "outbox and are retried");
                nodeDown = true;
            }
            return false;
        }
    }

    /** Whether the first reconciliation after start-up has run. */
    public boolean reconciled() {
        return reconciled;
    }

    private void followUp(ChainOutbox.Request r) throws IOException {
        Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(r.txHash()).send()
                .getTransactionReceipt();
        if (receipt.isPresent()) {
            TransactionReceipt rc = receipt.get();
            long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
            long block = rc.getBlockNumber().longValueExact();
            if (head - block + 1 < confirmations) {
                return;
            }
            if (!rc.isStatusOK()) {
                tx.inTransaction(() -> outbox.recordFailed(r.id(), "transaction " + r.txHash() + " reverted in block "
                        + block));
                LOG.warning(() -> "chain request " + r.id() + " (" + r.kind() + ") reverted: " + r.txHash());
                return;
            }
            RequestHandler<?> h = handlers.get(r.kind());
            ChainCommand command = r.command();
            tx.inTransaction(() -> {
                String result = confirm(h, r.id(), command, rc);
                outbox.recordConfirmed(r.id(), block, result);
            });
            LOG.info(() -> "chain request " + r.id() + " (" + r.kind() + ") confirmed: tx " + r.txHash() + " in block "
                    + block + ", gas " + rc.getGasUsed());
            return;
        }
        if (web3j.ethGetTransactionByHash(r.txHash()).send().getTransaction().isPresent()) {
            return; // known to the node, waiting to be mined
        }
        BigInteger mined = web3j.ethGetTransactionCount(r.sender(), DefaultBlockParameterName.LATEST).send()
                .getTransactionCount();
        if (mined.longValueExact() > r.nonce()) {
            // the chain moved past this nonce without our transaction: it can never be mined (a reset dev chain)
            tx.inTransaction(() -> outbox.recordUnsigned(r.id(), "nonce " + r.nonce() + " was used by another "
                    + "transaction; signing again"));
            LOG.warning(() -> "chain request " + r.id() + ": nonce " + r.nonce() + " consumed elsewhere, re-signing");
            return;
        }
        broadcast(r.id(), r.rawTx(), r.txHash(), true);
    }

    private void send(ChainOutbox.Request r) throws IOException {
        RequestHandler<?> h = handlers.get(r.kind());
        if (h == null) {
            tx.inTransaction(() -> outbox.recordFailed(r.id(), "no handler for request kind " + r.kind()));
            return;
        }
        RequestHandler.Call call;
        ChainCommand command;
        try {
            command = r.command();
            call = encode(h, command);
        } catch (RuntimeException e) {
            tx.inTransaction(() -> outbox.recordFailed(r.id(), "malformed request: " + e.getMessage()));
            LOG.warning(() -> "chain request " + r.id() + " is malformed: " + e.getMessage());
            return;
        }
        long nonce = nextNonce();
        EthEstimateGas estimate = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(sender(),
                BigInteger.valueOf(nonce), null, null, call.to(), call.value(), call.data())).send();
        if (estimate.hasError()) {
            Response.Error err = estimate.getError();
            String reason = String.valueOf(err.getMessage());
            Optional<ContractError> error = ContractError.find(err.getData(), reason);
            String described = error.map(e -> e + " (node: " + reason + ")").orElse(reason);
            boolean lastAttempt = r.attempts() + 1 >= MAX_ATTEMPTS;
            Optional<Duration> wait = error.flatMap(e -> retryAfter(h, command, e));
            if (wait.isPresent() && !lastAttempt) {
                retryLater(r, "the call reverts for now: " + described, wait.get());
            } else if (lastAttempt || error.isPresent() || reason.contains("revert")) {
                String failure = "the call would fail: " + described
                        + (lastAttempt ? " (attempt " + (r.attempts() + 1) + " of " + MAX_ATTEMPTS + ")" : "");
                tx.inTransaction(() -> outbox.recordFailed(r.id(), failure));
                LOG.warning(() -> "chain request " + r.id() + " (" + r.kind() + ") fails in simulation: " + failure);
            } else {
                retryLater(r, "gas estimation failed: " + described);
            }
            return;
        }
        BigInteger gasLimit = estimate.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN);
        EthBlock.Block head = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
        BigInteger priority = web3j.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
        BigInteger maxFee = head.getBaseFeePerGas().multiply(BigInteger.TWO).add(priority);
        RawTransaction raw = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), gasLimit, call.to(),
                call.value(), call.data(), priority, maxFee);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, credentials));
        String hash = Hash.sha3(signed);
        tx.inTransaction(() -> outbox.recordSigned(r.id(), sender(), nonce, hash, signed));
        broadcast(r.id(), signed, hash, false);
    }

    private void broadcast(java.util.UUID id, String signed, String hash, boolean again) throws IOException {
        EthSendTransaction sent = web3j.ethSendRawTransaction(signed).send();
        if (sent.hasError()) {
            Response.Error err = sent.getError();
            String m = err.getMessage() == null ? "" : err.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (m.contains("already known") || m.contains("known transaction") || m.contains("already imported")) {
                return;
            }
            LOG.warning(() -> "broadcast of " + hash + " (request " + id + ") was refused: " + err.getMessage()
                    + "; it is followed up at the next tick");
            return;
        }
        LOG.fine(() -> (again ? "re-broadcast " : "broadcast ") + hash + " for request " + id);
    }

    private long nextNonce() throws IOException {
        long pending = web3j.ethGetTransactionCount(sender(), DefaultBlockParameterName.PENDING).send()
                .getTransactionCount().longValueExact();
        long inFlight = outbox.inFlight().stream().filter(r -> sender().equalsIgnoreCase(r.sender()))
                .mapToLong(ChainOutbox.Request::nonce).max().orElse(-1);
        return Math.max(pending, inFlight + 1);
    }

    private static <C extends ChainCommand> RequestHandler.Call encode(RequestHandler<C> h, ChainCommand command) {
        return h.encode(h.type().cast(command));
    }

    private static <C extends ChainCommand> Optional<Duration> retryAfter(RequestHandler<C> h, ChainCommand command,
                                                                        ContractError error) {
        return h.retryAfter(h.type().cast(command), error);
    }

    private static <C extends ChainCommand> String confirm(RequestHandler<C> h, java.util.UUID requestId,
                                                           ChainCommand command, TransactionReceipt receipt) {
        return h.onConfirmed(requestId, h.type().cast(command), receipt);
    }

    private void retryLater(ChainOutbox.Request r, String error) {
        retryLater(r, error, Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(r.attempts(), 6))));
    }

    private void retryLater(ChainOutbox.Request r, String error, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        Instant next = clock.instant().plusSeconds(seconds);
        String message = error + "; next attempt in " + seconds + " s";
        tx.inTransaction(() -> outbox.recordRetry(r.id(), message, next));
        LOG.log(Level.INFO, "chain request {0} ({1}) retried in {2} s: {3}",
                new Object[] {r.id(), r.kind(), seconds, error});
    }
}
