package org.trainex.shared.api;

import java.util.List;
import java.util.Optional;

/** Where Trainex's contracts live on each chain, as recorded by the chain gateway when it deployed them. */
public interface ChainContracts {
    /**
     * A deployed contract.
     *
     * @param chainId     EIP-155 chain id (31337 for the hardhat dev chain)
     * @param name        contract name, e.g. {@code DataRegistry}
     * @param address     checksummed address
     * @param txHash      deployment transaction
     * @param blockNumber block of the deployment
     */
    record Deployed(long chainId, String name, String address, String txHash, long blockNumber) {
    }

    Optional<Deployed> find(long chainId, String name);

    /** Every recorded deployment, by chain and name. */
    List<Deployed> all();

    /**
     * Records a deployment. A later record for the same chain and name replaces the earlier one (the gateway
     * redeploys only when the recorded address has no code, e.g. after a dev chain reset).
     */
    void record(Deployed deployed);
}
