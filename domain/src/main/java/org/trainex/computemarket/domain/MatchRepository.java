package org.trainex.computemarket.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Recorded matches and the orders waiting for bids. */
public interface MatchRepository {
    void add(OrderMatch match);

    Optional<OrderMatch> find(UUID orderId);

    /** Ids of the orders whose match has a fill of {@code provider}. */
    java.util.Set<UUID> ordersOfProvider(String provider);

    /** Ids of AWAITING_BIDS orders, oldest first. */
    List<UUID> awaitingBids(int limit);
}
