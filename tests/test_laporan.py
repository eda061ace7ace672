"""The monthly report (*Laporan bulanan*): the page (month in the URL, KPI changes, the 12-month trend)
and the report files from ``python -m laporan`` (PDF read back with poppler's ``pdftotext``, PNG size
from its header), checked against the warehouse's own counts computed here with plain SQL."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
from html import escape
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.filters import Filter
from dashboard.formatting import angka
from dashboard.laporan import content, document, figures
from dashboard.warehouse import Warehouse
from netralitas import vocab
from tests import dashboard_fixtures
from tests.conftest import REPO, require_chromium

MONTH = "2024-11"
OUTPUT = REPO / "tests" / "output"
SIDEBAR_WORDS = ("Hapus semua filter", "Kabupaten/kota\nSemua", "Kualitas data\n", "Filter\nPemilihan")


def counts(warehouse: Path, month: str, province: str | None = None) -> dict:
    """The month's figures straight from the public DuckDB file (no dashboard code)."""
    sanctioned = [t.kode for t in vocab.taxonomy("sanksi") if t.extra.get("dijatuhkan")]
    year, mon = map(int, month.split("-"))
    where = "year(coalesce(tanggal_kejadian, tanggal_laporan)) = ? AND month(coalesce(tanggal_kejadian, tanggal_laporan)) = ?"
    params: list = [year, mon]
    if province:
        where += " AND kode_provinsi = ?"
        params.append(province)
    con = duckdb.connect(str(warehouse / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        total, proven, sanctions = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE hasil = 'terbukti'), "
            f"count(*) FILTER (WHERE list_contains(?, kategori_sanksi)) FROM pelanggaran WHERE {where}",
            [sanctioned, *params],
        ).fetchone()
        regions = con.execute(
            f"SELECT kode_kabupaten_kota, nama_kabupaten_kota, count(*), count(*) FILTER (WHERE hasil = 'terbukti') "
            f"FROM pelanggaran WHERE {where} AND kode_kabupaten_kota IS NOT NULL GROUP BY 1, 2",
            params,
        ).fetchall()
    finally:
        con.close()
    return {"terlapor": total, "terbukti": proven, "sanksi": sanctions, "regions": regions}


def run_cli(*args: str, env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "laporan", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def pdf_text(path: Path, page: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else [])]
    if page:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def kpi_values(page1: str) -> list[str]:
    """The four KPI values: pdftotext lists the labels, then the values, then the changes."""
    after = page1.split("Ditindaklanjuti PPK", 1)[1]
    return [line for line in after.splitlines() if line.strip()][:4]


def require_poppler() -> None:
    if not shutil.which("pdftotext"):
        if os.environ.get("CI"):
            pytest.fail("pdftotext missing but CI is set: .ci/run must install poppler-utils")
        pytest.skip("SKIPPED LOUDLY: poppler-utils not installed (apt-get install -y poppler-utils)")


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    root = tmp_path_factory.mktemp("laporan")
    return {"bundled": dashboard_fixtures.build(REPO / "data" / "raw", root / "wh")}


# ------------------------------------------------------------------ the page and its figures


def run_report_page(monkeypatch, warehouse: Path, query: dict) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DATA", str(warehouse))
    monkeypatch.setenv("NETRALITAS_MODE", "publik")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("halaman/laporan-bulanan.py").run()
    assert not at.exception
    return at


def test_month_from_the_url_opens_that_month_and_stays_in_the_url(monkeypatch, warehouses):
    wh = warehouses["bundled"]
    at = run_report_page(monkeypatch, wh, {"bulan": "2024-10", "wilayah": "12"})
    assert at.selectbox(key="laporan_bulan").value.isoformat() == "2024-10-01"
    expected = counts(wh, "2024-10", "12")["terlapor"]
    assert next(m.value for m in at.metric if m.label == "ASN terlapor") == angka(expected)
    assert at.query_params["bulan"] == "2024-10" and at.query_params["wilayah"] == "12"


def test_a_malformed_month_is_ignored_with_a_notice(monkeypatch, warehouses):
    at = run_report_page(monkeypatch, warehouses["bundled"], {"bulan": "November"})
    assert any("bulan" in w.value and "YYYY-MM" in w.value for w in at.warning)
    assert at.query_params["bulan"] != "November"


