# shellcheck shell=bash
# scripts/lib/keycloak.sh: install, start, stop and query the Trainex Keycloak (SSO) server.
#
# Sourced by ./trainex (or by hand: `source scripts/lib/keycloak.sh`). Never exits the caller's
# shell: every function returns 0 on success and non-zero (with a message on stderr) on failure.
# Sets no shell options; safe under `set -euo pipefail`. Defines KEYCLOAK_VERSION, KEYCLOAK_REALM and
# keycloak_*/_kc_* functions. Needs: bash, java (JDK on PATH), curl, python3, tar, ss, setsid, flock, pgrep; mvn only for
# keycloak_install on a machine that has not got the distribution yet.
#
# Functions
#   keycloak_install                 fetch org.keycloak:keycloak-quarkus-dist:26.7.3:tar.gz with Maven and
#                                    unpack it to $TRAINEX_TOOLS/keycloak-26.7.3 (no-op when present)
#   keycloak_start                   start Keycloak in dev mode on 127.0.0.1, import the trainex realm on
#                                    the first start, wait until the realm answers (idempotent)
#   keycloak_stop                    stop the process recorded in the pid file (TERM, then KILL)
#   keycloak_status                  one line: "keycloak: running (pid N, URL)" or "keycloak: stopped"
#                                    (returns 0 in both cases)
#   keycloak_is_running              silent test: 0 when our process is up and the realm answers
#   keycloak_url                     print the base URL, e.g. http://127.0.0.1:8180
#   keycloak_issuer                  print the realm issuer URL (…/realms/trainex)
#   keycloak_token USER PASSWORD     print an access token (password grant through client trainex-cli)
#   keycloak_client_token CLIENT SECRET
#                                    print an access token (client-credentials grant), e.g. trainex-runner
#
# Variables read (at call time, so they may be set after sourcing)
#   TRAINEX_HOME                     repository root (required; the realm template is
#                                    $TRAINEX_HOME/config/keycloak/trainex-realm.json)
#   TRAINEX_VAR                      state root, default $TRAINEX_HOME/var. Keycloak uses
#                                      $TRAINEX_VAR/keycloak/       per-instance server home (H2 data in data/h2,
#                                                                   rendered realm in data/import, survives restarts)
#                                      $TRAINEX_VAR/logs/keycloak.log
#                                      $TRAINEX_VAR/run/keycloak.pid
#   TRAINEX_TOOLS                    downloaded tools, default $TRAINEX_HOME/.tools (distribution, read-only use)
#   TRAINEX_KEYCLOAK_PORT            HTTP port, default 8180
#   TRAINEX_KEYCLOAK_MGMT_PORT       management port (health/metrics), default 9180
#   TRAINEX_KEYCLOAK_START_TIMEOUT   seconds to wait for the realm, default 360 (a first start on a loaded 2-core machine)
#   TRAINEX_PORTAL_CLIENT_SECRET     secret of client trainex-portal, default portal-dev-secret
#   TRAINEX_RUNNER_CLIENT_SECRET     secret of client trainex-runner, default runner-dev-secret
#   TRAINEX_DEMO_PASSWORD            password of the demo users, default demo
#   TRAINEX_KEYCLOAK_ADMIN_PASSWORD  password of the master-realm bootstrap admin "admin",
#                                    default admin-dev-password
# Secrets and the realm are applied on the first start of a given TRAINEX_VAR (Keycloak skips the import of
# an existing realm), and again after the realm template changes (the dev database is then reset).

KEYCLOAK_VERSION="26.7.3"
KEYCLOAK_REALM="trainex"

# --- internal helpers ---------------------------------------------------------------------------

_kc_err() { printf 'keycloak: %s\n' "$*" >&2; }

_kc_check_home() {
    if [ -z "${TRAINEX_HOME:-}" ] || [ ! -d "$TRAINEX_HOME" ]; then
        _kc_err "TRAINEX_HOME is not set or not a directory"
        return 1
    fi
}

