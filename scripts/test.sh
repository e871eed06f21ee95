#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh Debian machine (Python 3.11+), then run it:
# system packages (python3-venv, Debian's Chromium for the browser test, Arabic fonts), a virtual
# environment in .venv with Marsad and its test tools, then lint (ruff), types (mypy) and pytest,
# then the optional compiled build against plain Python (scripts/check_native.py: gcc, headers).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh
marsad_apt python3-venv chromium fonts-noto-core postgresql gcc python3-dev
marsad_venv test
.venv/bin/ruff check marsad tests bench scripts
.venv/bin/mypy marsad
.venv/bin/python -m pytest -q "$@"
[ $# -gt 0 ] || .venv/bin/python scripts/check_native.py --tests  # the whole run only: it compiles for minutes
