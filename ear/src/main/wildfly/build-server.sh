#!/usr/bin/env bash
# Builds the Trainex WildFly server: unzips the WildFly distribution into SERVER_DIR and applies the versioned
# jboss-cli scripts beside this file (offline, embed-server). Skips the work when SERVER_DIR was already built
# from the same distribution and the same scripts. Called by the ear module's build (phase package).
# usage: build-server.sh SERVER_DIR WILDFLY_DIST_ZIP POSTGRESQL_JAR
set -euo pipefail
server=$1 zip=$2 pgjar=$3
here=$(cd "$(dirname "$0")" && pwd)
stamp=$( (sha256sum "$zip" | cut -c1-64; cat "$here"/*.cli "$0"; sha256sum "$pgjar" | cut -c1-64) | sha256sum | cut -c1-64)
if [[ -f $server/.trainex-build && $(cat "$server/.trainex-build") == "$stamp" ]]; then
  echo "[build-server] $server is up to date"
  exit 0
fi
echo "[build-server] building WildFly into $server"
rm -rf "$server" "$server.tmp"
mkdir -p "$server.tmp"
unzip -q "$zip" -d "$server.tmp"
mv "$server.tmp"/wildfly-* "$server"
rmdir "$server.tmp"
# the driver module; jboss-cli's `module add` needs the jar path, which only this script knows
export TRAINEX_PG_JAR=$pgjar
for cli in "$here"/[0-9][0-9]-*.cli; do
  echo "[build-server] applying $(basename "$cli")"
  # ${env.X} inside the scripts stay expressions resolved by the server at run time; the CLI only substitutes
  # the driver jar path (resolve-parameter-values is off by default).
  sed "s#@POSTGRESQL_JAR@#$pgjar#g" "$cli" > "$server/$(basename "$cli")"
  JAVA_OPTS="-Xmx256m" "$server/bin/jboss-cli.sh" --file="$server/$(basename "$cli")" >"$server/$(basename "$cli").log" 2>&1 || {
    cat "$server/$(basename "$cli").log"; echo "[build-server] $(basename "$cli") failed" >&2; exit 1; }
done
# the user runners authenticate with on the broker (ApplicationRealm, role guest of Artemis' default
# security-setting). The launcher resets the password from TRAINEX_BROKER_PASSWORD at start-up.
"$server/bin/add-user.sh" -a -s -u runner -p runner-dev-password -g guest
rm -rf "$server/standalone/configuration/standalone_xml_history" "$server/standalone/data" "$server/standalone/log"
echo "$stamp" > "$server/.trainex-build"
echo "[build-server] done"
