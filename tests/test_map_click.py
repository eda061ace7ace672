"""Click-to-filter on the map, in headless Chromium on the real server: a click on a kabupaten/kota of
the Peta page filters every page to it (its counts equal the warehouse's for that region, every chart
says so in its subtitle) and the URL carries it on every page, so the link reopens the same view."""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from shapely.geometry import shape

from dashboard.filters import Filter
from harness.browser import MAP_DRAWN_JS, MAP_POINT_JS, PATHS, wait_idle
from harness.load import arm, nav_link, open_ready
from tests.conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = REPO / "tests" / "output" / "map_click"


def db(wh, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(wh / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def go(page, path: str) -> None:
    """Follow the sidebar link to ``path`` (same session) and wait until that page finished running
    (a region with few cases may leave a page without charts, so no chart is waited for)."""
    arm(page)
    page.click(nav_link(path))
    page.wait_for_function(
        """(path) => {
          const link = document.querySelector('[data-testid="stSidebarNavLink"][aria-current="page"]');
          return !!link && link.getAttribute('href').replace(/\\?.*$/, '').split('/').pop() === path;
        }""",
        arg=path,
        timeout=120_000,
    )
    wait_idle(page, 120_000)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_click_on_the_map_filters_every_page_and_the_url_carries_it(served):
    wh, base, b = served
    # The kabupaten/kota with the most cases, and a point inside its drawn polygon (a centroid can
    # fall in the sea between islands).
    code, name, total = db(
        wh,
        """SELECT p.kode_kabupaten_kota, w.nama, count(*) FROM pelanggaran p
           JOIN wilayah w ON w.kode = p.kode_kabupaten_kota GROUP BY ALL ORDER BY count(*) DESC LIMIT 1""",
    )[0]
    layer = json.loads((wh / "publik" / "peta_kabupaten_kota.geojson").read_text())
    polygon = shape(next(f["geometry"] for f in layer["features"] if f["id"] == code))
    largest = max(getattr(polygon, "geoms", [polygon]), key=lambda g: g.area)
    lng, lat = largest.representative_point().coords[0]
    page = b.new_page(viewport={"width": 1920, "height": 1080})
    try:
        open_ready(page, base, "peta")
        page.wait_for_function(MAP_DRAWN_JS, timeout=60_000, polling=100)
        x, y = page.evaluate(MAP_POINT_JS, [lng, lat])
        page.mouse.move(x, y)  # the region is drawn there: its hover label names it
        page.locator(".hoverlayer .hovertext").filter(has_text=name).wait_for(timeout=10_000)
        page.mouse.click(x, y)
        page.wait_for_function(f"() => location.search.includes('wilayah={code}')", timeout=30_000)
        wait_idle(page)
        page.screenshot(path=str(SHOTS / "peta_klik.png"))

        region_box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
            has_text="Kabupaten/kota"
        )
        described = _flat(Filter(wilayah=(code,)).describe({code: name}))
        for path in PATHS:
            go(page, path)
            label = path or "ringkasan"
            assert f"wilayah={code}" in page.url, f"/{path}: the URL lost the region: {page.url}"
            assert name in region_box.inner_text(), f"/{path}: the sidebar does not hold {name}"
            titles = [_flat(t) for t in page.locator(".js-plotly-plot .gtitle").all_text_contents()]
            filtered = [t for t in titles if described in t]
            # Angka resmi sets national official figures beside all cases (its own scope, said on the
            # chart); the monthly report has its own region choice.
            if path not in ("angka-resmi", "laporan-bulanan"):
                unfiltered = [t for t in titles if "semuawilayah" in t]
                assert not unfiltered, f"/{path}: a chart still shows every region: {unfiltered}"
                assert filtered or not titles, f"/{path}: no chart says it shows {name}: {titles}"
            if path == "":
                kpi = (
                    page.locator("[data-testid='stMetric']")
                    .filter(has_text="ASN terlapor")
                    .locator("[data-testid='stMetricValue']")
                    .first.inner_text()
                )
                assert int(kpi.replace(".", "")) == total
            if path == "data":
                found = page.get_by_text(re.compile(r"baris\s+cocok dengan filter")).first.inner_text()
                assert int(re.match(r"\s*([\d.]+) baris", found).group(1).replace(".", "")) == total
            page.screenshot(path=str(SHOTS / f"{label}.png"))

        # The URL alone reopens the filtered view in a new session.
        again = b.new_page(viewport={"width": 1920, "height": 1080})
        try:
            open_ready(again, base, "", f"wilayah={code}")
            kpi = (
                again.locator("[data-testid='stMetric']")
                .filter(has_text="ASN terlapor")
                .locator("[data-testid='stMetricValue']")
                .first.inner_text()
            )
            assert int(kpi.replace(".", "")) == total
        finally:
            again.close()
    finally:
        page.close()
