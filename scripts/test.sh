#!/usr/bin/env bash
# The whole test suite: set up, lint, format check, type check, then every test (browser tests included).
# Day to day: bash scripts/test.sh -m "not slow and not browser" (the fast tier, see CONTRIBUTING.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy  # netralitas/ etl/ dashboard/ (config: pyproject.toml)
.venv/bin/python -m pytest --durations=25 "$@"  # the 25 slowest in the log (CI, day to day)
