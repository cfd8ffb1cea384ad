package org.trainex.computemarket.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Runners and bids. */
public interface ProviderRepository {
    Optional<Runner> runner(String id);

    Optional<Runner> lockRunner(String id);

    void add(Runner runner);

    List<Runner> runners();

    List<Runner> activeRunners();

    void add(Bid bid);

    Optional<Bid> lockBid(UUID id);

    /** OPEN bids in price-time priority (price, posted time, sequence). */
    List<Bid> openBids();

    /** OPEN bids whose window ended by {@code now}. */
    List<Bid> expiredBids(Instant now);

    /** Bids in {@code state} that name runner {@code runnerId}. */
    List<Bid> bidsOfRunner(String runnerId, Bid.State state);

    /** A provider's bids that still offer capacity: OPEN and SUSPENDED (a suspended bid comes back). */
    List<Bid> offeringBids(String provider);

    /** The next bid sequence number (strictly increasing, from a database sequence). */
    long nextBidSequence();
}
