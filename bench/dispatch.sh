#!/usr/bin/env bash
# Dispatch throughput of no-op chunks end to end (issue 5 item 8): the exchange's dispatch probe
# (POST /api/admin/dispatch-probes) dispatches N noop tasks over Artemis, gpu-runners answer each at once, and the
# exchange records every result once; chunks/s = completed chunks / (last recorded result - first dispatch).
# For reference, BOINC's server dispatches about 8.8 million jobs a day (~100/s).
#
#   bench/dispatch.sh            (from the repository root)
#
# Uses the running exchange (./trainex up) or starts it (and stops it again at the end unless BENCH_KEEP_UP=1).
# For each runner count it starts that many gpu-runners (./trainex runner, capacity declared so they skip the
# capacity probe), runs a warm-up probe, then BENCH_REPEAT measured probes, and stops the runners it started.
#
# Environment: BENCH_CHUNKS (chunks per measured probe, default 20000), BENCH_WARMUP_CHUNKS (default 5000),
# BENCH_RUNNERS (runner counts, default "1 3"), BENCH_REPEAT (measured probes per runner count, default 1),
# BENCH_TIMEOUT_SECONDS (per probe, default 600), TRAINEX_DEMO_PASSWORD (the admin's password, default demo), and
# the launcher's settings (TRAINEX_VAR, TRAINEX_PORT_OFFSET, ...: see README, "Configuration").
# Runners that were already consuming (e.g. the demo's) take chunks too: the per-runner counts show it.
set -euo pipefail
cd "$(dirname "$0")/.."
TRAINEX_HOME=$PWD
export TRAINEX_HOME
# shellcheck source=../scripts/lib/common.sh
source scripts/lib/common.sh
# shellcheck source=../scripts/lib/keycloak.sh
source scripts/lib/keycloak.sh
# shellcheck source=../scripts/lib/runner.sh
source scripts/lib/runner.sh

CHUNKS=${BENCH_CHUNKS:-20000}
WARMUP=${BENCH_WARMUP_CHUNKS:-5000}
RUNNER_COUNTS=${BENCH_RUNNERS:-1 3}
REPEAT=${BENCH_REPEAT:-1}
TIMEOUT=${BENCH_TIMEOUT_SECONDS:-600}
BOINC_PER_SECOND=100
started_stack=0
runner_pids=()

stop_runners() {
  local pid
  for pid in "${runner_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${runner_pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  done
  runner_pids=()
}
cleanup() {
  stop_runners
  if ((started_stack)) && [[ -z ${BENCH_KEEP_UP:-} ]]; then ./trainex down >/dev/null || true; fi
}
trap cleanup EXIT

