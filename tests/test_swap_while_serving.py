"""Rebuilding the warehouse in place while the dashboard serves it.

The ETL swaps each new file in with ``os.replace``; the dashboard re-attaches when the database's
inode changes. A user with the dashboard open while the ETL rebuilds must see no error, and the
new numbers on their next interaction, without reloading. Readers in many threads must never fail
and never see a half-swapped warehouse.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import duckdb
import pytest

from dashboard import warehouse as dw
from dashboard.formatting import angka
from harness.browser import browser, streamlit_server
from harness.load import click_ready, open_ready, page_state, wait_ready
from tests.conftest import BUNDLED_RAW, require_chromium, run_etl_cli
from tests.etl_helpers import write_csv

EXTRA_NAMES = ("Warga Uji Satu", "Warga Uji Dua", "Warga Uji Tiga", "Warga Uji Empat", "Warga Uji Lima")
ERROR_TEXT = re.compile(r"stale|IO Error|Catalog|Connection already closed|Traceback|Exception", re.IGNORECASE)
SWAPS = 10
READERS = 4


def raw_with_extra_rows(root: Path) -> Path:
    """The bundled data plus one more register with five new terlapor."""
    raw = root / "raw_tambah"
    shutil.copytree(BUNDLED_RAW, raw)
    write_csv(
        raw / "tambahan" / "register_tambahan.csv",
        [
            ["Kabupaten/Kota", "Nama", "Tanggal Kejadian", "Uraian"],
            *[
                ["Kota Batu", name, f"{10 + i:02d}/10/2024", "membagikan unggahan paslon di grup WhatsApp"]
                for i, name in enumerate(EXTRA_NAMES)
            ],
        ],
    )
    return raw


def build(raw: Path, out: Path) -> None:
    proc = run_etl_cli(raw, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def public_count(out: Path) -> int:
    con = duckdb.connect(str(out / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM pelanggaran").fetchone()[0]
    finally:
        con.close()


@pytest.mark.browser
def test_an_open_session_shows_the_rebuilt_warehouse_on_its_next_interaction(tmp_path):
    chromium = require_chromium()
    out = tmp_path / "wh"
    build(BUNDLED_RAW, out)
    before = public_count(out)
    raw_more = raw_with_extra_rows(tmp_path)
    db = out / "publik" / "netralitas.duckdb"
    with streamlit_server(out) as base, browser(chromium) as b:
        page = b.new_page(viewport={"width": 1600, "height": 1000})
        try:
            open_ready(page, base, "")
            assert page_state(page)["kpi"] == angka(before)
            page.evaluate("() => { window.__samaDokumen = true; }")  # gone if the page were reloaded

            inode = db.stat().st_ino
            build(raw_more, out)  # in place, while the session is open
            assert db.stat().st_ino != inode, "the ETL did not swap a new file in"
            after = public_count(out)
            assert after == before + len(EXTRA_NAMES)

            # the user's next interaction: "Hapus semua filter" reruns the page in the same session
            page.get_by_role("button", name="Hapus semua filter").click()
            page.wait_for_function(
                """(want) => [...document.querySelectorAll('[data-testid="stMetric"]')].some(m =>
                     m.innerText.includes('ASN terlapor') && m.querySelector('[data-testid="stMetricValue"]').innerText.trim() === want)""",
                arg=angka(after),
                timeout=60_000,
            )
            wait_ready(page, "")
            state = page_state(page)
            body = page.inner_text("body")
            assert page.evaluate("() => window.__samaDokumen === true"), "the page was reloaded"
            assert not state["exceptions"] and not state["toasts"], state
            assert not ERROR_TEXT.search(body), ERROR_TEXT.search(body)
            assert state["kpi"] == angka(after)

            # and another page of the same session, reached by its sidebar link, reads the new file too
            click_ready(page, "data")
            state = page_state(page)
            assert not state["exceptions"] and not ERROR_TEXT.search(page.inner_text("body"))
            assert f"{angka(after)} baris cocok" in state["text"]
            assert page.evaluate("() => window.__samaDokumen === true")
        finally:
            page.close()


@pytest.mark.slow  # ~30 s of concurrent readers and swaps
def test_queries_in_many_threads_survive_ten_swaps(tmp_path):
    """Readers in several threads query without pause while the ETL rebuilds the same folder ten
    times, alternating between two inputs: no query fails, and every answer is one whole warehouse
    (its row count equals the count its own etl_run row recorded, and is one of the two builds)."""
    out = tmp_path / "wh"
    raw_more = raw_with_extra_rows(tmp_path)
    build(BUNDLED_RAW, out)
    small = public_count(out)
    wh = dw.Warehouse(out / "publik", "publik")
    sql = "SELECT (SELECT count(*) FROM pelanggaran) AS n, (SELECT max(terlapor) FROM etl_run) AS dicatat"
    results: list[tuple[int, int]] = []
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                df = dw.query(wh, sql)
                results.append((int(df["n"].iloc[0]), int(df["dicatat"].iloc[0])))
            except Exception as exc:  # every failure is a finding
                errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(READERS)]
    for t in threads:
        t.start()
    counts = {small}
    try:
        for i in range(SWAPS):
            seen = len(results)
            build(raw_more if i % 2 == 0 else BUNDLED_RAW, out)
            counts.add(public_count(out))
            deadline = time.monotonic() + 30
            while len(results) < seen + 20 * READERS and time.monotonic() < deadline:  # readers ran after this swap
                time.sleep(0.01)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert counts == {small, small + len(EXTRA_NAMES)}
    assert errors == [], (
        f"{len(errors)} of {len(errors) + len(results)} queries failed; first: {sorted(set(errors))[:3]}"
    )
    assert {n for n, _ in results} == counts, "the readers did not see both warehouses"
    assert all(n == recorded for n, recorded in results), "a query saw parts of two warehouses"
