"""The real server in headless Debian Chromium: every URL path and a deep link render without an
exception and with their charts; the deep link's count and the downloaded CSV equal the warehouse
query; injected HTML stays text. Screenshots are kept in tests/output/screenshots/.

The server is the session's shared one (``served`` of tests/dashboard_fixtures.py: the bundled data plus
the hostile register), not one started here for this module."""

from __future__ import annotations

import csv
import io
import re

import duckdb
import pytest

from harness.browser import PATHS, open_page
from tests.conftest import REPO

pytestmark = pytest.mark.browser
SHOTS = REPO / "tests" / "output" / "screenshots"
DEEP_LINK = "?wilayah=35.79&pemilihan=pilkada_2024"


def _count(wh, sql: str) -> int:
    con = duckdb.connect(str(wh / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("path", PATHS)
def test_every_page_renders_in_chromium(served, path):
    wh, base, b = served
    page = b.new_page(viewport={"width": 1920, "height": 1080})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        open_page(page, f"{base}/{path}")
        page.screenshot(path=str(SHOTS / f"{path or 'ringkasan'}.png"))
        assert page.locator(".stException").count() == 0
        assert page.get_by_text("Page not found").count() == 0
        drawn = page.locator(".js-plotly-plot .main-svg").count() + page.locator(".stPlotlyChart canvas").count()
        if path not in ("data", "kualitas-data"):
            assert drawn > 0, "no chart drawn"
        assert not dialogs, f"a script ran: {dialogs}"
    finally:
        page.close()


def test_deep_link_reopens_the_same_view_with_the_same_count(served):
    wh, base, b = served
    page = b.new_page(viewport={"width": 1920, "height": 1080})
    try:
        open_page(page, f"{base}/{DEEP_LINK}")
        page.screenshot(path=str(SHOTS / "deep_link_ringkasan.png"))
        expected = _count(
            wh, "SELECT count(*) FROM pelanggaran WHERE kode_kabupaten_kota = '35.79' AND pemilihan = 'pilkada_2024'"
        )
        value = (
            page.locator("[data-testid='stMetric']")
            .filter(has_text="ASN terlapor")
            .locator("[data-testid='stMetricValue']")
        )
        assert value.inner_text().strip() == str(expected)
        assert "wilayah=35.79" in page.url and "pemilihan=pilkada_2024" in page.url
        assert page.locator(".stException").count() == 0
    finally:
        page.close()


def test_downloaded_csv_equals_the_warehouse_rows(served):
    wh, base, b = served
    page = b.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    try:
        open_page(page, f"{base}/data?wilayah=18.72", charts=False)
        page.wait_for_selector("[data-testid='stDataFrame']")
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=re.compile("Unduh CSV")).click()
        data = open(info.value.path(), "rb").read()
    finally:
        page.close()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))
    assert len(rows) == _count(wh, "SELECT count(*) FROM pelanggaran WHERE kode_kabupaten_kota = '18.72'")
    ids = {r["id_terlapor"] for r in rows}
    con = duckdb.connect(str(wh / "publik" / "netralitas.duckdb"), read_only=True)
    expected = {
        r[0] for r in con.execute("SELECT id_terlapor FROM pelanggaran WHERE kode_kabupaten_kota = '18.72'").fetchall()
    }
    con.close()
    assert ids == expected
    assert "nama_terlapor" not in rows[0] and "nip" not in rows[0]
    assert not any(v[:1] in "=+-@" for r in rows for v in r.values() if v)


def test_injected_html_is_shown_as_text_not_run(served):
    wh, base, b = served
    page = b.new_page(viewport={"width": 1920, "height": 1080})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in ("data?wilayah=18.72", "kualitas-data", "?wilayah=18.72"):
            open_page(page, f"{base}/{path}", charts=False)
        html = page.content()
    finally:
        page.close()
    assert not dialogs
    assert "onerror=alert" not in html.replace("&lt;", "<") or '<img src="x" onerror' not in html
    assert not re.search(r"<script>alert\(\"xss\"\)</script>", html)
