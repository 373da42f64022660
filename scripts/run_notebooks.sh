#!/bin/sh
# Execute every notebook in notebooks/ in place with the Deno kernel (grace-period executor,
# see tests/browser/nbexec.py), saving outputs and widget state. Needs scripts/install_test_deps.sh.
set -eu
cd "$(dirname "$0")/../notebooks"
for nb in *.ipynb; do
  /usr/bin/python3 ../tests/browser/nbexec.py "$nb" "$nb" --cwd . --timeout 300
done
