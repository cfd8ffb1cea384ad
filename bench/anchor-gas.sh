#!/usr/bin/env bash
# Anchoring gas: gas per registry entry when the exchange anchors entries as one Merkle root per batch
# (DataRegistry.anchorBatch) at batch sizes 1, 16 and 256, against the naive way, one transaction per entry
# storing its fields (NaiveRegistry, chain-gateway/src/test/solidity). Prints a Markdown table.
#
#   bench/anchor-gas.sh            (run from anywhere; about 1 minute with a warm Maven repository)
#
# Builds chain-gateway (npm ci if needed, solc, web3j wrappers, test classes), then runs
# org.trainex.chain.bench.AnchorGasBenchmark, which starts its own hardhat node on 127.0.0.1 (free port),
# deploys both contracts with hardhat's public dev keys and reads gasUsed from the receipts. Exits 1 if the
# batched cost at batch 256 exceeds 5,000 gas per entry. Environment: JAVA (default java).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA:-java}"
CP_FILE=chain-gateway/target/bench.classpath

echo "== building chain-gateway (contracts, wrappers, test classes)"
if ! mvn -B -q -pl chain-gateway -am install -DskipTests; then
  echo "   (reactor build failed; building chain-gateway alone against the installed domain)"
  mvn -B -q -f chain-gateway/pom.xml install -DskipTests
fi
mvn -B -q -f chain-gateway/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$CP_FILE" >/dev/null

echo "== machine: $(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $(chain-gateway/node_modules/.bin/hardhat --version 2>/dev/null | tail -1 | sed 's/^/hardhat /'), $(node -p "'solc ' + require('./chain-gateway/node_modules/solc/package.json').version"), $("$JAVA" -version 2>&1 | head -1)"
exec "$JAVA" -Dtrainex.chainGateway.dir="$PWD/chain-gateway" \
  -cp "chain-gateway/target/test-classes:chain-gateway/target/classes:$(cat "$CP_FILE")" \
  org.trainex.chain.bench.AnchorGasBenchmark "$@"
