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
     * Records a deployment. A later record for the same chain and name replaces the earlier one. The gateway
     * redeploys when the recorded address has no code (e.g. after a dev chain reset) and, on the dev chain, when
     * the recorded deployment's bytecode differs from the build's (a changed contract).
     */
    void record(Deployed deployed);
}
