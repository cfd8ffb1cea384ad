# gpu-runner processes started by the launcher (./trainex demo, ./trainex runner --background).
# Each runner is a standalone JVM: JMS to the broker, HTTP to the exchange, DL4J on the CPU (nd4j-native).

export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

runner_java() {
  local jar=$TRAINEX_HOME/gpu-runner/target/gpu-runner.jar
  [[ -f $jar ]] || die "gpu-runner is not built: run mvn install (or ./trainex up)"
  local opts=(${TRAINEX_RUNNER_JAVA_OPTS:--Xmx2g})
  local jv; jv=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  ((jv >= 22)) && opts+=(--enable-native-access=ALL-UNNAMED)
  ((jv >= 23)) && opts+=(--sun-misc-unsafe-memory-access=allow)   # JavaCPP uses sun.misc.Unsafe
  exec java "${opts[@]}" -jar "$jar" "$@"
}

# runner_issue_key RUNNER_ID PROVIDER: PROVIDER (a demo user, password $TRAINEX_DEMO_PASSWORD, default demo) issues
# a key for its runner RUNNER_ID (POST /api/providers/me/runners/ID/key; issue 11 item 6, ADR 0012) and prints it.
# Issuing again replaces the runner's previous key.
runner_issue_key() {
  local id=$1 provider=$2 token body
  token=$(keycloak_token "$provider" "${TRAINEX_DEMO_PASSWORD:-demo}") || die "cannot sign in as $provider to issue a runner key"
  body=$(curl -sS -X POST -H "Authorization: Bearer $token" -H 'Accept: application/json' \
    -w '\n%{http_code}' "$TRAINEX_EXCHANGE_URL/api/providers/me/runners/$id/key") || die "cannot reach the exchange to issue a runner key"
  [[ ${body##*$'\n'} == 201 ]] || die "the exchange refused a key for runner $id of $provider: ${body%$'\n'*}"
  python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])' <<<"${body%$'\n'*}"
}

# runner_start_background N [PROVIDER]: start runner number N of PROVIDER (default $TRAINEX_RUNNER_PROVIDER or
# "provider"; idempotent), logging to $LOG_DIR/runner-N.log. The provider issues the runner's key first; the runner
# gets it in its environment (TRAINEX_RUNNER_KEY), never on its command line.
runner_start_background() {
  ensure_dirs
  local n=$1 pidf=$RUN_DIR/runner-$1.pid provider=${2:-${TRAINEX_RUNNER_PROVIDER:-provider}}
  local id=${TRAINEX_RUNNER_ID_PREFIX:-$(hostname)}-runner-$n key
  if pid_alive "$pidf"; then say "runner-$n already running (pid $(cat "$pidf"))"; return 0; fi
  key=$(runner_issue_key "$id" "$provider") || exit 1
  say "starting runner-$n ($id of $provider, log $LOG_DIR/runner-$n.log)"
  rm -f "$pidf"
  TRAINEX_RUNNER_KEY=$key spawn "$pidf" "$LOG_DIR/runner-$n.log" "$TRAINEX_HOME/trainex" runner \
    --runner-id "$id" --provider "$provider"
}

runners_stop() {
  local f
  for f in "$RUN_DIR"/runner-*.pid; do [[ -e $f ]] && stop_pid "runner $(basename "$f" .pid)" "$f" 30; done
  return 0
}

runners_status() {
  local f any=0
  for f in "$RUN_DIR"/runner-*.pid; do
    [[ -e $f ]] || continue; any=1
    if pid_alive "$f"; then echo "$(basename "$f" .pid)   running  pid $(cat "$f")"; else echo "$(basename "$f" .pid)   stopped"; fi
  done
  ((any)) || echo "runners    none started by the launcher"
}
