#!/bin/sh
# Installs what the widget tests need on a fresh Debian (bookworm) machine:
#   - chromium (driven by npm playwright-core; never a browser download),
#   - nginx (the reverse-proxy test runs its own on loopback; Debian's service is not left running),
#   - Debian's Jupyter client stack (jupyter_client + nbclient for the grace-period executor),
#   - the Deno Jupyter kernelspec "deno" (absolute deno path, NO_COLOR=1),
#   - the Python packages of scripts/requirements.txt in .cache/venv (PyPI, pinned),
#   - the npm packages of deno.json in node_modules (deno install), which the tests read as files.
# Idempotent and quiet when everything is already there. Needs root (or sudo) for apt-get.
# Usage: scripts/install_test_deps.sh            (called by .ci/run before `deno task test`)
set -eu

log() { printf '%s\n' "install_test_deps: $*" >&2; }

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

# --- Debian packages --------------------------------------------------------------------------
PKGS="chromium nginx jupyter-core python3-jupyter-client python3-nbclient python3-nbformat"
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  log "installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  aptlog="$(mktemp)"
  # shellcheck disable=SC2086
  if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing; } \
    >"$aptlog" 2>&1; then
    cat "$aptlog" >&2
    rm -f "$aptlog"
    log "apt-get failed"
    exit 1
  fi
  rm -f "$aptlog"
  # Where an init system started Debian's nginx (port 80, every address), stop it: the tests
  # start their own on loopback.
  case "$missing" in
  *nginx*)
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet nginx 2>/dev/null; then
      $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
    elif pgrep -x nginx >/dev/null 2>&1; then
      $SUDO service nginx stop >/dev/null 2>&1 || true
    fi
    ;;
  esac
fi

# --- Deno kernelspec ----------------------------------------------------------------------------
DENO_BIN="$(command -v deno || true)"
if [ -z "$DENO_BIN" ]; then
  log "deno not found on PATH; cannot write the Deno kernelspec" && exit 1
fi
DENO_BIN="$(readlink -f "$DENO_BIN")"
DATA_DIR="${JUPYTER_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/jupyter}"
SPEC_DIR="$DATA_DIR/kernels/deno"
SPEC_JSON="{
  \"argv\": [\"$DENO_BIN\", \"jupyter\", \"--kernel\", \"--conn\", \"{connection_file}\"],
  \"display_name\": \"Deno\",
  \"language\": \"typescript\",
  \"env\": { \"NO_COLOR\": \"1\" }
}"
if [ ! -f "$SPEC_DIR/kernel.json" ] || [ "$(cat "$SPEC_DIR/kernel.json")" != "$SPEC_JSON" ]; then
  log "writing Deno kernelspec to $SPEC_DIR"
  mkdir -p "$SPEC_DIR"
  printf '%s\n' "$SPEC_JSON" >"$SPEC_DIR/kernel.json"
fi
# --- Python virtual environment of the project (PyPI, pinned in scripts/requirements.txt) ------
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.cache/venv"
REQS="$ROOT/scripts/requirements.txt"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$REQS" "$VENV/requirements.txt"; then
  log "installing Python packages into $VENV (scripts/requirements.txt)"
  python3 -m venv "$VENV"
  piplog="$(mktemp)"
  if ! { "$VENV/bin/pip" install --quiet --upgrade pip && "$VENV/bin/pip" install --quiet -r "$REQS"; } \
    >"$piplog" 2>&1; then
    cat "$piplog" >&2
    rm -f "$piplog"
    log "pip install failed"
    exit 1
  fi
  rm -f "$piplog"
  cp "$REQS" "$VENV/requirements.txt"
fi
# The real front ends (JupyterLab 4, Notebook 7) need anywidget's prebuilt labextension, which
# the PyPI anywidget wheel installs into the venv; the widget tests and `deno task jupyterlab`
# use it with the "deno" kernelspec above.
if [ ! -f "$VENV/share/jupyter/labextensions/anywidget/package.json" ]; then
  log "anywidget's JupyterLab extension is missing from $VENV (pip install anywidget failed?)"
  exit 1
fi
# --- npm packages read as files by the browser tests (html-manager, anywidget, requirejs) -----
if [ ! -f "$ROOT/node_modules/anywidget/dist/index.js" ] ||
  [ ! -f "$ROOT/node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js" ] ||
  [ ! -f "$ROOT/node_modules/requirejs/require.js" ] ||
  [ ! -d "$ROOT/node_modules/playwright-core" ]; then
  log "deno install (npm packages from deno.json)"
  (cd "$ROOT" && "$DENO_BIN" install --quiet) >/dev/null
fi
exit 0
