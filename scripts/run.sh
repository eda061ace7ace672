#!/usr/bin/env bash
# The main job: set up, build the warehouse from data/raw, then serve the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m etl run
exec .venv/bin/streamlit run app.py "$@"
