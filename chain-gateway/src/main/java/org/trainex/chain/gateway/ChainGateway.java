package org.trainex.chain.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.trainex.computemarket.api.EscrowChain;
import org.trainex.datamarket.api.CurationChain;
import org.trainex.datamarket.api.DividendChain;
import org.trainex.datamarket.api.Registry;
import org.trainex.shared.api.ChainContracts;
import org.trainex.shared.api.ChainOutbox;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The chain gateway inside the exchange: at start-up it connects to the configured node ({@link ChainSettings}),
 * deploys Trainex's contracts if needed, reconciles transactions that were in flight when the server stopped, and
 * then works the chain outbox every {@code TRAINEX_CHAIN_POLL_MILLIS} ({@link TransactionPipeline}). A node that
 * is down delays requests, it loses none.
 *
 * <p>Outbox kinds it serves: {@value Registry#ANCHOR_BATCH_KIND} ({@link AnchorRegistryBatchHandler}),
 * {@value Registry#MINT_SHARES_KIND} ({@link MintSharesHandler}), {@value CurationChain#MINT_CURATOR_TOKENS_KIND}
 * ({@link MintCuratorTokensHandler}), {@value CurationChain#RECORD_TALLY_KIND} ({@link RecordTallyHandler}),
 * {@value DividendChain#PAY_DATA_FEE_KIND} ({@link PayDataFeeHandler}), and the escrow's
 * {@value EscrowChain#LOCK_ESCROW_KIND} ({@link LockEscrowHandler}), {@value EscrowChain#MARK_VERIFIED_KIND}
 * ({@link MarkVerifiedHandler}), {@value EscrowChain#RELEASE_ESCROW_KIND} ({@link ReleaseEscrowHandler}),
 * and {@value EscrowChain#REFUND_ESCROW_KIND} ({@link RefundEscrowHandler}). The gateway account never sends wei of
 * its own into escrow or stake: consumers deposit and providers stake from their own wallets (issue 11 item 1).
 * Chain reads of other adapters ({@link ChainVotingPower}, {@link ChainEscrowAccounts}) share its node connection and contract addresses ({@link #node()},
 * {@link #deployedAddress(String)}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ChainGateway {
    private static final Logger LOG = Logger.getLogger(ChainGateway.class.getName());

    @Inject
    ChainOutbox outbox;
    @Inject
    ChainContracts contracts;
    @Inject
    Registry registry;
    @Inject
    CurationChain curation;
    @Inject
    DividendChain dividends;
    @Inject
    EscrowChain escrow;
    @Inject
    GatewayTransactions transactions;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private ChainSettings settings;
    private volatile Web3j web3j;
    private volatile ContractBook book;
    private TransactionPipeline pipeline;
    private ScheduledFuture<?> ticking;
    private final Object tickLock = new Object();
    private boolean warnedNotDeployed;

    @PostConstruct
    void start() {
        settings = ChainSettings.fromEnvironment();
        if (!settings.enabled()) {
            LOG.warning("the chain gateway is off (TRAINEX_CHAIN_ENABLED=false): chain requests wait in the outbox");
            return;
        }
        web3j = Web3j.build(new HttpService(settings.rpcUrl()));
        Credentials credentials = Credentials.create(settings.privateKeyHex());
        book = new ContractBook(web3j, credentials, settings.chainId(), contracts);
        pipeline = new TransactionPipeline(web3j, credentials, settings.chainId(), settings.confirmations(), outbox,
                handlers(book, registry, curation, dividends, escrow), transactions, Clock.systemUTC());
        LOG.info(() -> "chain gateway: " + settings + ", account " + credentials.getAddress());
        ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Every outbox request handler of the exchange, one per kind. */
    static List<RequestHandler> handlers(ContractBook book, Registry registry, CurationChain curation,
                                         DividendChain dividends, EscrowChain escrow) {
        return List.of(new AnchorRegistryBatchHandler(book, registry), new MintSharesHandler(book, registry),
                new MintCuratorTokensHandler(book, curation), new RecordTallyHandler(book, curation),
                new PayDataFeeHandler(book, dividends), new LockEscrowHandler(book, escrow),
                new MarkVerifiedHandler(book, escrow), new ReleaseEscrowHandler(book, escrow),
                new RefundEscrowHandler(book, escrow));
    }

    /**
     * The connection to the configured node, for reads (eth_call) by other adapters of the gateway; empty when the
     * gateway is off ({@code TRAINEX_CHAIN_ENABLED=false}).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Web3j> node() {
        return Optional.ofNullable(web3j);
    }

    /**
     * The address of one of Trainex's contracts ({@link ContractBook} names, e.g. {@link ContractBook#CURATOR_TOKEN})
     * on the configured chain; empty while the gateway is off or has not yet checked or deployed the contracts (the
     * node has not answered since start-up).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<String> deployedAddress(String name) {
        ContractBook b = book;
        return b != null && b.ready() ? Optional.of(b.address(name)) : Optional.empty();
    }

    /** One round of work; runs on the managed scheduler, never twice at once. */
    void tick() {
        synchronized (tickLock) {
            try {
                if (!book.ready()) {
                    try {
                        book.ensureDeployed();
                        warnedNotDeployed = false;
                    } catch (IOException e) {
                        if (!warnedNotDeployed) {
                            LOG.warning("cannot reach the Ethereum node at " + settings.rpcUrl() + " to check the "
                                    + "contracts (" + e.getMessage() + "); retrying");
                            warnedNotDeployed = true;
                        }
                        return;
                    }
                }
                pipeline.tick();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "chain gateway tick failed; retrying", e);
            }
        }
    }

    @PreDestroy
    void stop() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        if (web3j != null) {
            web3j.shutdown();
        }
    }
}
