"""House-style charts drawn by a real browser at a phone's and a desktop's plot width, without the
dashboard around them: plotly.js (the copy bundled with plotly.py, so offline) draws the figure into a
page of that width, and every text the chart prints must lie inside the chart. The page scan of
tests/test_user_paths.py does the same on every page, but with the bundled data's small counts."""

from __future__ import annotations

import pytest

from dashboard.charts import hbar, house_style
from harness.browser import browser
from tests.conftest import require_chromium

pytestmark = pytest.mark.browser

#: Texts of the chart (bar values, tick labels, title, source line) that reach outside its box.
OUTSIDE_JS = """() => {
  const box = document.querySelector('.js-plotly-plot').getBoundingClientRect();
  return [...document.querySelectorAll('.main-svg text')]
    .filter(t => t.textContent.trim())
    .filter(t => {
      const r = t.getBoundingClientRect();
      return r.width && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1);
    })
    .map(t => t.textContent);
}"""


@pytest.mark.parametrize("width", [330, 1200], ids=["phone", "desktop"])
def test_a_bar_chart_prints_its_largest_value_inside_the_chart(tmp_path, width):
    """A six-digit count at the end of the longest bar: on a phone plotly's own axis range left no room
    for it and "255.123" ran off the chart's right edge."""
    fig = house_style(
        hbar(
            ["Foto/video dengan gestur dukungan atau bersama calon", "Kampanye di media sosial", "Lainnya"],
            [255_123, 98_765, 1_200],
            unit="ASN terlapor",
        ),
        title="ASN terlapor per jenis pelanggaran",
        subtitle="seluruh periode · semua wilayah dan pemilihan · satuan: orang",
        source="Sumber: Pantau Netralitas (uji) · data per 2 Des 2026",
        height=340,
    )
    page_file = tmp_path / "grafik.html"
    fig.write_html(page_file, include_plotlyjs=True, full_html=True, default_width=f"{width}px")
    with browser(require_chromium()) as b:
        page = b.new_page(viewport={"width": width + 40, "height": 600})
        page.goto(page_file.as_uri())
        page.wait_for_selector(".main-svg text.bartext")
        printed = page.locator(".main-svg text.bartext").all_text_contents()
        outside = page.evaluate(OUTSIDE_JS)
        page.close()
    assert printed == ["255.123", "98.765", "1.200"]  # Indonesian thousands, every bar's value printed
    assert outside == []
