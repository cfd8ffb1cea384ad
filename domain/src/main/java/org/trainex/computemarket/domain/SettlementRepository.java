package org.trainex.computemarket.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Settlements, provider accounts and stakes. */
public interface SettlementRepository {
    void add(Settlement settlement);

    Optional<Settlement> find(UUID orderId);

    Optional<Settlement> lock(UUID orderId);

    /** Ids of settlements in CHALLENGE_PERIOD whose period ended by {@code now}. */
    List<UUID> releasable(Instant now, int limit);

    Optional<ProviderAccount> account(String provider);

    Optional<ProviderAccount> lockAccount(String provider);

    void add(ProviderAccount account);

    void add(ProviderStake stake);

    Optional<ProviderStake> lockStake(UUID id);

    /** Settlements with a PROVIDER line for {@code provider}, newest first. */
    List<Settlement> paying(String provider);
}
