#!/usr/bin/env bash
# Installs what the browser end-to-end run needs: Debian's Chromium (and ripgrep, which VS Code's search
# needs), code-server (VS Code in the browser) and playwright-core to drive it. None of this belongs in the
# extension's dependencies, so it goes into `.e2e-cache/` at the repository root, outside the project's
# node_modules. Idempotent: each stage leaves a marker, so a second run on the same machine only checks.
# The recipe (rebuilding code-server's bundled VS Code with npm, reusing Debian's rg) is the one in the
# project's design notes; it avoids every download that is not the npm registry or Debian's mirrors.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}" # the last code-server release that runs on Node 20
PLAYWRIGHT_VERSION="${PLAYWRIGHT_VERSION:-1.65.1}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$ROOT/.e2e-cache"
PREFIX="$CACHE/node"
MARKS="$CACHE/marks"
mkdir -p "$PREFIX" "$MARKS"

log() { printf '[e2e-install] %s\n' "$*" >&2; }
done_mark() { [[ -f "$MARKS/$1" ]]; }
mark() { touch "$MARKS/$1"; }

# Stage 1: system packages. libkrb5-dev is needed to build VS Code's `kerberos` native module.
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[[ -f /usr/include/gssapi/gssapi.h || -f /usr/include/krb5.h ]] || need_apt+=(libkrb5-dev)
if ((${#need_apt[@]})); then
  if [[ "$(id -u)" != 0 ]] && ! command -v sudo >/dev/null 2>&1; then
    log "missing system packages (${need_apt[*]}) and no root access to install them"
    exit 1
  fi
  SUDO=""
  [[ "$(id -u)" == 0 ]] || SUDO="sudo"
  log "apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

# Stage 2: the npm packages, with install scripts off (code-server's postinstall would try to download).
npm_stage="npm-code-server-$CODE_SERVER_VERSION-playwright-$PLAYWRIGHT_VERSION"
if ! done_mark "$npm_stage"; then
  log "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION into .e2e-cache/"
  [[ -f "$PREFIX/package.json" ]] || printf '{ "name": "cuda-lens-e2e-cache", "private": true }\n' > "$PREFIX/package.json"
  (cd "$PREFIX" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION")
  mark "$npm_stage"
fi

CS="$PREFIX/node_modules/code-server"
VSC="$CS/lib/vscode"

# Stage 3: VS Code's own node modules (the server side of the workbench) and its native modules.
vsc_stage="vscode-modules-$CODE_SERVER_VERSION"
if ! done_mark "$vsc_stage"; then
  log "installing VS Code server modules (this builds native modules; a few minutes)"
  (cd "$VSC" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  # @vscode/ripgrep's postinstall downloads a binary from GitHub; Debian's rg does the same job.
  mkdir -p "$VSC/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$VSC/node_modules/@vscode/ripgrep/bin/rg"
  (cd "$VSC" && npm_config_yes=true npm rebuild --ignore-scripts=false --loglevel=error)
  [[ -e "$VSC/node_modules.asar" ]] || ln -s node_modules "$VSC/node_modules.asar"
  mark "$vsc_stage"
fi

ext_stage="vscode-builtin-extensions-$CODE_SERVER_VERSION"
if ! done_mark "$ext_stage"; then
  log "installing the built-in extensions' modules"
  (cd "$VSC/extensions" && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  mark "$ext_stage"
fi

argon_stage="argon2-$CODE_SERVER_VERSION"
if ! done_mark "$argon_stage"; then
  log "rebuilding argon2 for code-server"
  # npm hoists argon2 next to code-server, so the rebuild runs at the cache's root.
  (cd "$PREFIX" && npm rebuild argon2 --ignore-scripts=false --loglevel=error)
  (cd "$PREFIX" && node -e "require('argon2')") || { log "argon2 did not build"; exit 1; }
  mark "$argon_stage"
fi

node "$CS/out/node/entry.js" --version >/dev/null ||
  { log "code-server does not start; remove .e2e-cache/ and retry"; exit 1; }
log "ready: $(command -v chromium), code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_VERSION"
