package org.trainex.datamarket.domain;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Usage records and their dividends. */
public interface DataUsageRepository {
    void add(DataUsage usage);

    Optional<DataUsage> lock(UUID id);

    Optional<DataUsage> byReference(String reference);

    /** Newest first. */
    List<DataUsage> list(int limit);

    /** Usages with a line paying one of {@code wallets} (lower-case compare), oldest first. */
    List<DataUsage> paying(List<String> wallets);

    Optional<RegistryEntry> entry(UUID entryId);

    /** Wallets of the registry entries whose datasets {@code owner} contributed. */
    List<String> walletsOf(String owner);
}
