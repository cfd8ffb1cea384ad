package org.trainex.shared.application;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.trainex.shared.api.ChainContracts;

/** {@link ChainContracts} on the {@code shared.chain_contract} table. */
@Stateless
public class ChainContractService implements ChainContracts {
    @PersistenceContext(unitName = "trainex")
    EntityManager em;

    @Override
    public Optional<Deployed> find(long chainId, String name) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT address, tx_hash, block_number FROM shared.chain_contract "
                + "WHERE chain_id = ?1 AND name = ?2").setParameter(1, chainId).setParameter(2, name).getResultList();
        return rows.stream().findFirst().map(r -> new Deployed(chainId, name, (String) r[0], (String) r[1],
                ((Number) r[2]).longValue()));
    }

    @Override
    public List<Deployed> all() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT chain_id, name, address, tx_hash, block_number FROM "
                + "shared.chain_contract ORDER BY chain_id, name").getResultList();
        return rows.stream().map(r -> new Deployed(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                (String) r[3], ((Number) r[4]).longValue())).toList();
    }

    @Override
    public void record(Deployed d) {
        em.createNativeQuery("INSERT INTO shared.chain_contract (chain_id, name, address, tx_hash, block_number, "
                        + "deployed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (chain_id, name) DO UPDATE SET "
                        + "address = EXCLUDED.address, tx_hash = EXCLUDED.tx_hash, block_number = "
                        + "EXCLUDED.block_number, deployed_at = EXCLUDED.deployed_at")
                .setParameter(1, d.chainId()).setParameter(2, d.name()).setParameter(3, d.address())
                .setParameter(4, d.txHash()).setParameter(5, d.blockNumber())
                .setParameter(6, Timestamp.from(Instant.now())).executeUpdate();
    }
}
