#!/usr/bin/env bash
# Time the Python anchors of the fitter benchmarks on the same data as bench/fit_bench.ts and
# bench/fit_anchor_bench.ts: scipy least_squares (PSPL, magnitude space, from the same start)
# and fink-utils estimate_sso_params (sHG1G2). Creates .cache/anchors-venv from the pinned
# scripts/anchors/requirements.txt on first use.
# Run: scripts/anchors/run.sh            (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.cache/anchors-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import scipy, fink_utils" 2>/dev/null; then
  echo "creating $VENV from scripts/anchors/requirements.txt …" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r scripts/anchors/requirements.txt
fi
"$VENV/bin/python" -c "import platform, numpy, scipy; print(f'python {platform.python_version()}, numpy {numpy.__version__}, scipy {scipy.__version__}')"
"$VENV/bin/python" scripts/anchors/pspl_scipy.py
"$VENV/bin/python" -W ignore scripts/anchors/shg1g2_finkutils.py
