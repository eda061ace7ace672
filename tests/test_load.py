"""Twenty people at once: one real server on 127.0.0.1, one headless Chromium with twenty tabs
(each its own Streamlit session with its own filter), each opening a filtered link and clicking
through every page in the sidebar. Every page must finish without an exception or error toast and draw
its charts (or its data grid), and every session must keep its filter from page to page.

Page load times are recorded in ``tests/output/load_summary.json`` (the benchmark reports the
same run's p95 through ``harness.load.run_load``); they are figures, not assertions.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from dashboard.formatting import angka
from harness.browser import PATHS, streamlit_server
from harness.load import run_load
from tests.conftest import REPO, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SUMMARY = REPO / "tests" / "output" / "load_summary.json"
SESSIONS = 20
QUERY = "pemilihan=pilkada_2024"
PAGE_TIMEOUT_MS = 300_000  # a page that takes longer than this under load counts as an error


@pytest.mark.timeout(1500)
def test_twenty_concurrent_sessions_click_through_every_page(bundled_warehouse):
    chromium = require_chromium()
    con = duckdb.connect(str(bundled_warehouse / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        expected = con.execute("SELECT count(*) FROM pelanggaran WHERE pemilihan = 'pilkada_2024'").fetchone()[0]
        total = con.execute("SELECT count(*) FROM pelanggaran").fetchone()[0]
    finally:
        con.close()
    assert 0 < expected < total  # the filter visibly changes the KPI

    with streamlit_server(bundled_warehouse, timeout=120) as base:
        # The maps' polygons are drawn (and checked) by test_browser; here twenty tabs on two cores
        # would spend most of the run tessellating them in software WebGL instead of loading the server.
        summary = run_load(
            base,
            sessions=SESSIONS,
            paths=PATHS,
            query=QUERY,
            chromium=chromium,
            timeout_ms=PAGE_TIMEOUT_MS,
            draw_maps=False,
        )
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    assert summary["errors"] == [], summary["errors"][:10]
    assert summary["page_loads"] == SESSIONS * len(PATHS)
    assert {(r["session"], r["path"]) for r in summary["loads"]} == {(s, p) for s in range(SESSIONS) for p in PATHS}
    ringkasan = [r["kpi"] for r in summary["loads"] if r["path"] == ""]
    assert ringkasan == [angka(expected)] * SESSIONS, "a session lost its filter (or showed another session's)"
