"""Angka resmi in a real server and headless Debian Chromium at 1920 and 390 px: the page renders its
charts and tables without an exception, the page's own URL keys survive the shared filter, and the
Ringkasan line links to the sources. Screenshots are kept in tests/output/screenshots/ (look at them).
The server is the session's shared one (``served`` of tests/dashboard_fixtures.py: the bundled data plus
the hostile register)."""

from __future__ import annotations

import pytest

from harness.browser import open_page
from tests.conftest import REPO

pytestmark = pytest.mark.browser
SHOTS = REPO / "tests" / "output" / "screenshots"


@pytest.mark.parametrize("width", [1920, 390])
def test_the_page_renders_at_desktop_and_phone_width(served, width):
    _, base, b = served
    page = b.new_page(viewport={"width": width, "height": 1080})
    try:
        open_page(page, f"{base}/angka-resmi?pemilihan=pilkada_2020&penerbit=kasn,bkn")
        page.screenshot(path=str(SHOTS / f"angka-resmi_{width}.png"))
        # a tall viewport shows the whole page in one picture (Streamlit scrolls inside its own container)
        page.set_viewport_size({"width": width, "height": 9000 if width < 1000 else 5200})
        page.wait_for_timeout(1500)
        page.screenshot(path=str(SHOTS / f"angka-resmi_{width}_seluruh.png"))
        assert page.locator(".stException").count() == 0
        assert page.locator(".js-plotly-plot .main-svg").count() >= 3
        assert page.locator("[data-testid='stDataFrame']").count() >= 3
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "mencakup" in text and "bukan total nasional" in text
        assert "None" not in text and "nan" not in text.split()
        assert "penerbit=kasn%2Cbkn" in page.url or "penerbit=kasn,bkn" in page.url
        assert "pemilihan=pilkada_2020" in page.url
    finally:
        page.close()


def test_ringkasan_links_the_official_totals(served):
    _, base, b = served
    page = b.new_page(viewport={"width": 1920, "height": 1080})
    try:
        open_page(page, f"{base}/?pemilihan=pilkada_2020")
        page.screenshot(path=str(SHOTS / "ringkasan_angka_resmi.png"))
        line = page.get_by_text("Angka resmi nasional Pilkada 2020")
        assert line.count() == 1
        link = page.get_by_role("link", name="KASN: 2.034 ASN, disampaikan 6 Feb 2024")
        assert link.get_attribute("href").startswith("https://jabar.antaranews.com/")
    finally:
        page.close()
