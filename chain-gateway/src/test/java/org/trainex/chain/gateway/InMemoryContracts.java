package org.trainex.chain.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.trainex.shared.api.ChainContracts;

/** Test fake of the {@link ChainContracts} port: deployments by name in memory; a later record replaces one. */
final class InMemoryContracts implements ChainContracts {
    private final Map<String, Deployed> deployed = new ConcurrentHashMap<>();

    @Override
    public Optional<Deployed> find(long chainId, String name) {
        return Optional.ofNullable(deployed.get(name));
    }

    @Override
    public List<Deployed> all() {
        return List.copyOf(deployed.values());
    }

    @Override
    public void record(Deployed d) {
        deployed.put(d.name(), d);
    }
}
