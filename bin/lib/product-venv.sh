#!/usr/bin/env bash
# Make (or keep) a virtual environment holding the product's locked requirements alone
# (requirements/base.txt: no test or development tools), for bin/lib/product_imports.py.
# It is made again from nothing whenever requirements/base.txt or the Python version changes;
# pip's cache keeps that quick.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${1:-.venv-product}
PYTHON=${PYTHON:-python3}
stamp=$( (cat requirements/base.txt; "$PYTHON" --version) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$venv/.harbour-installed" 2>/dev/null)" != "$stamp" ]; then
  echo "    making $venv from requirements/base.txt"
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --require-hashes -r requirements/base.txt
  echo "$stamp" > "$venv/.harbour-installed"
fi
