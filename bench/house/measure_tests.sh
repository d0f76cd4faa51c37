#!/bin/sh
# Test count of an Atlas checkout: collection only, nothing run, nothing written into the repo.
# Usage: measure_tests.sh REPO [PYTHON]   (PYTHON defaults to REPO/.venv/bin/python)
set -eu
REPO=$(cd "$1" && pwd)
PY=${2:-$REPO/.venv/bin/python}
cd "$REPO"
echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || cat "$REPO/COMMIT" 2>/dev/null || echo '?')"
# -p no:cacheprovider and PYTHONDONTWRITEBYTECODE keep .pytest_cache and __pycache__ out of REPO.
PYTHONDONTWRITEBYTECODE=1 "$PY" -m pytest --collect-only -q -p no:cacheprovider | tail -1
