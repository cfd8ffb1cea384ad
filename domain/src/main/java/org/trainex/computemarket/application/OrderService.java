package org.trainex.computemarket.application;

import org.trainex.shared.api.ChainCommand;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.math.BigInteger;
import org.trainex.computemarket.api.MatchView;
import org.trainex.computemarket.domain.Bid;
import org.trainex.computemarket.domain.MatchRepository;
import org.trainex.computemarket.domain.OrderMatch;
import org.trainex.computemarket.domain.ProviderRepository;
import org.trainex.computemarket.domain.matching.Fill;
import org.trainex.computemarket.domain.matching.Match;
import org.trainex.computemarket.domain.matching.MatchResult;
import org.trainex.computemarket.domain.matching.NoMatch;
import org.trainex.shared.api.ChainOutbox;
import org.trainex.shared.api.Ledger;
import org.trainex.shared.api.Settings;
import org.trainex.shared.api.WalletAddress;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.trainex.computemarket.api.OrderView;
import org.trainex.computemarket.api.PlaceOrderCommand;
import org.trainex.shared.api.TaskDispatcher;
import org.trainex.computemarket.api.TrainingOrders;
import org.trainex.shared.api.ReferenceModels;
import org.trainex.computemarket.domain.TrainingJob;
import org.trainex.computemarket.domain.TrainingJobRepository;
import org.trainex.computemarket.domain.TrainingOrder;
import org.trainex.computemarket.domain.TrainingOrderRepository;
import org.trainex.computemarket.domain.federated.SettlementPlan;
import org.trainex.datamarket.api.DatasetView;
import org.trainex.datamarket.api.Datasets;
import org.trainex.jobs.protocol.DatasetRef;
import org.trainex.shared.api.InvalidInputException;
import org.trainex.shared.api.NotFoundException;

/**
 * Places training orders (DKLabs, seed 002, Sections 7.1-7.2; issue 5 items 1 and 3). An unpriced order is
 * dispatched at once as one training task to any runner (the exchange's own capacity, no payment). A priced order
 * (conditions, maximum price, consumer wallet) waits in AWAITING_BIDS until the order book matches it; then, in one
 * transaction, the bids are filled, the match recorded, the maximum price locked in escrow (ledger journal and
 * chain request) and its job started as FedAvg rounds over the matched runners ({@link RoundPlanner}).
 * {@code TRAINEX_DATA_FEE_BPS} (default 1000 = 10 %) sets the data fee of new priced orders, in basis points of the
 * match cost; the matched compute may cost at most the maximum price less that fee.
 */
@Stateless
@jakarta.ejb.Local(TrainingOrders.class)
@jakarta.ejb.LocalBean
public class OrderService implements TrainingOrders {
    private static final Logger LOG = Logger.getLogger(OrderService.class.getName());
    static final int DEFAULT_EPOCHS = 2;
    static final int DEFAULT_BATCH = 128;
    static final long DEFAULT_SEED = 42L;

    @Inject
    TrainingOrderRepository orders;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    Datasets datasets;
    @Inject
    TaskDispatcher dispatcher;

    @Inject
    MatchingService matching;
    @Inject
    ProviderRepository providers;
    @Inject
    MatchRepository matches;
    @Inject
    Ledger ledger;
    @Inject
    ChainOutbox outbox;
    @Inject
    RoundPlanner planner;
    @Inject
    SettlementService settlement;
    @Inject
    ConsumerService consumers;
    @Inject
    org.trainex.datamarket.api.Registry registry;

    /** Default FedAvg rounds of a priced order. */
    static final int DEFAULT_ROUNDS = 3;

    /** Data fee of priced orders in basis points of the match cost: {@code TRAINEX_DATA_FEE_BPS}, default 1000. */
    static int dataFeeBps() {
        long bps = Settings.getLong("data.fee.bps", 1000);
        if (bps < 0 || bps > 10_000) {
            throw new IllegalStateException("TRAINEX_DATA_FEE_BPS must be 0..10000, is " + bps);
        }
        return (int) bps;
    }

