package org.trainex.datamarket.api;

import java.util.UUID;

/**
 * The dividends' chain side: a data fee paid to the shareholders of the registry entries a training job used
 * (DataBright, seed 000, Section 2: contributors "earn a dividend every time their data is used").
 */
public interface DividendChain {
    /**
     * Outbox kind: pay a data fee on {@code ComputeEscrow.payDataFee}, crediting each shareholder its dividend.
     * Payload {@code {"usageId": uuid, "usageKey": "0x" + 64 hex (bytes32 of the UUID), "usageDigest": "0x" + 64
     * hex (SHA-256 of the usage record), "holders": [checksummed addresses], "amounts": ["decimal wei"],
     * "value": "decimal wei" (= sum of amounts)}}.
     */
    String PAY_DATA_FEE_KIND = "PAY_DATA_FEE";

    /**
     * The gateway's confirmation that the dividends are credited on chain. Repeated confirmations change nothing.
     *
     * @throws org.trainex.shared.api.NotFoundException if the usage is unknown
     */
    void dataFeePaid(UUID usageId, String txHash, long blockNumber);
}
