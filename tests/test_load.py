"""Twenty people at once: one real server on 127.0.0.1 (the browser tests' shared one), one headless
Chromium with twenty tabs (each its own Streamlit session with its own filter), all at the same time.
Each opens a filtered link on its own page and clicks on through the next pages of the sidebar, ending on
Ringkasan (where its KPI must still be its filter's); together they load every page several times concurrently. Every page must finish without an
exception or error toast and draw its charts (or its data grid), and every session must keep its filter
from page to page.

Page load times are recorded in ``tests/output/load_summary.json`` (the benchmark reports the
same kind of run's p95 through ``harness.load.run_load``); they are figures, not assertions.
"""

from __future__ import annotations

import json
from collections import Counter

import duckdb
import pytest

from dashboard.formatting import angka
from harness.browser import PATHS
from harness.load import run_load, session_paths
from tests.conftest import REPO, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]
SUMMARY = REPO / "tests" / "output" / "load_summary.json"
SESSIONS = 20
#: Pages each session visits (ending on Ringkasan, moved there or added): every page is still
#: loaded by several sessions at once (twenty sessions times four pages over nine pages), at half the
#: loads of every session visiting every page.
PER_SESSION = 4
QUERY = "pemilihan=pilkada_2024"
PAGE_TIMEOUT_MS = 300_000  # a page that takes longer than this under load counts as an error


@pytest.mark.timeout(1500)
def test_twenty_concurrent_sessions_click_through_the_pages(bundled_server):
    chromium = require_chromium()
    warehouse, base = bundled_server
    con = duckdb.connect(str(warehouse / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        expected = con.execute("SELECT count(*) FROM pelanggaran WHERE pemilihan = 'pilkada_2024'").fetchone()[0]
        total = con.execute("SELECT count(*) FROM pelanggaran").fetchone()[0]
    finally:
        con.close()
    assert 0 < expected < total  # the filter visibly changes the KPI

    plan = [session_paths(n, PATHS, PER_SESSION, last="") for n in range(SESSIONS)]
    visits = Counter(p for pages in plan for p in pages)
    assert set(visits) == set(PATHS) and min(visits.values()) >= 3, visits  # every page, by several sessions
    assert all(len(pages) >= PER_SESSION and pages[-1] == "" for pages in plan)  # the KPI is read after clicks

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
        per_session=PER_SESSION,
        last="",
    )
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    assert summary["errors"] == [], summary["errors"][:10]
    assert summary["plan"] == plan
    assert summary["page_loads"] == sum(len(pages) for pages in plan)
    assert sorted((r["session"], r["path"]) for r in summary["loads"]) == sorted(
        (s, p) for s, pages in enumerate(plan) for p in pages
    )
    ringkasan = [r["kpi"] for r in summary["loads"] if r["path"] == ""]
    assert ringkasan == [angka(expected)] * SESSIONS, "a session lost its filter (or showed another session's)"
