# WildFly: the server built by the ear module into ear/target/wildfly, run with its state (deployments, Artemis
# journal, logs) under $TRAINEX_VAR/wildfly, and the EAR deployed with jboss-cli.

wildfly_cli() { JAVA_OPTS="-Xmx128m" "$JBOSS_HOME/bin/jboss-cli.sh" -c --controller="127.0.0.1:$TRAINEX_MGMT_PORT" "$@"; }

wildfly_ready() { [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: application/json' "$TRAINEX_EXCHANGE_URL/api/jobs") == 401 ]]; }

wildfly_start() {
  ensure_dirs
  local pidf=$RUN_DIR/wildfly.pid
  [[ -f $JBOSS_HOME/.trainex-build ]] || die "the server is not built: run ./trainex up (it builds) or mvn install"
  if pid_alive "$pidf"; then
    say "WildFly already running (pid $(cat "$pidf")) on 127.0.0.1:$TRAINEX_HTTP_PORT"
  else
    port_open "$TRAINEX_HTTP_PORT" && { warn "port $TRAINEX_HTTP_PORT is taken by another process: set TRAINEX_PORT_OFFSET"; return 1; }
    if [[ -n ${TRAINEX_BROKER_PASSWORD:-} ]]; then
      "$JBOSS_HOME/bin/add-user.sh" -a -s -u "${TRAINEX_BROKER_USER:-runner}" -p "$TRAINEX_BROKER_PASSWORD" -g guest >/dev/null
    fi
    mkdir -p "$TRAINEX_VAR/wildfly" "$LOG_DIR/wildfly" "$TRAINEX_BLOB_DIR"
    say "starting WildFly on 127.0.0.1:$TRAINEX_HTTP_PORT (management 127.0.0.1:$TRAINEX_MGMT_PORT)"
    (
      export LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE=$pidf
      export JAVA_OPTS="${TRAINEX_WILDFLY_JAVA_OPTS:--Xms256m -Xmx1g} -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=512m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true"
      # read-only configuration: the built server stays pristine; the EAR is deployed by CLI at each start
      setsid nohup "$JBOSS_HOME/bin/standalone.sh" --read-only-server-config=standalone-full.xml -b 127.0.0.1 -bmanagement 127.0.0.1 \
        -Djboss.socket.binding.port-offset="$TRAINEX_PORT_OFFSET" \
        -Djboss.server.data.dir="$TRAINEX_VAR/wildfly/data" -Djboss.server.temp.dir="$TRAINEX_VAR/wildfly/tmp" \
        -Djboss.server.log.dir="$LOG_DIR/wildfly" -Dtrainex.blob.dir="$TRAINEX_BLOB_DIR" \
        >"$LOG_DIR/wildfly-console.log" 2>&1 </dev/null &
    )
    wait_for "WildFly to boot" 180 wildfly_cli --command=':read-attribute(name=server-state)' || {
      tail -30 "$LOG_DIR/wildfly-console.log"; return 1; }
  fi
  if wildfly_ready && [[ ${1:-} != --redeploy ]] && ! [[ $TRAINEX_HOME/ear/target/trainex.ear -nt $TRAINEX_VAR/wildfly/deployed.stamp ]]; then
    say "trainex.ear already deployed at $TRAINEX_EXCHANGE_URL"
    return 0
  fi
  say "deploying trainex.ear"
  wildfly_cli --command="deploy $TRAINEX_HOME/ear/target/trainex.ear --force" || {
    grep -E 'ERROR|WFLY.*fail' "$LOG_DIR/wildfly/server.log" | tail -20; return 1; }
  wait_for "the exchange to answer" 120 wildfly_ready || { tail -30 "$LOG_DIR/wildfly/server.log"; return 1; }
  touch "$TRAINEX_VAR/wildfly/deployed.stamp"
}

wildfly_stop() { stop_pid WildFly "$RUN_DIR/wildfly.pid" 60; }

wildfly_status() {
  if pid_alive "$RUN_DIR/wildfly.pid"; then
    local s; wildfly_ready && s="exchange up" || s="exchange not answering"
    echo "wildfly    running  pid $(cat "$RUN_DIR/wildfly.pid")  $TRAINEX_EXCHANGE_URL/ ($s)"
  else echo "wildfly    stopped"; fi
}