exchange_up() { [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$TRAINEX_EXCHANGE_URL/api/admin/dispatch-probes") == 401 ]]; }
if ! exchange_up; then
  say "the exchange is not running at $TRAINEX_EXCHANGE_URL: starting it (./trainex up)"
  ./trainex up >/dev/null
  started_stack=1
  exchange_up || die "the exchange did not come up (see $LOG_DIR)"
fi
[[ -f gpu-runner/target/gpu-runner.jar ]] || die "gpu-runner is not built (./trainex build)"

# probe CHUNKS LABEL: starts a probe, waits for it, prints one RESULT line
probe() {
  python3 - "$1" "$2" "$TIMEOUT" <<'PY'
import json, os, sys, time, urllib.error, urllib.parse, urllib.request
chunks, label, timeout = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
exchange = os.environ["TRAINEX_EXCHANGE_URL"]
token_url = os.environ["TRAINEX_OIDC_TOKEN_URL"]
form = urllib.parse.urlencode({"grant_type": "password", "client_id": "trainex-cli", "username": "admin",
                               "password": os.environ.get("TRAINEX_DEMO_PASSWORD", "demo")}).encode()
token = {"value": None, "until": 0}
def bearer():
    if time.time() > token["until"] - 30:
        with urllib.request.urlopen(urllib.request.Request(token_url, data=form), timeout=30) as r:
            body = json.load(r)
        token["value"], token["until"] = body["access_token"], time.time() + body.get("expires_in", 60)
    return token["value"]
def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(exchange + path, data=data, method=method, headers={
        "Authorization": "Bearer " + bearer(), "Accept": "application/json", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        sys.exit(f"[bench] {method} {path}: HTTP {e.code} {e.read().decode(errors='replace')[:300]}")
busy = [q["id"] for q in call("GET", "/api/admin/dispatch-probes?limit=50") if q["state"] in ("DISPATCHING", "RUNNING")]
if busy:
    print(f"[bench]   warning: unfinished probes share the runners: {', '.join(busy)} (DELETE them to stop them)",
          file=sys.stderr, flush=True)
def cpu_seconds(roots):
    """CPU time (user + system, s) of the processes under each root pid, reaped children included."""
    tick, parent, times = os.sysconf("SC_CLK_TCK"), {}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                f = open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()
                parent[int(d)] = int(f[1])
                times[int(d)] = sum(int(x) for x in f[11:15]) / tick  # utime stime cutime cstime
            except (OSError, IndexError):
                pass
    def under(pid, root):
        while pid > 1:
            if pid == root:
                return True
            pid = parent.get(pid, 0)
        return False
    return {name: sum(t for pid, t in times.items() if any(under(pid, r) for r in rs)) for name, rs in roots.items()}
roots = {}
for part in os.environ.get("BENCH_PIDS", "").split():
    name, pids = part.split(":")
    roots[name] = [int(x) for x in pids.split(",") if x]
cpu0 = cpu_seconds(roots)
p = call("POST", "/api/admin/dispatch-probes", {"chunks": chunks})
pid, t0, last = p["id"], time.time(), None
try:
    while True:
        time.sleep(1.0)  # each poll costs the exchange a few queries: once a second
        p = call("GET", f"/api/admin/dispatch-probes/{pid}")
        now = (p["state"], p["dispatched"], p["completed"])
        if now != last:
            print(f"[bench]   {label}: {p['state']:<11} dispatched {p['dispatched']:>7}  completed {p['completed']:>7}",
                  file=sys.stderr, flush=True)
            last = now
        if p["state"] == "COMPLETED":
            break
        if time.time() - t0 > timeout:
            raise TimeoutError(f"probe {pid} not completed within {timeout:.0f} s: {json.dumps(p)}")
except (KeyboardInterrupt, TimeoutError) as e:
    call("DELETE", f"/api/admin/dispatch-probes/{pid}")  # stop dispatching its remaining chunks
    sys.exit(f"[bench] {e or 'interrupted'}; probe {pid} cancelled")
cpu1 = cpu_seconds(roots)
cpu = {k: (cpu1[k] - cpu0[k]) * 1000 / p["completed"] for k in roots}  # ms of CPU per chunk
runners = ",".join(f"{k}:{v}" for k, v in p["perRunner"].items())
print(f"RESULT label={label} probe={pid} chunks={p['completed']} failed={p['failed']} seconds={p['seconds']:.3f} "
      f"chunks_per_s={p['chunksPerSecond']:.1f} dispatch_s={p['dispatchSeconds']:.3f} "
      f"p50_s={p['latencyP50Seconds']:.3f} p99_s={p['latencyP99Seconds']:.3f} "
      + " ".join(f"cpu_ms_{k}={v:.3f}" for k, v in cpu.items())
      + f" cpu_ms_total={sum(cpu.values()):.3f} load={open('/proc/loadavg').read().split()[0]} runners={runners}",
      flush=True)
PY
}

say "machine: $(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
say "exchange: $TRAINEX_EXCHANGE_URL; probes of $CHUNKS chunks (warm-up $WARMUP) with ${RUNNER_COUNTS// /, } runner(s)"
results=$(mktemp)
for n in $RUNNER_COUNTS; do
  say "starting $n runner(s)"
  for ((i = 1; i <= n; i++)); do
    log=$LOG_DIR/bench-dispatch-runner-$i.log
    # each runner has its own key, issued by its provider (issue 11 item 6); declared capacity: no 2.5 s capacity
    # measurement, and the probe is not about training speed
    key=$(runner_issue_key "bench-dispatch-$n-$i" provider) || die "cannot issue a key for runner $i"
    TRAINEX_RUNNER_KEY=$key setsid ./trainex runner --runner-id "bench-dispatch-$n-$i" --provider provider \
      --capacity 1000 >"$log" 2>&1 </dev/null &
    runner_pids+=($!)
  done
  for ((i = 1; i <= n; i++)); do
    wait_for "runner $i of $n" 120 grep -q "one task at a time" "$LOG_DIR/bench-dispatch-runner-$i.log" \
      || die "runner $i did not start: $(tail -5 "$LOG_DIR/bench-dispatch-runner-$i.log")"
  done
  # CPU accounting (per chunk, user + system): the server, the embedded database (postmaster and its backends; 0 with
  # an external TRAINEX_DB_URL), the runners
  export BENCH_PIDS="wildfly:$(cat "$RUN_DIR/wildfly.pid" 2>/dev/null) postgres:$(head -1 "$TRAINEX_VAR/postgres/data/postmaster.pid" 2>/dev/null) runners:$(IFS=,; echo "${runner_pids[*]}")"
  if ((WARMUP > 0)); then
    say "warm-up probe ($WARMUP chunks, not counted)"
    probe "$WARMUP" "warmup-${n}-runners" >/dev/null
  fi
  for ((r = 1; r <= REPEAT; r++)); do
    say "probe $r of $REPEAT with $n runner(s): $CHUNKS chunks"
    probe "$CHUNKS" "${n}-runner(s)" | tee -a "$results"
  done
  stop_runners
done

echo
say "summary (end to end: first dispatch -> last result recorded; BOINC ~${BOINC_PER_SECOND}/s; load now $(cut -d' ' -f1-3 /proc/loadavg))"
awk -v boinc="$BOINC_PER_SECOND" -v cores="$(nproc --all)" '
  { for (i = 2; i <= NF; i++) { k = substr($i, 1, index($i, "=") - 1); v[k] = substr($i, index($i, "=") + 1) }
    printf "%-12s %7d chunks in %7.2f s  %7.1f chunks/s (%4.1fx BOINC)  latency p50 %6.2f s p99 %6.2f s  (load %s)\n",
      v["label"], v["chunks"], v["seconds"], v["chunks_per_s"], v["chunks_per_s"] / boinc, v["p50_s"], v["p99_s"], v["load"];
    printf "%-12s CPU per chunk: server %.2f ms, database %.2f ms, runners %.2f ms, total %.2f ms (%d cores, nothing else running: at most %.0f chunks/s)\n",
      "", v["cpu_ms_wildfly"], v["cpu_ms_postgres"], v["cpu_ms_runners"], v["cpu_ms_total"], cores, cores * 1000 / v["cpu_ms_total"];
    printf "%-12s per runner: %s\n", "", v["runners"] }' "$results"
rm -f "$results"