    @Override
    public OrderView place(PlaceOrderCommand c, org.trainex.computemarket.api.Caller caller) {
        String consumer = caller.name();
        if (c == null) {
            throw new InvalidInputException("an order needs a JSON body with at least trainDatasetId and testDatasetId");
        }
        checkBounds(c);
        if (c.trainDatasetId() == null || c.testDatasetId() == null) {
            throw new InvalidInputException("trainDatasetId and testDatasetId are required");
        }
        if (c.maxPriceWei() == null || c.minCapacitySamplesPerSecond() == null || c.maxDurationSeconds() == null) {
            throw new InvalidInputException("an order needs maxPriceWei, minCapacitySamplesPerSecond and "
                    + "maxDurationSeconds: every order is matched with providers' bids, paid from the escrow deposit of "
                    + "your linked wallet and settled after verification (issue 12 item 4: one life cycle)");
        }
        if (c.trainDatasetId().equals(c.testDatasetId())) {
            throw new InvalidInputException("the test dataset must be held out: it cannot be the training dataset");
        }
        DatasetView train = datasets.get(c.trainDatasetId());
        DatasetView test = datasets.get(c.testDatasetId());
        for (DatasetView d : new DatasetView[] {train, test}) {
            if (!"IDX_IMAGES".equals(d.format())) {
                throw new InvalidInputException("dataset " + d.id() + " is " + d.format() + ": runners train on IDX "
                        + "image datasets only so far");
            }
        }
        if (train.rows() != test.rows() || train.columns() != test.columns() || train.classes() != test.classes()) {
            throw new InvalidInputException("training data (" + shape(train) + ") and test data (" + shape(test)
                    + ") differ in shape or classes");
        }
        String config = c.modelConfig() == null ? ReferenceModels.mlpConfig() : c.modelConfig();
        requireJsonObject(config);
        String name = c.modelName() != null ? c.modelName()
                : c.modelConfig() == null ? ReferenceModels.MLP : "custom";

        Instant now = Instant.now();
        TrainingOrder order = new TrainingOrder(UUID.randomUUID(), consumer, train.id(), test.id(), name, config,
                c.epochs() == null ? DEFAULT_EPOCHS : c.epochs(), c.batchSize() == null ? DEFAULT_BATCH : c.batchSize(),
                c.seed() == null ? DEFAULT_SEED : c.seed(), now);
        if (!c.maxPriceWei().matches("[0-9]{1,78}")) {
            throw new InvalidInputException("maxPriceWei must be a positive decimal integer of wei");
        }
        List<UUID> extra = c.trainDatasetIds() == null ? List.of() : c.trainDatasetIds().stream()
                .filter(id -> !id.equals(train.id())).distinct().toList();
        long samples = train.sampleCount();
        for (UUID id : extra) {
            samples += sameShape(train, datasets.get(id)).sampleCount();
        }
        order.federated(extra, c.rounds() == null ? DEFAULT_ROUNDS : c.rounds(), dataFeeBps());
        long work;
        try {
            work = Math.multiplyExact(Math.multiplyExact(samples, order.epochs()), order.rounds());
        } catch (ArithmeticException e) {
            throw new InvalidInputException("the work (" + samples + " samples x " + order.epochs()
                    + " epochs x " + order.rounds() + " rounds) is too large");
        }
        BigInteger maxPrice = new BigInteger(c.maxPriceWei());
        if (maxPrice.bitLength() > 256 || SettlementPlan.computeBudget(maxPrice, order.dataFeeBps()).signum() <= 0) {
            throw new InvalidInputException("maxPriceWei " + c.maxPriceWei() + " must be below 2^256 and leave "
                    + "at least 1 wei for compute after the data fee of " + order.dataFeeBps() + " basis points: "
                    + "the least is " + SettlementPlan.minimumLock(BigInteger.ONE, order.dataFeeBps()) + " wei");
        }
        // issue 11 item 1: paid only from the consumer's own linked wallet, and only what its deposit covers
        WalletAddress wallet = consumers.paymentWallet(consumer, c.consumerWallet());
        consumers.requireCovered(wallet, new BigInteger(c.maxPriceWei()), null, true);
        order.conditions(work, c.minCapacitySamplesPerSecond(),
                c.maxDurationSeconds(), new BigInteger(c.maxPriceWei()), c.regions(), c.verificationTier(),
                wallet);
        orders.add(order);
        LOG.info(() -> "order " + order.id() + " by " + consumer + ": " + name + ", " + order.rounds()
                + " round(s) x " + order.epochs() + " local epoch(s) on " + order.trainDatasetIds().size()
                + " dataset(s), " + order.sampleSteps() + " sample-steps, at most " + c.maxPriceWei() + " wei");
        tryMatch(order);
        return order.toView(jobs.findByOrder(order.id()).map(TrainingJob::id).orElse(null));
    }

