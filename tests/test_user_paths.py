"""The dashboard walked as its users walk it, in headless Chromium on the real server:

- the journalist: filter → search → XLSX and CSV download → the copied link reopens the same rows;
- the leadership: period preset → comparison → map click → the map zooms to the region;
- every page (the report-maker's charts) at 1920, 1440 and a 390-px phone: no codes, no "None", no
  English month or Streamlit words, no chart text running outside its chart. Screenshots are kept
  in tests/output/paths/.

The monthly report page is left out of the defect scan here (its own issue mends it)."""

from __future__ import annotations

import csv
import io
import re

import duckdb
import openpyxl
import pytest

from dashboard.filters import Filter
from harness.browser import MAP_DRAWN_JS, MAP_PATHS, MAP_POINT_JS, PATHS, wait_idle
from harness.load import click_ready, open_ready
from netralitas import vocab
from tests.conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = REPO / "tests" / "output" / "paths"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0 Mobile Safari/537.36",
}
SCANNED = list(PATHS)
#: Degrees of longitude the first map shows (its view: the whole country is about 47).
MAP_SPAN_JS = """() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.geo);
  const range = gd._fullLayout.geo.lonaxis.range;
  return range[1] - range[0];
}"""
#: English words a reader could meet: month names and short forms that differ from Indonesian (Jan, Feb,
#: Mar, Apr, Jun, Jul, Sep, Nov are the same in both), and Streamlit's own English texts.
ENGLISH = re.compile(
    r"\b(January|February|March|May|June|July|August|October|December|Aug|Oct|Dec|Choose an option|"
    r"Page not found|No results|Help for)\b"
)
CODES = sorted(
    {
        c
        for tax in ("jenis_pelanggaran", "sanksi", "jabatan", "media", "tahap", "hasil", "sumber")
        for c in vocab.codes(tax)
    }
    | {e.kode for e in vocab.elections()},
    key=len,
    reverse=True,
)
CODE_PATTERN = re.compile(r"\b(" + "|".join(re.escape(c) for c in CODES if "_" in c) + r")\b")

