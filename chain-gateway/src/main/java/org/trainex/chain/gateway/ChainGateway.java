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
import org.trainex.shared.api.ChainContracts;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.DomainEvents;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * The chain gateway inside the exchange: at start-up it connects to the configured node ({@link ChainSettings}),
 * deploys Trainex's contracts if needed, reconciles transactions that were in flight when the server stopped, and
 * then works the chain outbox every {@code TRAINEX_CHAIN_POLL_MILLIS} ({@link TransactionPipeline}). A node that
 * is down delays requests, it loses none.
 *
 * <p>It serves every {@link org.trainex.shared.api.ChainCommand}, one handler per command type
 * ({@link #handlers}), and announces each confirmation as a domain event ({@link DomainEvents}) in the transaction
 * that marks the outbox row confirmed. The gateway account never sends wei of
 * its own into escrow or stake: consumers deposit and providers stake from their own wallets (issue 11 item 1).
 * Chain reads of other adapters ({@link ChainVotingPower}, {@link ChainEscrowAccounts}) share its node connection and
 * contract addresses ({@link #node()},
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
    DomainEvents events;
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
                handlers(book, events), transactions, Clock.systemUTC());
        LOG.info(() -> "chain gateway: " + settings + ", account " + credentials.getAddress());
        ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Every chain command handler of the exchange, one per {@link org.trainex.shared.api.ChainCommand} type. */
    static List<RequestHandler<?>> handlers(ContractBook book, DomainEvents events) {
        return List.of(new AnchorRegistryBatchHandler(book, events), new MintSharesHandler(book, events),
                new MintCuratorTokensHandler(book, events), new RecordTallyHandler(book, events),
                new PayDataFeeHandler(book, events), new LockEscrowHandler(book, events),
                new MarkVerifiedHandler(book, events), new ReleaseEscrowHandler(book, events),
                new RefundEscrowHandler(book, events));
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