    /**
     * The bounds of an order's numeric and list fields (see {@link TrainingOrders#place}); the entity checks epochs,
     * batch size and rounds again.
     *
     * @throws InvalidInputException naming the first field out of bounds
     */
    static void checkBounds(PlaceOrderCommand c) {
        if (c.epochs() != null && (c.epochs() < 1 || c.epochs() > TrainingOrder.MAX_EPOCHS)) {
            throw new InvalidInputException("epochs must be between 1 and " + TrainingOrder.MAX_EPOCHS + ", got "
                    + c.epochs());
        }
        if (c.batchSize() != null && (c.batchSize() < 1 || c.batchSize() > TrainingOrder.MAX_BATCH)) {
            throw new InvalidInputException("batchSize must be between 1 and " + TrainingOrder.MAX_BATCH + ", got "
                    + c.batchSize());
        }
        if (c.rounds() != null && (c.rounds() < 1 || c.rounds() > TrainingOrder.MAX_ROUNDS)) {
            throw new InvalidInputException("rounds must be between 1 and " + TrainingOrder.MAX_ROUNDS + ", got "
                    + c.rounds());
        }
        if (c.minCapacitySamplesPerSecond() != null && (c.minCapacitySamplesPerSecond() < 1
                || c.minCapacitySamplesPerSecond() > MAX_CAPACITY_SAMPLES_PER_SECOND)) {
            throw new InvalidInputException("minCapacitySamplesPerSecond must be between 1 and "
                    + MAX_CAPACITY_SAMPLES_PER_SECOND + " samples/s, got " + c.minCapacitySamplesPerSecond());
        }
        if (c.maxDurationSeconds() != null && (c.maxDurationSeconds() < 1
                || c.maxDurationSeconds() > MAX_DURATION_SECONDS)) {
            throw new InvalidInputException("maxDurationSeconds must be between 1 and " + MAX_DURATION_SECONDS
                    + " s (366 days), got " + c.maxDurationSeconds());
        }
        if (c.maxPriceWei() != null && !c.maxPriceWei().matches("[0-9]{1,78}")) {
            throw new InvalidInputException("maxPriceWei must be a positive decimal integer of wei");
        }
        if (c.trainDatasetIds() != null && (c.trainDatasetIds().size() > MAX_LIST
                || c.trainDatasetIds().stream().anyMatch(java.util.Objects::isNull))) {
            throw new InvalidInputException("trainDatasetIds must list at most " + MAX_LIST + " dataset ids");
        }
        if (c.regions() != null && c.regions().size() > MAX_LIST) {
            throw new InvalidInputException("regions must list at most " + MAX_LIST + " regions");
        }
    }

    /**
     * Matches an AWAITING_BIDS order against the book (issue 5 item 3). On a match: the bids' capacity is taken,
     * the match recorded with its prices, the order's maximum price locked in escrow (ledger journal and chain
     * request, same transaction) and the job started. Otherwise the order keeps waiting with the reason.
     *
     * @return true if it matched now
     */
    public boolean tryMatch(UUID orderId) {
        TrainingOrder order = orders.findForUpdate(orderId).orElseThrow(() -> new NotFoundException("no order "
                + orderId));
        return order.state() == TrainingOrder.State.AWAITING_BIDS && tryMatch(order);
    }