_kc_var()       { printf '%s' "${TRAINEX_VAR:-$TRAINEX_HOME/var}"; }
_kc_tools()     { printf '%s' "${TRAINEX_TOOLS:-$TRAINEX_HOME/.tools}"; }
_kc_dist()      { printf '%s/keycloak-%s' "$(_kc_tools)" "$KEYCLOAK_VERSION"; }
_kc_inst()      { printf '%s/keycloak' "$(_kc_var)"; }
_kc_pidfile()   { printf '%s/run/keycloak.pid' "$(_kc_var)"; }
_kc_logfile()   { printf '%s/logs/keycloak.log' "$(_kc_var)"; }
_kc_port()      { printf '%s' "${TRAINEX_KEYCLOAK_PORT:-8180}"; }
_kc_mgmt_port() { printf '%s' "${TRAINEX_KEYCLOAK_MGMT_PORT:-9180}"; }

keycloak_url()    { printf 'http://127.0.0.1:%s\n' "$(_kc_port)"; }
keycloak_issuer() { printf 'http://127.0.0.1:%s/realms/%s\n' "$(_kc_port)" "$KEYCLOAK_REALM"; }

# HTTP status of the realm's discovery document ("000" when nothing answers).
_kc_realm_http_code() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
        "$(keycloak_issuer)/.well-known/openid-configuration" 2>/dev/null || true
}

# Print the pid from the pid file if that process is alive and is OUR Keycloak (its command line
# names this instance's home); return 1 otherwise. Guards against stale pid files and pid reuse.
_kc_live_pid() {
    local pidfile pid inst
    pidfile="$(_kc_pidfile)"
    [ -f "$pidfile" ] || return 1
    pid="$(tr -dc '0-9' <"$pidfile" 2>/dev/null || true)"
    [ -n "$pid" ] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    inst="$(_kc_inst)"
    if [ -r "/proc/$pid/cmdline" ]; then
        tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$inst" || return 1
    fi
    printf '%s\n' "$pid"
}