def test_no_arrow_and_no_fake_change_when_nothing_changed(monkeypatch, warehouses):
    """Sanksi in Nov 2024 equals Oct 2024 in the bundled data (both 0): words, no arrow."""
    wh = warehouses["bundled"]
    assert counts(wh, "2024-11")["sanksi"] == counts(wh, "2024-10")["sanksi"]
    at = run_report_page(monkeypatch, wh, {"bulan": MONTH})
    sanksi = next(m for m in at.metric if m.label == "Sanksi dijatuhkan")
    assert sanksi.proto.delta == "tidak berubah · Okt 2024: 0"
    assert sanksi.proto.direction == sanksi.proto.NONE  # no arrow on zero
    ppk = next(m for m in at.metric if m.label == "Ditindaklanjuti PPK")
    assert ppk.proto.direction == ppk.proto.NONE and ppk.proto.delta.startswith("Okt 2024: ")  # a share, not a change
    terlapor = next(m for m in at.metric if m.label == "ASN terlapor")
    assert terlapor.proto.direction == terlapor.proto.DOWN and terlapor.proto.delta == "−3 (−30,0%) · Okt 2024: 10"
    assert content.change_text(3, 5, content.parse_month("2024-10"))[1] == "turun"
    assert content.change_text(0, 0, content.parse_month("2024-10")) == ("tidak berubah · Okt 2024: 0", "tetap")


