package org.trainex.computemarket.application;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Local;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.trainex.computemarket.api.EscrowAccounts;
import org.trainex.computemarket.api.Reconciliation;
import org.trainex.computemarket.domain.ConsumerAccount;
import org.trainex.computemarket.domain.ConsumerAccountRepository;
import org.trainex.shared.api.ChainUnavailableException;
import org.trainex.shared.api.FailingItems;
import org.trainex.shared.api.Settings;

/**
 * {@link Reconciliation}: 15 s after start-up and then every {@code TRAINEX_RECONCILE_SECONDS} (default 60) it
 * mirrors every consumer's escrow deposit ({@link ConsumerService#mirrorDeposit}) and every provider's stake
 * ({@link ProviderService#mirrorStake(String)}) from the chain, each in its own transaction, and compares every order
 * whose escrow lock was mined with {@code ComputeEscrow.order}: the amount must be the order's lock, and the status
 * must say released or refunded exactly when the exchange recorded the settlement. Alarms (issue 11 item 1): a
 * wallet whose deposit is short of the locks the exchange made from it, an order the chain does not have although
 * its lock transaction is on this chain, a locked amount that differs, a settlement that differs.
 */
@Singleton
@Startup
@Local(Reconciliation.class)
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class EscrowReconciler implements Reconciliation {
    private static final Logger LOG = Logger.getLogger(EscrowReconciler.class.getName());

    @Resource
    TimerService timers;
    @Inject
    ConsumerAccountRepository consumers;
    @Inject
    ConsumerService consumerService;
    @Inject
    ProviderService providerService;
    @Inject
    EscrowAccounts chain;

    private final FailingItems failing = new FailingItems(LOG, "reconciliation of");
    /** Differences seen once (not alarms yet): key = kind + subject. */
    private final Map<String, Alarm> suspected = new ConcurrentHashMap<>();
    private final Map<String, Alarm> alarms = new ConcurrentHashMap<>();
    private volatile ReconciliationView last = new ReconciliationView(null, 0, 0, 0, 0, null, List.of());
    private volatile boolean chainDownLogged;
    private volatile int lostLogged = -1;

    @PostConstruct
    void schedule() {
        long period = Settings.getLong("reconcile.seconds", 60) * 1000;
        timers.createIntervalTimer(15_000, period, new TimerConfig("escrow reconciliation", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        reconcileNow();
    }

    @Override
    public ReconciliationView report() {
        return last;
    }

    @Override
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public synchronized ReconciliationView reconcileNow() {
        Instant now = Instant.now();
        Set<String> seen = new java.util.HashSet<>();
        int wallets = 0;
        int providers = 0;
        int orders = 0;
        int lost = 0;
        String error = null;
        try {
            for (ConsumerAccount a : consumers.all()) {
                BigInteger mirrored = failing.attempt("deposit of " + a.wallet().value(), now,
                        () -> consumerService.mirrorDeposit(a.wallet()));
                if (mirrored != null) {
                    wallets++;
                    if (mirrored.signum() < 0) {
                        note(seen, now, "DEPOSIT_SHORT", a.wallet().value(), "the chain holds " + mirrored.negate()
                                + " wei less in the deposit of " + a.wallet().value() + " (consumer "
                                + a.consumer() + ") than the locks the exchange made from it and has not seen mined");
                    }
                }
            }
            for (String provider : consumers.providersWithWallet()) {
                if (failing.run("stake of provider " + provider, now, () -> providerService.mirrorStake(provider))) {
                    providers++;
                }
            }
            for (ConsumerAccountRepository.LockedOrder o : consumers.lockedOrders()) {
                EscrowAccounts.OnChainOrder c = chain.order(o.orderId());
                String id = o.orderId().toString();
                if ("None".equals(c.status())) {
                    if (!chain.hasReceipt(o.lockTxHash())) {
                        lost++;
                        continue;
                    }
                    note(seen, now, "ORDER_MISSING", id, "the lock transaction " + o.lockTxHash() + " is on this chain "
                            + "but ComputeEscrow has no order " + id);
                    orders++;
                    continue;
                }
                orders++;
                if (!c.amountWei().equals(o.lockedWei())) {
                    note(seen, now, "ORDER_AMOUNT", id, "the exchange locked " + o.lockedWei() + " wei, the chain holds "
                            + c.amountWei() + " wei");
                }
                boolean settledOnChain = "Released".equals(c.status()) || "Refunded".equals(c.status());
                if (settledOnChain != o.settled()) {
                    note(seen, now, "ORDER_SETTLEMENT", id, "the chain says " + c.status() + ", the exchange "
                            + (o.settled() ? "recorded the settlement as mined" : "has not recorded a mined settlement"));
                }
            }
            if (chainDownLogged) {
                LOG.info("escrow reconciliation: the chain answers again");
                chainDownLogged = false;
            }
        } catch (ChainUnavailableException e) {
            error = e.getMessage();
            if (!chainDownLogged) {
                LOG.warning("escrow reconciliation waits for the chain: " + e.getMessage());
                chainDownLogged = true;
            }
            seen.addAll(suspected.keySet());
            seen.addAll(alarms.keySet());
        }
        if (lost > 0 && lost != lostLogged) {
            int l = lost;
            LOG.warning(() -> l + " order(s) were locked on a chain that no longer has their transactions (a dev chain "
                    + "restarted since); they are not reconciled");
            lostLogged = lost;
        }
        suspected.keySet().retainAll(seen);
        for (String k : new ArrayList<>(alarms.keySet())) {
            if (!seen.contains(k)) {
                Alarm gone = alarms.remove(k);
                LOG.info(() -> "escrow reconciliation: " + gone.kind() + " " + gone.subject() + " is resolved");
            }
        }
        last = new ReconciliationView(now, wallets, providers, orders, lost, error,
                alarms.values().stream().sorted(java.util.Comparator.comparing(Alarm::since)).toList());
        return last;
    }

    private void note(Set<String> seen, Instant now, String kind, String subject, String detail) {
        String key = kind + " " + subject;
        seen.add(key);
        if (alarms.containsKey(key)) {
            return;
        }
        Alarm first = suspected.putIfAbsent(key, new Alarm(kind, subject, detail, now));
        if (first != null) {
            Alarm a = new Alarm(kind, subject, detail, first.since());
            alarms.put(key, a);
            suspected.remove(key);
            LOG.severe(() -> "ESCROW RECONCILIATION ALARM " + kind + " " + subject + ": " + detail);
        }
    }
}
