#!/usr/bin/env bash
# Runs benchmarks/compare.py in its own venv (benchmarks/.venv), so sortition-algorithms and
# its pins never reach the project's environment. Arguments are passed on to compare.py.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -e "$here/.." -r "$here/requirements.txt"
exec "$venv/bin/python" "$here/compare.py" "$@"
