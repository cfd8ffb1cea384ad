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

# runner_start_background N [PROVIDER]: start runner number N of PROVIDER (default $TRAINEX_RUNNER_PROVIDER or
# "provider"; idempotent), logging to $LOG_DIR/runner-N.log
runner_start_background() {
  ensure_dirs
  local n=$1 pidf=$RUN_DIR/runner-$1.pid
  if pid_alive "$pidf"; then say "runner-$n already running (pid $(cat "$pidf"))"; return 0; fi
  say "starting runner-$n (log $LOG_DIR/runner-$n.log)"
  rm -f "$pidf"
  spawn "$pidf" "$LOG_DIR/runner-$n.log" "$TRAINEX_HOME/trainex" runner \
    --runner-id "${TRAINEX_RUNNER_ID_PREFIX:-$(hostname)}-runner-$n" --provider "${2:-${TRAINEX_RUNNER_PROVIDER:-provider}}"
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