# True when something listens on TCP port $1 on any local address.
_kc_port_busy() {
    ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

# URL-encode stdin (for form bodies).
_kc_urlencode() {
    python3 -c 'import sys, urllib.parse; sys.stdout.write(urllib.parse.quote(sys.stdin.read(), safe=""))'
}

# POST a form body read from stdin to the token endpoint; print access_token or report the error.
# The body travels on stdin so passwords and secrets never appear in the process list.
_kc_token_request() {
    local resp
    resp="$(curl -s --max-time 30 -H 'Content-Type: application/x-www-form-urlencoded' \
        --data-binary @- "$(keycloak_issuer)/protocol/openid-connect/token")" || {
        _kc_err "token endpoint not reachable at $(keycloak_issuer) (is Keycloak running?)"
        return 1
    }
    printf '%s' "$resp" | python3 -c '
import json, sys
raw = sys.stdin.read()
try:
    d = json.loads(raw)
except ValueError:
    sys.stderr.write("keycloak: unexpected token response: %s\n" % raw[:200]); sys.exit(1)
if "access_token" in d:
    print(d["access_token"]); sys.exit(0)
sys.stderr.write("keycloak: token refused: %s (%s)\n" % (d.get("error", "?"), d.get("error_description", "")))
sys.exit(1)'
}

# Build (or refresh) the per-instance server home $TRAINEX_VAR/keycloak: Keycloak writes its H2
# database, import dir, temp files and the dev-mode build (lib/quarkus) below kc.home.dir, so the
# instance home holds copies of the small, writable parts and symlinks to the big read-only jars
# of the shared distribution. The distribution itself is never written to.
_kc_prepare_instance() {
    local dist inst d
    dist="$(_kc_dist)"
    inst="$(_kc_inst)"
    mkdir -p "$inst/bin" "$inst/lib" "$inst/data/import" "$inst/providers" || return 1
    # Files that are small or written by Keycloak: copy (refreshed when the distribution changes).
    if [ ! -f "$inst/.dist" ] || [ "$(cat "$inst/.dist")" != "$dist" ]; then
        rm -rf "$inst/lib/quarkus" "$inst/lib/app" "$inst/conf" || return 1
        cp -p "$dist/bin/kc.sh" "$inst/bin/kc.sh" &&
            cp -p "$dist/lib/quarkus-run.jar" "$inst/lib/quarkus-run.jar" &&
            cp -rp "$dist/lib/quarkus" "$inst/lib/quarkus" &&
            cp -rp "$dist/lib/app" "$inst/lib/app" &&
            cp -rp "$dist/conf" "$inst/conf" || {
            _kc_err "cannot prepare the instance home $inst"
            return 1
        }
        # Big read-only jars and themes: symlink.
        for d in lib/lib themes; do
            rm -rf "${inst:?}/$d"
            ln -s "$dist/$d" "$inst/$d" || return 1
        done
        printf '%s\n' "$dist" >"$inst/.dist"
    fi
}

# Keycloak imports the realm only into an empty database. When the realm template changed since this
# instance imported it (new demo users, clients, roles), drop the instance's dev database so the next start
# imports the new realm. The dev database holds nothing but that import (sessions only).
_kc_reset_if_realm_changed() {
    local inst sum
    inst="$(_kc_inst)"
    sum="$(sha256sum "$TRAINEX_HOME/config/keycloak/trainex-realm.json" | cut -d' ' -f1)" || return 1
    if [ -d "$inst/data/h2" ] && [ "$(cat "$inst/.realm-sha256" 2>/dev/null)" != "$sum" ]; then
        printf 'keycloak: the realm template changed; re-importing it (dev database reset)\n'
        rm -rf "$inst/data/h2"
    fi
    printf '%s\n' "$sum" >"$inst/.realm-sha256"
}

# Render the realm template with the secrets into the import dir (mode 600; values never printed).
_kc_render_realm() {
    local template out
    template="$TRAINEX_HOME/config/keycloak/trainex-realm.json"
    out="$(_kc_inst)/data/import/$KEYCLOAK_REALM-realm.json"
    if [ ! -f "$template" ]; then
        _kc_err "realm template missing: $template"
        return 1
    fi
    (
        umask 077
        TRAINEX_PORTAL_CLIENT_SECRET="${TRAINEX_PORTAL_CLIENT_SECRET:-portal-dev-secret}" \
        TRAINEX_RUNNER_CLIENT_SECRET="${TRAINEX_RUNNER_CLIENT_SECRET:-runner-dev-secret}" \
        TRAINEX_DEMO_PASSWORD="${TRAINEX_DEMO_PASSWORD:-demo}" \
        python3 - "$template" "$out.tmp" <<'PY'
import json, os, re, sys
src, dst = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
for name in ("TRAINEX_PORTAL_CLIENT_SECRET", "TRAINEX_RUNNER_CLIENT_SECRET", "TRAINEX_DEMO_PASSWORD"):
    # json.dumps(...)[1:-1]: the value escaped for use inside a JSON string
    text = text.replace("${%s}" % name, json.dumps(os.environ[name])[1:-1])
left = re.findall(r"\$\{[A-Za-z0-9_]+\}", text)
if left:
    sys.exit("keycloak: unresolved placeholders in realm template: %s" % ", ".join(sorted(set(left))))
json.loads(text)  # must still be valid JSON
with open(dst, "w", encoding="utf-8") as f:
    f.write(text)
PY
    ) && mv -f "$out.tmp" "$out" || {
        rm -f "$out.tmp"
        _kc_err "cannot render the realm file"
        return 1
    }
}

# Fail when our java process listens anywhere but 127.0.0.1 (or ::1).
_kc_check_loopback_only() {
    local pid java_pids p bad=""
    pid="$1"
    java_pids="$pid $(pgrep -s "$pid" 2>/dev/null | tr '\n' ' ' || true)"
    for p in $java_pids; do
        bad="$bad$(ss -Htlnp 2>/dev/null | grep "pid=$p," | awk '{print $4}' |
            grep -Ev '^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]):' | tr '\n' ' ' || true)"
    done
    if [ -n "$bad" ]; then
        _kc_err "WARNING: listening on non-loopback address(es): $bad"
        return 1
    fi
}

# --- public functions ---------------------------------------------------------------------------