    private boolean tryMatch(TrainingOrder order) {
        WalletAddress wallet = WalletAddress.of(order.consumerWallet());
        try {
            consumers.requireCovered(wallet, order.maxPriceWei(), order.id(), false);
        } catch (InvalidInputException e) {
            order.unmatched("waiting for the consumer's deposit: " + e.getMessage());
            return false;
        }
        MatchResult result = matching.match(order.toRequest());
        if (result instanceof NoMatch no) {
            order.unmatched(no.message());
            return false;
        }
        Match m = (Match) result;
        for (Fill f : m.fills()) {
            Bid bid = providers.lockBid(f.bidId()).orElseThrow();
            bid.fill(f.capacitySamplesPerSecond());
        }
        matches.add(new OrderMatch(m));
        order.matched(m.fills().size() + " bid(s), " + m.totalCapacity() + " samples/s, " + m.totalCostWei()
                + " wei, about " + m.estimatedSeconds() + " s");
        ledger.post("ESCROW_LOCK", order.id().toString(), "escrow lock of order " + order.id(), List.of(
                new Ledger.Posting(ConsumerService.depositAccount(wallet), order.maxPriceWei().negate()),
                new Ledger.Posting("escrow:" + order.id(), order.maxPriceWei())));
        outbox.submit(escrowRequestId(order.id()), new ChainCommand.LockEscrow(order.id(),
                WalletAddress.of(order.consumerWallet()), order.maxPriceWei()));
        LOG.info(() -> "order " + order.id() + " matched: " + order.toView(null).matchNote() + "; "
                + order.maxPriceWei() + " wei to escrow from the deposit of " + wallet.value());
        planner.start(order, matches.find(order.id()).orElseThrow().toView(), Instant.now());
        return true;
    }

    /** The outbox request id of an order's escrow lock (one per order). */
    public static UUID escrowRequestId(UUID orderId) {
        return UUID.nameUUIDFromBytes(("escrow-lock:" + orderId).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }


    @Override
    public org.trainex.computemarket.api.BillView bill(UUID orderId, org.trainex.computemarket.api.Caller caller) {
        readable(orderId, caller);
        return settlement.bill(orderId);
    }

    /**
     * The order, if {@code caller} may read it (issue 11 item 7: the consumer, the providers in the match, admins).
     *
     * @throws NotFoundException if unknown or not the caller's to read (no existence leak)
     */
    TrainingOrder readable(UUID orderId, org.trainex.computemarket.api.Caller caller) {
        TrainingOrder order = orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
        if (!caller.mayRead(order.consumer(), matchedProviders(orderId))) {
            throw new NotFoundException("no order " + orderId);
        }
        return order;
    }

    private java.util.Set<String> matchedProviders(UUID orderId) {
        return matches.find(orderId).map(m -> m.toView().fills().stream().map(MatchView.FillView::provider)
                .collect(java.util.stream.Collectors.toSet())).orElse(java.util.Set.of());
    }

    @Override
    public MatchView match(UUID orderId, org.trainex.computemarket.api.Caller caller) {
        readable(orderId, caller);
        return matches.find(orderId).map(OrderMatch::toView).orElseThrow(() -> new NotFoundException("order "
                + orderId + " has no match"));
    }

    @Override
    public org.trainex.computemarket.api.QuoteView quote(List<UUID> trainDatasetIds, Integer epochs, Integer rounds,
                                                         Long minCapacity, Long maxDurationSeconds,
                                                         List<String> regions) {
        if (trainDatasetIds == null || trainDatasetIds.isEmpty() || trainDatasetIds.contains(null)
                || minCapacity == null || maxDurationSeconds == null || minCapacity <= 0 || maxDurationSeconds <= 0) {
            throw new InvalidInputException("a quote needs trainDatasetId (one or more), and positive "
                    + "minCapacitySamplesPerSecond and maxDurationSeconds");
        }
        int e = epochs == null ? DEFAULT_EPOCHS : epochs;
        if (e < 1 || e > TrainingOrder.MAX_EPOCHS) {
            throw new InvalidInputException("epochs must be between 1 and " + TrainingOrder.MAX_EPOCHS);
        }
        int r = rounds == null ? DEFAULT_ROUNDS : rounds;
        if (r < 1 || r > TrainingOrder.MAX_ROUNDS) {
            throw new InvalidInputException("rounds must be between 1 and " + TrainingOrder.MAX_ROUNDS);
        }
        List<UUID> ids = trainDatasetIds.stream().distinct().toList();
        DatasetView first = datasets.get(ids.get(0));
        long samples = 0;
        for (UUID id : ids) {
            samples += sameShape(first, id.equals(first.id()) ? first : datasets.get(id)).sampleCount();
        }
        long steps = Math.multiplyExact(Math.multiplyExact(samples, e), r);
        int bps = dataFeeBps();
        java.util.Set<String> allowed = regions == null ? java.util.Set.of() : new java.util.TreeSet<>(regions);
        MatchResult result = matching.quote(new org.trainex.computemarket.domain.matching.OrderRequest(
                UUID.randomUUID(), steps, minCapacity, maxDurationSeconds,
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE), allowed));
        if (result instanceof Match m) {
            boolean registryData = ids.stream().anyMatch(id -> registry.entryOfDataset(id).isPresent());
            BigInteger fee = registryData ? SettlementPlan.dataFee(m.totalCostWei(), bps) : BigInteger.ZERO;
            return new org.trainex.computemarket.api.QuoteView(steps, true, m.totalCostWei().toString(),
                    fee.toString(), SettlementPlan.minimumLock(m.totalCostWei(), bps).toString(), bps,
                    m.totalCapacity(), m.estimatedSeconds(), m.fills().size(), m.fills().size() + " bid(s) at "
                    + m.fills().get(0).pricePerKiloSampleStepWei() + "–"
                    + m.fills().get(m.fills().size() - 1).pricePerKiloSampleStepWei()
                    + " wei per 1,000 sample-steps");
        }
        NoMatch no = (NoMatch) result;
        return new org.trainex.computemarket.api.QuoteView(steps, false, null, null, null, bps,
                no.offeredCapacity(), 0, 0, no.message());
    }

