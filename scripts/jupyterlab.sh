#!/bin/sh
# Open finkit's notebooks in JupyterLab 4 from the project's venv (.cache/venv: pinned JupyterLab,
# Notebook 7 and the anywidget front end from PyPI; the Deno kernelspec), on 127.0.0.1 only.
# Needs scripts/install_test_deps.sh first. Extra arguments go to `jupyter lab`
# (e.g. --port 8890, or `deno task jupyterlab --no-browser`). Notebook 7: open /tree instead of /lab.
#
# Jupyter serves the project's folder (a new notebook at its top imports "./mod.ts"; the example
# notebooks, in notebooks/, import "../mod.ts") and opens on notebooks/. The example notebooks
# are the project's own: they are marked trusted, so their saved widgets draw when opened.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JUPYTER="$ROOT/.cache/venv/bin/jupyter"
if [ ! -x "$JUPYTER" ]; then
  echo "jupyterlab: $JUPYTER is missing; run scripts/install_test_deps.sh first" >&2
  exit 1
fi
"$JUPYTER" trust "$ROOT"/notebooks/*.ipynb >/dev/null
# Jupyter refuses to run as root without this (containers, CI machines).
if [ "$(id -u)" = 0 ]; then set -- --allow-root "$@"; fi
exec "$JUPYTER" lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$ROOT" \
  --LabApp.default_url=/lab/tree/notebooks "$@"