keycloak_install() {
    _kc_check_home || return 1
    local tools dist dl tmp art tarball
    tools="$(_kc_tools)"
    dist="$(_kc_dist)"
    if [ -x "$dist/bin/kc.sh" ]; then
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || { _kc_err "mvn not found on PATH"; return 1; }
    mkdir -p "$tools" || return 1
    art="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz"
    dl="$tools/.download"
    mkdir -p "$dl" || return 1
    tarball="$dl/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
    if [ ! -s "$tarball" ]; then
        echo "keycloak: fetching $art with Maven ..."
        # Run outside any project (the repository pom is irrelevant here); pinned plugin version.
        if ! (cd "$dl" && mvn -B -q -Dstyle.color=never \
            org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
            -Dartifact="$art" -DoutputDirectory="$dl" >"$dl/mvn.log" 2>&1); then
            tail -n 20 "$dl/mvn.log" >&2
            _kc_err "Maven could not fetch $art (full output: $dl/mvn.log)"
            return 1
        fi
    fi
    [ -s "$tarball" ] || { _kc_err "download missing: $tarball"; return 1; }
    echo "keycloak: unpacking to $dist ..."
    tmp="$(mktemp -d "$tools/.keycloak-unpack.XXXXXX")" || return 1
    if ! tar -xzf "$tarball" -C "$tmp" || [ ! -x "$tmp/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]; then
        rm -rf "$tmp"
        _kc_err "cannot unpack $tarball"
        return 1
    fi
    rm -rf "$dist"
    mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$dist" && rm -rf "$tmp" "$tarball" "$dl/mvn.log" || return 1
    echo "keycloak: installed $dist"
}

keycloak_start() {
    _kc_check_home || return 1
    local var inst pidfile logfile port mgmt url pid code timeout waited lockfd started c
    var="$(_kc_var)"
    inst="$(_kc_inst)"
    pidfile="$(_kc_pidfile)"
    logfile="$(_kc_logfile)"
    port="$(_kc_port)"
    mgmt="$(_kc_mgmt_port)"
    url="$(keycloak_url)"
    timeout="${TRAINEX_KEYCLOAK_START_TIMEOUT:-360}"
    for c in java curl python3 ss setsid flock; do
        command -v "$c" >/dev/null 2>&1 || { _kc_err "$c not found on PATH"; return 1; }
    done
    [ -x "$(_kc_dist)/bin/kc.sh" ] || { _kc_err "not installed; run keycloak_install"; return 1; }
    mkdir -p "$var/run" "$var/logs" || return 1

    # One starter at a time per TRAINEX_VAR.
    exec {lockfd}>"$var/run/keycloak.lock" || return 1
    if ! flock -w "$timeout" "$lockfd"; then
        exec {lockfd}>&-
        _kc_err "another keycloak_start holds $var/run/keycloak.lock"
        return 1
    fi

    started=0
    if pid="$(_kc_live_pid)"; then
        if [ "$(_kc_realm_http_code)" = "200" ]; then
            echo "keycloak: already running (pid $pid, $url)"
            exec {lockfd}>&-
            return 0
        fi
        echo "keycloak: process $pid is up, waiting for realm $KEYCLOAK_REALM"
    else
        rm -f "$pidfile"
        local p
        for p in "$port" "$mgmt"; do
            if _kc_port_busy "$p"; then
                exec {lockfd}>&-
                _kc_err "port $p is already in use by another process (set TRAINEX_KEYCLOAK_PORT / TRAINEX_KEYCLOAK_MGMT_PORT)"
                return 1
            fi
        done
        _kc_prepare_instance && _kc_reset_if_realm_changed && _kc_render_realm || { exec {lockfd}>&-; return 1; }
        [ -f "$logfile" ] && mv -f "$logfile" "$logfile.1"
        echo "keycloak: starting $KEYCLOAK_VERSION on $url (state $inst, log $logfile)"
        # setsid: own session and process group (pgid = pid), detached from the terminal.
        # The child writes its own pid before exec'ing kc.sh (robust whether or not setsid forks).
        # JAVA is pinned to the java on PATH (kc.sh would otherwise prefer $JAVA_HOME).
        (
            exec {lockfd}>&- # the server must not inherit (and hold) the start lock
            cd "$inst" || exit 1
            export JAVA
            JAVA="$(command -v java)"
            KC_BOOTSTRAP_ADMIN_USERNAME=admin \
            KC_BOOTSTRAP_ADMIN_PASSWORD="${TRAINEX_KEYCLOAK_ADMIN_PASSWORD:-admin-dev-password}" \
            nohup setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$pidfile" \
                "$inst/bin/kc.sh" start-dev \
                --http-host=127.0.0.1 --http-port="$port" \
                --http-management-port="$mgmt" \
                --cache=local \
                --import-realm \
                </dev/null >>"$logfile" 2>&1 &
        )
        started=1
        waited=0
        while [ ! -s "$pidfile" ] && [ "$waited" -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
        pid="$(tr -dc '0-9' <"$pidfile" 2>/dev/null || true)"
        if [ -z "$pid" ]; then
            exec {lockfd}>&-
            _kc_err "failed to launch (no pid); see $logfile"
            return 1
        fi
    fi

    # Wait for the realm's discovery document, one dot every 2 s.
    local t0=$SECONDS
    printf 'keycloak: waiting for %s ' "$(keycloak_issuer)"
    while :; do
        code="$(_kc_realm_http_code)"
        [ "$code" = "200" ] && break
        if ! kill -0 "$pid" 2>/dev/null; then
            printf '\n'
            _kc_err "process $pid exited during start-up; last log lines:"
            tail -n 25 "$logfile" >&2
            rm -f "$pidfile"
            exec {lockfd}>&-
            return 1
        fi
        if [ $((SECONDS - t0)) -ge "$timeout" ]; then
            printf '\n'
            _kc_err "realm not ready after ${timeout}s; stopping it (see $logfile)"
            exec {lockfd}>&-
            [ "$started" = 1 ] && keycloak_stop >/dev/null
            return 1
        fi
        printf '.'
        sleep 2
    done
    printf ' ready in %ss\n' "$((SECONDS - t0))"
    exec {lockfd}>&-
    _kc_check_loopback_only "$pid" || return 1
    echo "keycloak: running (pid $pid, $url, admin console $url/admin, realm $KEYCLOAK_REALM)"
}

keycloak_stop() {
    _kc_check_home || return 1
    local pidfile pid i
    pidfile="$(_kc_pidfile)"
    if ! pid="$(_kc_live_pid)"; then
        rm -f "$pidfile"
        echo "keycloak: not running"
        return 0
    fi
    echo "keycloak: stopping pid $pid"
    # kc.sh forwards TERM to its java child and waits for it.
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        _kc_err "pid $pid still alive after 30 s, sending KILL to its process group"
        # pgid == pid because we started it with setsid; this group holds only kc.sh and its java.
        if [ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ]; then
            kill -KILL -- "-$pid" 2>/dev/null || true
        else
            kill -KILL "$pid" 2>/dev/null || true
        fi
        sleep 1
    fi
    # A java child that outlived kc.sh (only possible after a KILL of kc.sh alone) stays in the group.
    if pgrep -g "$pid" >/dev/null 2>&1; then
        kill -KILL -- "-$pid" 2>/dev/null || true
        sleep 1
    fi
    if kill -0 "$pid" 2>/dev/null; then
        _kc_err "could not stop pid $pid"
        return 1
    fi
    rm -f "$pidfile"
    echo "keycloak: stopped"
}

# Prints one line and returns 0 whether running or stopped (safe under `set -e`);
# use keycloak_is_running for a yes/no test.
keycloak_status() {
    _kc_check_home || return 1
    local pid
    if pid="$(_kc_live_pid)"; then
        if [ "$(_kc_realm_http_code)" = "200" ]; then
            echo "keycloak: running (pid $pid, $(keycloak_url), realm $KEYCLOAK_REALM)"
        else
            echo "keycloak: starting (pid $pid, $(keycloak_url), realm not answering yet)"
        fi
    else
        echo "keycloak: stopped"
    fi
}

# Returns 0 when our process is alive and the realm answers, 1 otherwise. Prints nothing.
keycloak_is_running() {
    _kc_check_home 2>/dev/null || return 1
    _kc_live_pid >/dev/null && [ "$(_kc_realm_http_code)" = "200" ]
}

keycloak_token() {
    if [ "$#" -ne 2 ]; then
        _kc_err "usage: keycloak_token USER PASSWORD"
        return 2
    fi
    local u p
    u="$(printf '%s' "$1" | _kc_urlencode)" || return 1
    p="$(printf '%s' "$2" | _kc_urlencode)" || return 1
    printf 'grant_type=password&client_id=trainex-cli&scope=openid&username=%s&password=%s' "$u" "$p" |
        _kc_token_request
}

keycloak_client_token() {
    if [ "$#" -ne 2 ]; then
        _kc_err "usage: keycloak_client_token CLIENT SECRET"
        return 2
    fi
    local c s
    c="$(printf '%s' "$1" | _kc_urlencode)" || return 1
    s="$(printf '%s' "$2" | _kc_urlencode)" || return 1
    printf 'grant_type=client_credentials&client_id=%s&client_secret=%s' "$c" "$s" | _kc_token_request
}
