"""Shared fixtures. ETL helpers live in tests/etl_helpers.py; dashboard helpers in tests/dashboard_fixtures.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLED_RAW = REPO / "data" / "raw"


def run_etl_cli(raw: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "etl", "run", "--raw", str(raw), "--out", str(out), *extra],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


@pytest.fixture(scope="session")
def bundled_warehouse(tmp_path_factory) -> Path:
    """The warehouse built from the bundled data/raw, once per test session."""
    out = tmp_path_factory.mktemp("bundled_wh")
    proc = run_etl_cli(BUNDLED_RAW, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def chromium_path() -> str | None:
    return shutil.which("chromium") or (shutil.which("chromium-browser"))


def require_chromium() -> str:
    """Browser tests need Debian's chromium: in CI its absence is a failure, elsewhere a loud skip."""
    path = chromium_path()
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed but CI is set: .ci/run must install it (apt-get install -y chromium)")
    pytest.skip("SKIPPED LOUDLY: chromium not installed (apt-get install -y chromium); browser test not run")


def pytest_configure(config):
    """The browser tests' one shared server (and a browser per module): fixtures of tests/dashboard_fixtures.py,
    registered once for the whole session (that module imports this one, so not at import time)."""
    from tests import dashboard_fixtures

    config.pluginmanager.register(dashboard_fixtures, "tests.dashboard_fixtures")
