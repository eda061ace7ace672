#!/usr/bin/env bash
# Create .venv and install the pinned requirements (re-installs only when requirements.txt changed).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > "$stamp"
fi
# System tools: Debian chromium renders the monthly report files (python -m laporan, "Unduh PDF/PNG") and runs
# the browser tests; poppler-utils (pdftotext/pdftoppm) lets the tests read the PDFs. Installed where missing.
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq "${missing[@]}") \
      || echo "WARNING: could not install ${missing[*]}: report files and browser tests will not work" >&2
  else
    echo "WARNING: ${missing[*]} missing and not root: run 'apt-get install -y ${missing[*]}' (report files, browser tests)" >&2
  fi
fi
