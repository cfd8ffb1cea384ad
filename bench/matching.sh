#!/usr/bin/env bash
# Matching engine: throughput (matches/s) and latency percentiles of the compute market's order book
# (org.trainex.computemarket.domain.matching.OrderBook) on a book of 100,000 seeded random bids, against a naive
# matcher (filter all bids, sort fully, walk) on the same orders from the same book; checks both give identical
# results. Plain Java: needs only the JDK and the domain module's classes.
#
#   bench/matching.sh [matches [naiveMatches [seed]]]     (defaults 20000 200 20260301; about 20 s)
#
# Environment: JAVA (default java), JAVA_OPTS (extra JVM options, e.g. -Xmx2g). System properties
# -Dbench.bids (default 100000) and -Dbench.warmup (default = matches) go in JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA:-java}"

echo "== compiling domain (main and test classes, offline)"
# (Maven 3.8 prints colour resets even when quiet: keep its output for when it fails)
if ! build_log="$(mvn -B -q -o -Dstyle.color=never -pl domain test-compile 2>&1)"; then
  printf '%s\n' "$build_log" >&2
  exit 1
fi
# shellcheck disable=SC2086
exec "$JAVA" ${JAVA_OPTS:-} -cp domain/target/classes:domain/target/test-classes \
  org.trainex.computemarket.bench.MatchingBenchmark "$@"
