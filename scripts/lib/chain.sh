# The Ethereum JSON-RPC node: a hardhat@2 dev chain (chainId 31337, funded dev accounts) on 127.0.0.1 unless
# TRAINEX_CHAIN_URL names another node. Its npm modules are installed by the chain-gateway build (npm ci).

export TRAINEX_CHAIN_PORT=${TRAINEX_CHAIN_PORT:-8545}

chain_external() { [[ -n ${TRAINEX_CHAIN_URL:-} && ${TRAINEX_CHAIN_DEV:-} != 1 ]]; }

chain_ready() {
  curl -s -m 2 -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' \
    "http://127.0.0.1:$TRAINEX_CHAIN_PORT" | grep -q '"result"'
}

# chain_install: the npm modules of chain-gateway (hardhat, solc, OpenZeppelin) from its package-lock.json
chain_install() {
  local dir=$TRAINEX_HOME/chain-gateway
  if [[ -f $dir/node_modules/.package-lock.json && ! $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
    return 0
  fi
  command -v npm >/dev/null || { warn "npm is missing: install Node.js 20 and npm"; return 1; }
  say "installing chain-gateway's npm modules (npm ci)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { warn "npm ci failed in chain-gateway"; return 1; }
}

chain_start() {
  ensure_dirs
  if chain_external; then say "using the Ethereum node at $TRAINEX_CHAIN_URL (TRAINEX_CHAIN_URL)"; return 0; fi
  export TRAINEX_CHAIN_DEV=1 TRAINEX_CHAIN_URL=http://127.0.0.1:$TRAINEX_CHAIN_PORT
  local pidf=$RUN_DIR/chain.pid hardhat=$TRAINEX_HOME/chain-gateway/node_modules/.bin/hardhat
  if pid_alive "$pidf"; then say "dev chain already running (pid $(cat "$pidf")) at $TRAINEX_CHAIN_URL"; return 0; fi
  [[ -x $hardhat ]] || { warn "hardhat is not installed: build chain-gateway first (mvn install runs npm ci)"; return 1; }
  port_open "$TRAINEX_CHAIN_PORT" && { warn "port $TRAINEX_CHAIN_PORT is taken by another process: set TRAINEX_CHAIN_PORT"; return 1; }
  say "starting the hardhat dev chain on 127.0.0.1:$TRAINEX_CHAIN_PORT (chainId 31337; its state lasts until it stops)"
  rm -f "$pidf"
  ( cd "$TRAINEX_HOME/chain-gateway" && HARDHAT_DISABLE_TELEMETRY_PROMPT=true \
      spawn "$pidf" "$LOG_DIR/chain.log" "$hardhat" node --hostname 127.0.0.1 --port "$TRAINEX_CHAIN_PORT" )
  wait_for "the dev chain" 60 chain_ready || { tail -20 "$LOG_DIR/chain.log"; return 1; }
}

chain_stop() { stop_pid "dev chain" "$RUN_DIR/chain.pid" 20; }

chain_status() {
  if pid_alive "$RUN_DIR/chain.pid"; then echo "chain      running  pid $(cat "$RUN_DIR/chain.pid")  http://127.0.0.1:$TRAINEX_CHAIN_PORT (hardhat, chainId 31337)"
  elif chain_external; then echo "chain      external $TRAINEX_CHAIN_URL"
  else echo "chain      stopped"; fi
}
