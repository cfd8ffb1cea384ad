# PostgreSQL: the embedded server (zonky binaries, real PostgreSQL 18) when TRAINEX_DB_URL is not set.
# Data lives in $TRAINEX_VAR/postgres and survives restarts; fsync and synchronous_commit are on.

postgres_embedded() { [[ -z ${TRAINEX_DB_URL:-} || ${TRAINEX_DB_EMBEDDED:-} == 1 ]]; }

postgres_start() {
  ensure_dirs
  if ! postgres_embedded; then
    say "using the PostgreSQL server at $TRAINEX_DB_URL (TRAINEX_DB_URL)"
    return 0
  fi
  export TRAINEX_DB_EMBEDDED=1
  export TRAINEX_DB_URL=jdbc:postgresql://127.0.0.1:$TRAINEX_DB_PORT/trainex
  local pidf=$RUN_DIR/postgres.pid
  if pid_alive "$pidf"; then say "PostgreSQL already running (pid $(cat "$pidf")) on 127.0.0.1:$TRAINEX_DB_PORT"; return 0; fi
  port_open "$TRAINEX_DB_PORT" && { warn "port $TRAINEX_DB_PORT is taken by another process: set TRAINEX_DB_PORT"; return 1; }
  local cp; cp=$(cat "$TRAINEX_HOME/db-migrations/target/launcher.classpath"):$TRAINEX_HOME/db-migrations/target/classes
  say "starting embedded PostgreSQL on 127.0.0.1:$TRAINEX_DB_PORT (data in $TRAINEX_VAR/postgres)"
  rm -f "$pidf"
  spawn "$pidf" "$LOG_DIR/postgres.log" java -Xmx96m -cp "$cp" org.trainex.migrations.EmbeddedPostgresServer \
    "$TRAINEX_VAR/postgres/data" "$TRAINEX_VAR/postgres/work" "$TRAINEX_DB_PORT" trainex "$TRAINEX_DB_USER" \
    "$TRAINEX_DB_PASSWORD"
  wait_for "PostgreSQL" 90 grep -q ' ready on ' "$LOG_DIR/postgres.log" || { tail -20 "$LOG_DIR/postgres.log"; return 1; }
}

postgres_stop() { stop_pid PostgreSQL "$RUN_DIR/postgres.pid" 60; }

postgres_status() {
  if pid_alive "$RUN_DIR/postgres.pid"; then echo "postgres   running  pid $(cat "$RUN_DIR/postgres.pid")  jdbc:postgresql://127.0.0.1:$TRAINEX_DB_PORT/trainex"
  elif ! postgres_embedded; then echo "postgres   external $TRAINEX_DB_URL"
  else echo "postgres   stopped"; fi
}