    /**
     * {@code d}, if it is an IDX image dataset of {@code first}'s shape and classes (FedAvg averages one network).
     *
     * @throws InvalidInputException if not
     */
    private static DatasetView sameShape(DatasetView first, DatasetView d) {
        if (!"IDX_IMAGES".equals(d.format()) || d.rows() != first.rows() || d.columns() != first.columns()
                || d.classes() != first.classes()) {
            throw new InvalidInputException("training dataset " + d.id() + " (" + d.format() + ", " + shape(d)
                    + ") differs from " + first.id() + " (" + shape(first) + ")");
        }
        return d;
    }

    /** Ids of orders waiting for bids. */
    public List<UUID> awaitingBids(int limit) {
        return matches.awaitingBids(limit);
    }

    @Override
    public OrderView get(UUID id, org.trainex.computemarket.api.Caller caller) {
        TrainingOrder order = readable(id, caller);
        return order.toView(jobs.findByOrder(id).map(TrainingJob::id).orElse(null));
    }

    @Override
    public List<OrderView> list(org.trainex.computemarket.api.Caller caller) {
        java.util.Set<UUID> matched = caller.admin() ? java.util.Set.of() : matches.ordersOfProvider(caller.name());
        return orders.list().stream()
                .filter(o -> caller.admin() || caller.name().equals(o.consumer()) || matched.contains(o.id()))
                .map(o -> o.toView(jobs.findByOrder(o.id()).map(TrainingJob::id).orElse(null))).toList();
    }

    /** Whether {@code caller} may read order {@code orderId} (false if unknown). */
    public boolean mayRead(UUID orderId, org.trainex.computemarket.api.Caller caller) {
        return orders.find(orderId).map(o -> caller.mayRead(o.consumer(), matchedProviders(orderId)))
                .orElse(false);
    }

    /** The protocol's description of a registered dataset. */
    static DatasetRef ref(DatasetView d) {
        return new DatasetRef(d.imagesCid(), d.labelsCid(), d.sampleCount(), d.rows(), d.columns(), d.classes());
    }

    private static String shape(DatasetView d) {
        return d.rows() + "x" + d.columns() + ", " + d.classes() + " classes";
    }

    private static void requireJsonObject(String config) {
        try (JsonReader r = Json.createReader(new StringReader(config))) {
            JsonStructure s = r.read();
            if (s.getValueType() != jakarta.json.JsonValue.ValueType.OBJECT) {
                throw new InvalidInputException("modelConfig must be a JSON object (a DL4J MultiLayerConfiguration)");
            }
        } catch (JsonException e) {
            throw new InvalidInputException("modelConfig is not valid JSON: " + e.getMessage());
        }
    }
}