def test_trend_spans_exactly_twelve_months_with_indonesian_names(warehouses):
    wh = Warehouse(warehouses["bundled"] / "publik", "publik")
    report = content.build(content.make_context(wh, Filter()), content.parse_month(MONTH))
    bar = figures.trend_figure(report).data[0]
    labels = [x.replace("<br>", " ") for x in bar.x]
    # the year under the first month and under January only (twelve years ran into each other on a phone)
    assert labels == ["Des 2023", "Jan 2024", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov"]
    months = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November".split()
    assert list(bar.customdata) == ["Desember 2023"] + [f"{m} 2024" for m in months]  # the hover names both
    assert sum(bar.y) == sum(
        counts(warehouses["bundled"], f"{m.year}-{m.month:02d}")["terlapor"]
        for m in [content.add_months(content.parse_month(MONTH), -i) for i in range(12)]
    )


@pytest.mark.parametrize("pemilihan", [None, "pilkada_2024"])
def test_notes_count_undated_coarse_and_quarantined_rows_as_the_rows_say(warehouses, pemilihan):
    """The notes page's three counts equal plain SQL on the rows: rows of the filter without any date
    (in no month), rows of the month dated to the month or year only, and every quarantined row."""
    wh = Warehouse(warehouses["bundled"] / "publik", "publik")
    flt = Filter(pemilihan=(pemilihan,)) if pemilihan else Filter()
    report = content.build(content.make_context(wh, flt), content.parse_month("2024-09"))
    con = duckdb.connect(str(warehouses["bundled"] / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        election = f"AND pemilihan = '{pemilihan}'" if pemilihan else ""
        undated, coarse = con.execute(
            "SELECT count(*) FILTER (WHERE coalesce(tanggal_kejadian, tanggal_laporan) IS NULL),"
            " count(*) FILTER (WHERE presisi_tanggal IN ('bulan', 'tahun')"
            "   AND date_trunc('month', coalesce(tanggal_kejadian, tanggal_laporan)) = DATE '2024-09-01')"
            f" FROM pelanggaran WHERE true {election}"
        ).fetchone()
        quarantined = con.execute("SELECT count(*) FROM karantina").fetchone()[0]
    finally:
        con.close()
    assert undated > 0 and coarse > 0  # the bundled data has both, so the comparison means something
    assert (report.undated_total, report.coarse_date, report.quarantine_total) == (undated, coarse, quarantined)


def test_notes_page_gives_the_official_national_totals_of_the_election(warehouses):
    """Filtered to one election, the notes page cites every national 'ASN reported' figure the reference
    table holds for it (each with its address); unfiltered, it cites none (a month may span elections)."""
    wh = Warehouse(warehouses["bundled"] / "publik", "publik")
    con = duckdb.connect(str(warehouses["bundled"] / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        urls = {
            u
            for (u,) in con.execute(
                "SELECT sumber_url FROM angka_resmi WHERE pemilihan = 'pilkada_2024' AND tingkat_cakupan = 'nasional' "
                "AND ukuran = 'asn_dilaporkan' AND dimensi = 'total' AND satuan = 'asn'"
            ).fetchall()
        }
    finally:
        con.close()
    assert urls  # the reference file has such figures for Pilkada 2024
    month = content.parse_month(MONTH)
    one = document.build_document(content.build(content.make_context(wh, Filter(pemilihan=("pilkada_2024",))), month))
    assert "Angka resmi nasional" in one.html and "bukan total nasional" in one.html
    assert any(escape(u) in one.html for u in urls)
    every = document.build_document(content.build(content.make_context(wh, Filter()), month))
    assert "Angka resmi nasional" not in every.html


# ------------------------------------------------------------------ the files


@pytest.mark.browser
@pytest.mark.slow
def test_report_files_hold_the_warehouse_numbers_and_nothing_of_the_app(warehouses, tmp_path):
    require_chromium()
    require_poppler()
    wh = warehouses["bundled"]
    proc = run_cli("--bulan", MONTH, "--data", str(wh), "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr.strip() == "", proc.stderr  # no Streamlit "no runtime" warnings for whoever runs it
    pdf, png = tmp_path / f"laporan-{MONTH}-nasional.pdf", tmp_path / f"laporan-{MONTH}-nasional.png"
    assert png_size(png) == (1920, 1080)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "842.88 x 595.92" in info  # A4 landscape, in points
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded

    expected = counts(wh, MONTH)
    page1 = pdf_text(pdf, 1)
    assert kpi_values(page1)[:3] == [
        angka(expected["terlapor"]),
        f"{angka(expected['terbukti'])} ({angka(100 * expected['terbukti'] / expected['terlapor'], 1)}%)",
        angka(expected["sanksi"]),
    ]
    assert "ASN terlapor per bulan, 12 bulan terakhir" in page1 and "Kategori sanksi, November 2024" in page1
    table = pdf_text(pdf, layout=True)
    for kode, nama, terlapor, terbukti in expected["regions"]:
        line = next(line for line in table.splitlines() if line.strip().startswith(kode + " "))
        assert nama in line and re.search(rf"\s{terlapor}\s+{terbukti}\s", line), line
    everything = pdf_text(pdf)
    assert "Catatan" in everything and f"bulan={MONTH}" in everything
    for word in SIDEBAR_WORDS:
        assert word not in everything
    OUTPUT.mkdir(exist_ok=True)  # kept for a person to look at
    shutil.copy(png, OUTPUT / "laporan-nasional.png")
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "halaman")], check=True
    )
    shutil.copy(next(tmp_path.glob("halaman*.png")), OUTPUT / "laporan-nasional-pdf-halaman-1.png")


@pytest.mark.browser
@pytest.mark.slow
def test_a_month_without_cases_says_so(warehouses, tmp_path):
    require_chromium()
    require_poppler()
    proc = run_cli("--bulan", "2019-01", "--png-2x", "--data", str(warehouses["bundled"]), "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = pdf_text(tmp_path / "laporan-2019-01-nasional.pdf")
    assert "Tidak ada kasus pada Januari 2019 untuk filter ini" in text
    assert kpi_values(pdf_text(tmp_path / "laporan-2019-01-nasional.pdf", 1))[0] == "0"
    assert png_size(tmp_path / "laporan-2019-01-nasional-2x.png") == (3840, 2160)  # --png-2x: for print


@pytest.mark.browser
@pytest.mark.slow
def test_synthetic_and_internal_reports_say_so_on_their_pages(tmp_path):
    require_chromium()
    require_poppler()
    wh = dashboard_fixtures.synthetic(tmp_path)
    proc = run_cli("--bulan", "2024-10", "--format", "pdf", "--data", str(wh), "--out", str(tmp_path / "publik"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pdf = tmp_path / "publik" / "laporan-2024-10-nasional.pdf"
    assert "Data sintetis" in pdf_text(pdf, 1) and "DATA SINTETIS" in pdf_text(pdf, 1)
    assert "Jangan mengutip angkanya" in pdf_text(pdf, pdf_pages(pdf))
    proc = run_cli(
        "--bulan",
        "2024-10",
        "--format",
        "pdf",
        "--data",
        str(wh),
        "--out",
        str(tmp_path / "internal"),
        env={"NETRALITAS_MODE": "internal"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pdf = tmp_path / "internal" / "laporan-2024-10-nasional.pdf"
    for page in range(1, pdf_pages(pdf) + 1):
        assert "data pribadi" in pdf_text(pdf, page), page


@pytest.mark.browser
@pytest.mark.slow
def test_public_batch_of_39_has_no_name_and_a_failure_is_named(tmp_path):
    """The month's batch on a warehouse with planted names and NIPs (the privacy scan's register):
    39 PDFs and an index; one report made unwritable fails alone, named, with a non-zero exit code."""
    require_chromium()
    require_poppler()
    from tests.test_privacy_scan import Scanner, internal_needles, scan, write_privacy_register

    first = dashboard_fixtures.bundled_plus_hostile(tmp_path)
    write_privacy_register(tmp_path / "raw")
    wh = dashboard_fixtures.build(tmp_path / "raw", first)
    out = tmp_path / "out"
    (out / "laporan-2024-10-19.pdf").mkdir(parents=True)  # a folder where Bangka Belitung's file goes
    proc = run_cli("--bulan", "2024-10", "--semua-provinsi", "--format", "pdf", "--data", str(wh), "--out", str(out))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "GAGAL ditulis: 19" in proc.stderr
    pdfs = sorted(p for p in out.glob("laporan-2024-10-*.pdf") if p.is_file())
    assert len(pdfs) == 38 and (out / "laporan-2024-10-nasional.pdf") in pdfs
    index = (out / "indeks-2024-10.csv").read_text(encoding="utf-8")
    assert len(index.strip().splitlines()) == 40 and "gagal" in next(row for row in index.splitlines() if ",19," in row)
    national = counts(wh, "2024-10")["terlapor"]
    assert kpi_values(pdf_text(out / "laporan-2024-10-nasional.pdf", 1))[0] == angka(national)
    metro = counts(wh, "2024-10", "18")["terlapor"]
    assert kpi_values(pdf_text(out / "laporan-2024-10-18.pdf", 1))[0] == angka(metro)
    artefacts = {p.name: pdf_text(p) for p in pdfs}
    artefacts |= {p.name: p.read_text(encoding="utf-8") for p in out.glob("indeks-*")}
    assert scan(Scanner(internal_needles(wh)), artefacts) == {}


@pytest.mark.browser
@pytest.mark.slow
def test_print_view_and_download_in_the_real_app(bundled_server, tmp_path):
    """In the served app (the session's shared server): the month from the URL survives the load and a
    reload; the print view shows the report without sidebar or toolbar (on screen and in the browser's
    own print); one click on Unduh PDF hands over the report file."""
    require_chromium()
    require_poppler()
    from harness.browser import browser, open_page

    wh, base = bundled_server
    expected = angka(counts(wh, MONTH, "12")["terlapor"])
    OUTPUT.mkdir(exist_ok=True)
    with browser() as b:
        page = b.new_page(viewport={"width": 1920, "height": 1080})
        open_page(page, f"{base}/laporan-bulanan?bulan={MONTH}&wilayah=12")
        assert f"bulan={MONTH}" in page.url and "wilayah=12" in page.url
        page.reload()
        open_page(page, page.url)
        assert f"bulan={MONTH}" in page.url
        assert page.get_by_text("Laporan bulanan netralitas ASN — November 2024").is_visible()
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name="Unduh PDF").click()
        assert download.value.suggested_filename == f"laporan-{MONTH}-12.pdf"
        saved = tmp_path / "unduhan.pdf"
        download.value.save_as(saved)
        assert kpi_values(pdf_text(saved, 1))[0] == expected

        printing = b.new_page(viewport={"width": 1920, "height": 1080})
        open_page(printing, f"{base}/laporan-bulanan?bulan={MONTH}&wilayah=12&cetak=1")
        assert not printing.locator("[data-testid='stSidebar']").is_visible()
        assert not printing.locator("[data-testid='stHeader']").is_visible()
        assert printing.get_by_role("button", name="Unduh PDF").count() == 0
        assert printing.locator("[data-testid='stMetricValue']").first.inner_text() == expected
        printing.screenshot(path=str(OUTPUT / "laporan-cetak-1920.png"))
        (tmp_path / "cetak.pdf").write_bytes(printing.pdf(print_background=True))
        printed = pdf_text(tmp_path / "cetak.pdf")
        assert "Laporan bulanan netralitas ASN" in printed
        for word in SIDEBAR_WORDS:
            assert word not in printed
