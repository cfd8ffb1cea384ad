package org.trainex.chain.gateway;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
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
    GatewayTransactions transactions;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private ChainSettings settings;
    private Web3j web3j;
    private ContractBook book;
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
                List.of(new AnchorRegistryBatchHandler(book, registry), new MintSharesHandler(book, registry)),
                transactions, Clock.systemUTC());
        LOG.info(() -> "chain gateway: " + settings + ", account " + credentials.getAddress());
        ticking = scheduler.scheduleWithFixedDelay(this::tick, 0, settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
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
