# Trainex launcher: configuration defaults and small helpers. Sourced by ./trainex.
# Every setting is an environment variable; the README's configuration table lists them.

: "${TRAINEX_HOME:?TRAINEX_HOME must be set by the launcher}"
export TRAINEX_VAR=${TRAINEX_VAR:-$TRAINEX_HOME/var}
export TRAINEX_TOOLS=${TRAINEX_TOOLS:-$TRAINEX_HOME/.tools}
export TRAINEX_PORT_OFFSET=${TRAINEX_PORT_OFFSET:-0}
export TRAINEX_HTTP_PORT=$((8080 + TRAINEX_PORT_OFFSET))
export TRAINEX_MGMT_PORT=$((9990 + TRAINEX_PORT_OFFSET))
export TRAINEX_DB_PORT=${TRAINEX_DB_PORT:-15432}
export TRAINEX_KEYCLOAK_PORT=${TRAINEX_KEYCLOAK_PORT:-8180}
export TRAINEX_KEYCLOAK_MGMT_PORT=${TRAINEX_KEYCLOAK_MGMT_PORT:-9180}
export TRAINEX_DB_USER=${TRAINEX_DB_USER:-trainex}
export TRAINEX_DB_PASSWORD=${TRAINEX_DB_PASSWORD:-trainex}
export TRAINEX_OIDC_PROVIDER_URL=${TRAINEX_OIDC_PROVIDER_URL:-http://127.0.0.1:$TRAINEX_KEYCLOAK_PORT/realms/trainex}
export TRAINEX_EXCHANGE_URL=${TRAINEX_EXCHANGE_URL:-http://127.0.0.1:$TRAINEX_HTTP_PORT/trainex}
export TRAINEX_BROKER_URL=${TRAINEX_BROKER_URL:-tcp://127.0.0.1:$TRAINEX_HTTP_PORT?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor}
export TRAINEX_OIDC_TOKEN_URL=${TRAINEX_OIDC_TOKEN_URL:-$TRAINEX_OIDC_PROVIDER_URL/protocol/openid-connect/token}
export TRAINEX_BLOB_DIR=${TRAINEX_BLOB_DIR:-$TRAINEX_VAR/blobs}
# escrow challenge period of the dev/demo chain's ComputeEscrow (set when the contract is deployed; 600 s when unset
# outside the launcher)
export TRAINEX_CHALLENGE_PERIOD_SECONDS=${TRAINEX_CHALLENGE_PERIOD_SECONDS:-10}
export TRAINEX_FASHION_MNIST=${TRAINEX_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}
export JBOSS_HOME=$TRAINEX_HOME/ear/target/wildfly

RUN_DIR=$TRAINEX_VAR/run
LOG_DIR=$TRAINEX_VAR/logs

say()  { printf '\033[1m[trainex]\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m[trainex] %s\033[0m\n' "$*" >&2; }
die()  { printf '\033[1;31m[trainex] %s\033[0m\n' "$*" >&2; exit 1; }

ensure_dirs() { mkdir -p "$RUN_DIR" "$LOG_DIR" "$TRAINEX_TOOLS"; }

# pid_alive FILE: true if FILE holds the pid of a live process
pid_alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid NAME FILE [SECONDS]: TERM the process in FILE, wait, KILL if needed; only what we started
stop_pid() {
  local name=$1 file=$2 wait_s=${3:-30} pid
  if ! pid_alive "$file"; then rm -f "$file"; return 0; fi
  pid=$(cat "$file")
  say "stopping $name (pid $pid)"
  # a process started with setsid leads its own group: signal the group, so children it spawned stop too
  local target=$pid
  [[ $(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') == "$pid" ]] && target=-$pid
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < wait_s * 5; i++)); do kill -0 -- "$target" 2>/dev/null || break; sleep 0.2; done
  if kill -0 -- "$target" 2>/dev/null; then warn "$name did not stop in ${wait_s}s: killing"; kill -KILL -- "$target" 2>/dev/null || true; fi
  rm -f "$file"
}

# spawn PIDFILE LOGFILE COMMAND...: start COMMAND in its own session (immune to the caller's hangups), with
# output to LOGFILE; PIDFILE receives the pid of COMMAND itself, which leads its process group (stop_pid
# signals the whole group).
spawn() {
  local pidf=$1 log=$2; shift 2
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$@" >"$log" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s $pidf ]] && return 0; sleep 0.1; done
  warn "could not start $1"; return 1
}

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND...: poll until COMMAND succeeds, printing dots
wait_for() {
  local what=$1 limit=$2; shift 2
  local start=$SECONDS
  printf '[trainex] waiting for %s ' "$what"
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS - start > limit)); then echo; return 1; fi
    printf '.'; sleep 1
  done
  printf ' ready (%ds)\n' $((SECONDS - start))
}

# ensure_prereqs [test]: tools and Debian packages; installs missing packages when run as root
ensure_prereqs() {
  local missing=() pkgs=()
  for t in java mvn curl unzip python3 sha256sum node npm; do command -v "$t" >/dev/null || missing+=("$t"); done
  ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (install a JDK 17+, Maven 3.8+, curl, unzip, python3, Node.js 20 with npm)"
  local jv; jv=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  ((jv >= 17)) || die "Java 17 or newer is required (found $jv)"
  [[ -r $TRAINEX_FASHION_MNIST/train-images-idx3-ubyte.gz ]] || pkgs+=(dataset-fashion-mnist)
  if [[ ${1:-} == test ]]; then
    command -v chromium >/dev/null || pkgs+=(chromium)
    command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
  fi
  if ((${#pkgs[@]})); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      say "installing Debian packages: ${pkgs[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null || die "apt-get install ${pkgs[*]} failed"
    else
      die "missing Debian packages: ${pkgs[*]}; run: sudo apt-get install ${pkgs[*]}"
    fi
  fi
}

# build_if_needed: mvn install (without tests) when an artifact is missing or a source is newer
build_if_needed() {
  local ear=$TRAINEX_HOME/ear/target/trainex.ear jar=$TRAINEX_HOME/gpu-runner/target/gpu-runner.jar
  local cp=$TRAINEX_HOME/db-migrations/target/launcher.classpath
  if [[ -f $ear && -f $jar && -f $cp && -f $JBOSS_HOME/.trainex-build ]] &&
     [[ -z $(find "$TRAINEX_HOME"/pom.xml "$TRAINEX_HOME"/*/pom.xml "$TRAINEX_HOME"/*/src "$TRAINEX_HOME"/jobs/*/pom.xml \
              "$TRAINEX_HOME"/jobs/*/src -newer "$ear" -type f -print -quit 2>/dev/null) ]]; then
    return 0
  fi
  say "building (mvn install, tests skipped; the first build downloads WildFly, DL4J and friends: minutes)"
  local t0=$SECONDS
  (cd "$TRAINEX_HOME" && mvn -B -q install -DskipTests) || die "build failed"
  touch "$ear"
  say "built in $((SECONDS - t0)) s"
}