#: Visible text outside code blocks (the link and the citation legitimately hold URL codes), and
#: every chart text that runs outside its chart's own box.
#: Charts whose x tick labels still run into each other on a 390 px phone (found when the overlap check
#: was added, 2 Dec 2026; not yet mended): the check holds every other chart, and these on the desktop.
SCAN_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const side = document.querySelector('[data-testid="stSidebar"]');
  const clone = main.cloneNode(true);
  clone.querySelectorAll('[data-testid="stCode"], .stPlotlyChart').forEach(e => e.remove());
  const svgText = [...main.querySelectorAll('.stPlotlyChart .main-svg text')].map(t => t.textContent).join('\\n');
  const clipped = [];
  for (const chart of main.querySelectorAll('.js-plotly-plot')) {
    const box = chart.getBoundingClientRect();
    if (!box.width) continue;
    for (const t of chart.querySelectorAll('.infolayer .gtitle, .infolayer .annotation-text, .xtick text, .ytick text, .g-xtitle text, .g-ytitle text')) {
      const r = t.getBoundingClientRect();
      if (!r.width || !t.textContent.trim()) continue;
      if (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2) {
        clipped.push(t.textContent.slice(0, 60));
      }
    }
    // A legend drawn over the title and its subtitle lines, or axis tick labels running into each other.
    const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const title = chart.querySelector('.infolayer .gtitle');
    const name = title ? title.textContent.slice(0, 50) : '';
    const legend = chart.querySelector('.infolayer .legend .bg');
    if (title && legend && hit(title.getBoundingClientRect(), legend.getBoundingClientRect())) {
      clipped.push('legend over the title: ' + name);
    }
    const ticks = [...chart.querySelectorAll('.xtick text')].map(t => t.getBoundingClientRect()).filter(r => r.width);
    for (let i = 1; i < ticks.length; i++) {
      if (hit(ticks[i - 1], ticks[i])) { clipped.push('x ticks overlap: ' + name); break; }
    }
  }
  return {text: clone.innerText + '\\n' + svgText, side: side ? side.innerText : '', clipped: clipped};
}"""


def db(wh, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(wh / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def expected_rows(wh, f: Filter) -> int:
    where, params = f.where()
    return db(wh, f"SELECT count(*) FROM pelanggaran {where}", params)[0][0]


def shown_count(page) -> int:
    text = page.get_by_text(re.compile(r"baris\s+cocok dengan filter")).first.inner_text()
    return int(re.match(r"\s*([\d.]+) baris", text).group(1).replace(".", ""))


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label, as a user does."""
    wait_idle(page)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    wanted = page.get_by_role("option", name=re.compile(re.escape(option))).first
    for _ in range(3):  # a rerun may redraw the sidebar under the first click
        box.locator("input").click()
        try:
            wanted.wait_for(timeout=5_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    wanted.click()
    page.wait_for_timeout(300)
    wait_idle(page)


def test_journalist_filters_searches_downloads_and_shares_the_view(served, tmp_path):
    wh, base, b = served
    page = b.new_page(viewport={"width": 1920, "height": 1080}, accept_downloads=True)
    try:
        open_ready(page, base, "data", "pemilihan=pilkada_2024")
        page.get_by_label("Cari di uraian, instansi, jabatan, wilayah, ID kasus").fill("WhatsApp")
        page.keyboard.press("Enter")
        page.get_by_text(re.compile(r"cocok dengan filter dan pencarian")).wait_for(timeout=60_000)
        wait_idle(page)
        expected = expected_rows(wh, Filter(pemilihan=("pilkada_2024",), cari="WhatsApp"))
        assert 0 < expected < expected_rows(wh, Filter(pemilihan=("pilkada_2024",)))
        assert shown_count(page) == expected
        assert "cari=WhatsApp" in page.url and "pemilihan=pilkada_2024" in page.url
        page.screenshot(path=str(SHOTS / "jurnalis_data_1920.png"))

        with page.expect_download() as download:
            page.get_by_role("button", name=re.compile("Unduh Excel")).click()
        assert download.value.suggested_filename.endswith(".xlsx")
        book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
        assert book.sheetnames == ["Data", "Kamus data", "Kutipan"]
        data = book["Data"]
        header = [c.value for c in data[1]]
        rows = list(data.iter_rows(min_row=2))
        assert len(rows) == expected
        region = header.index("kode_kabupaten_kota")
        assert all(r[region].value is None or r[region].data_type == "s" for r in rows)
        link_in_book = {r[0].value: r[1].value for r in book["Kutipan"].iter_rows()}["Tautan ke tampilan ini"]
        assert "cari=WhatsApp" in link_in_book

        with page.expect_download() as download:
            page.get_by_role("button", name=re.compile("Unduh CSV")).click()
        raw = open(download.value.path(), "rb").read()
        table = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"))))
        assert len(table) == expected and "hasil_label" in table[0]

        link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
        assert link.startswith(base) and "cari=WhatsApp" in link and link == link_in_book
    finally:
        page.close()

    again = b.new_page(viewport={"width": 1440, "height": 900})
    try:
        again.goto(link, wait_until="domcontentloaded")
        again.get_by_text(re.compile(r"cocok dengan filter dan pencarian")).wait_for(timeout=60_000)
        wait_idle(again)
        assert shown_count(again) == expected
        assert again.get_by_label("Cari di uraian, instansi, jabatan, wilayah, ID kasus").input_value() == "WhatsApp"
        again.screenshot(path=str(SHOTS / "jurnalis_tautan_1440.png"))
    finally:
        again.close()


def test_leadership_picks_a_preset_a_comparison_and_a_region_on_the_map(served):
    wh, base, b = served
    page = b.new_page(viewport={"width": 1440, "height": 900})
    try:
        open_ready(page, base, "")
        choose(page, "Periode", "Masa kampanye Pilkada 2024")
        assert "periode=kampanye_pilkada_2024" in page.url
        page.get_by_text(re.compile("Perubahan dibanding periode sebelumnya")).wait_for(timeout=30_000)
        choose(page, "Bandingkan dengan", "Periode yang sama setahun sebelumnya")
        assert "banding=tahun_lalu" in page.url
        page.get_by_text(re.compile("Perubahan dibanding periode yang sama setahun sebelumnya")).wait_for()
        deltas = page.locator('[data-testid="stMetricDelta"]').all_inner_texts()
        assert any(re.search(r"dari \d", d) for d in deltas), deltas
        undated = db(wh, "SELECT count(*) FROM pelanggaran WHERE coalesce(tanggal_kejadian, tanggal_laporan) IS NULL")
        page.get_by_text(re.compile(rf"tidak memuat {undated[0][0]} ASN terlapor lain")).first.wait_for()
        page.screenshot(path=str(SHOTS / "pimpinan_ringkasan_1440.png"))

        click_ready(page, "peta")
        page.wait_for_function(MAP_DRAWN_JS, timeout=60_000, polling=100)
        f, _ = Filter.from_query({"periode": "kampanye_pilkada_2024"})
        where, params = f.where()
        code, lng, lat = db(
            wh,
            f"""SELECT p.kode_kabupaten_kota, w.lng, w.lat FROM pelanggaran p JOIN wilayah w ON w.kode = p.kode_kabupaten_kota
            {where.replace("WHERE", "WHERE p.kode_kabupaten_kota IS NOT NULL AND")} GROUP BY ALL ORDER BY count(*) DESC LIMIT 1""",
            params,
        )[0]
        before = page.evaluate(MAP_SPAN_JS)
        x, y = page.evaluate(MAP_POINT_JS, [lng, lat])
        page.mouse.click(x, y)
        page.wait_for_function(f"() => location.search.includes('wilayah={code}')", timeout=30_000)
        wait_idle(page)
        page.wait_for_timeout(3000)
        after = page.evaluate(MAP_SPAN_JS)
        assert after < before / 4, (before, after)  # zoomed in: a quarter of the longitudes or fewer
        legend_words = re.sub(r"\s", "", page.locator(".js-plotly-plot .gtitle").first.text_content())
        assert "putih:diluarfilterwilayah" in legend_words  # the subtitle wraps where it likes
        page.screenshot(path=str(SHOTS / "pimpinan_peta_zoom_1440.png"))
    finally:
        page.close()


@pytest.mark.parametrize("widths", [(1920, 1440), (390,)], ids=["desktop-1920-1440", "phone-390"])
def test_every_page_reads_indonesian_with_labels_and_nothing_clipped(served, widths):
    """Each page is loaded once per device: on the desktop at 1920 px, scanned, then the same page resized
    to 1440 px and scanned again (text and chart label positions at 1440 were the same as a fresh load's
    when this was changed); the phone is its own device (touch, mobile user agent), loaded at 390 px."""
    wh, base, b = served
    page = b.new_page(**PHONE) if widths == (390,) else b.new_page(viewport={"width": widths[0], "height": 1080})
    found: dict[str, list[str]] = {}
    try:
        for path in PATHS:
            open_ready(page, base, path)
            for width in widths:
                if width != page.viewport_size["width"]:
                    page.set_viewport_size({"width": width, "height": 1080})
                    wait_idle(page)
                if path in ("", *MAP_PATHS):
                    page.wait_for_function(MAP_DRAWN_JS, timeout=60_000, polling=100)
                page.wait_for_timeout(1500)  # plotly's last layout pass
                page.screenshot(path=str(SHOTS / f"{path or 'ringkasan'}_{width}.png"), full_page=True)
                if path not in SCANNED:
                    continue
                assert page.evaluate("() => document.documentElement.lang") == "id"
                seen = page.evaluate(SCAN_JS)
                text = seen["text"] + "\n" + seen["side"]
                problems = [
                    f"None: …{text[max(0, m.start() - 30) : m.end() + 10]!r}" for m in re.finditer(r"\bNone\b", text)
                ]
                problems += [f"English: {m.group(0)!r}" for m in ENGLISH.finditer(text)]
                problems += [f"code: {m.group(0)!r}" for m in CODE_PATTERN.finditer(text)]
                problems += [f"clipped: {c!r}" for c in seen["clipped"]]
                if "tidak ada. Yang tampil sekarang" in text:  # a real page must not be called missing
                    problems.append("page-not-found notice on a real page")
                if problems:
                    found[f"{path or '/'} @{width}"] = problems[:8]
    finally:
        page.close()
    assert not found, "\n".join(f"{path}: {problems}" for path, problems in found.items())
