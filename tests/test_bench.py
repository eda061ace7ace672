"""The benchmark's page part keeps working as the dashboard changes: every page runs through it on a
small synthetic warehouse and gets its cold, warm and DuckDB-floor figures (no timing is asserted:
targets live in the benchmark, not in tests). A page the benchmark cannot run shows up here as an
error instead of as a hole in the next full benchmark table. Slow tier: every page runs cold, warm
three times and under three filters, then the naive baseline three rounds (~25 s on 2 cores)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bench.common import PAGE_FILES
from etl.sintetis import generate
from tests.conftest import REPO, run_etl_cli


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    raw = tmp_path_factory.mktemp("bench") / "raw"
    generate(raw, 1500, seed=3)
    out = raw.parent / "gudang"
    assert run_etl_cli(raw, out).returncode == 0
    return out


@pytest.mark.slow
def test_every_page_gets_its_figures_from_the_benchmark(warehouse):
    proc = subprocess.run(
        [sys.executable, "-m", "bench.pages", "--warehouse", str(warehouse)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(figures["pages"]) == set(PAGE_FILES)
    for path, page in figures["pages"].items():
        assert "error" not in page, (path, page.get("error"))
        for key in ("cold_s", "warm_s", "floor_s", "filter_s"):
            assert isinstance(page.get(key), float) and page[key] >= 0, (path, key, page.get(key))
    assert figures["naive"]["filter_s"] > 0  # the naive baseline ran too
