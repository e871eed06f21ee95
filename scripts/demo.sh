#!/usr/bin/env bash
# Set up Marsad on a fresh Debian machine (Python 3.11+) and run the main job on the bundled demo
# corpus: ingest -> analyse -> stories -> briefs, print the briefs, then serve the web app on
# http://127.0.0.1:8000/ (Ctrl+C stops it). Extra arguments go to `marsad demo` (e.g. --no-serve).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_setup.sh
marsad_apt python3-venv
marsad_venv
exec .venv/bin/marsad demo "$@"
