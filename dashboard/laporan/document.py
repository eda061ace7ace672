"""The report as one HTML document for headless Chromium: page 1 is the page's 1920x1080 layout (KPIs,
map, 12-month trend, violation types, sanction categories), then the month's cases per kabupaten/kota
and a notes page. Every text from the data is escaped; the charts are the page's own figures, drawn by
plotly.js from their JSON."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from html import escape

from dashboard.angka_resmi import official_totals_text
from dashboard.formatting import angka, bulan, persen, tanggal
from dashboard.laporan import figures
from dashboard.laporan.content import DEFAULT_BASE_URL, MonthlyReport
from dashboard.layout import INTERNAL_BANNER, SYNTHETIC_BANNER

WIDTH, HEIGHT = 1920, 1080
FILE_HEIGHTS = {"peta": 450, "tren": 450, "jenis": 370, "sanksi": 370}
INTERNAL_MARK = "BUILD INTERNAL: memuat data pribadi. Hanya untuk petugas; jangan dibagikan."

CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: white; color: #222;
  font-family: "Source Sans Pro", Arial, "Liberation Sans", sans-serif; }
body { width: 1920px; }
.halaman { width: 1920px; padding: 22px 32px; }
.halaman + .halaman { page-break-before: always; break-before: page; }
#halaman-1 { height: 1080px; overflow: hidden; }
h1 { font-size: 30px; margin: 0 0 4px 0; }
h2 { font-size: 30px; margin: 0 0 8px 0; }
.keterangan { font-size: 15px; color: #444; margin: 0 0 8px 0; }
.pita { border-radius: 6px; padding: 7px 14px; margin: 0 0 8px 0; font-size: 16px; }
.pita.sintetis { background: #FFF3CD; border: 1px solid #E6B800; }
.pita.internal { background: #FDE2E1; border: 1px solid #C0392B; color: #7B1D14; font-weight: 600; }
.pita.kosong { background: #EAF2FB; border: 1px solid #0072B2; font-size: 20px; }
.kpi { display: grid; grid-template-columns: repeat(4, 1fr); gap: 24px; margin: 6px 0 18px 0; }
.kpi .label { font-size: 16px; color: #444; }
.kpi .nilai { font-size: 40px; font-weight: 600; line-height: 1.15; }
.kpi .ubah { font-size: 15px; color: #444; }
.baris { display: grid; gap: 20px; margin-bottom: 10px; }
.baris.satu { grid-template-columns: 1.25fr 1fr; }
.baris.dua { grid-template-columns: 1fr 1fr; }
.grafik { width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 20px; }
thead { display: table-header-group; }
th, td { border-bottom: 1px solid #DDD; padding: 6px 10px; text-align: left; }
th { background: #F2F2F2; }
td.angka, th.angka { text-align: right; font-variant-numeric: tabular-nums; }
tr { page-break-inside: avoid; break-inside: avoid; }
.catatan { font-size: 21px; line-height: 1.45; max-width: 1700px; }
.catatan dt { font-weight: 600; margin-top: 10px; }
.catatan dd { margin-left: 0; }
.kecil { font-size: 17px; color: #555; }
"""


@dataclass
class Document:
    html: str  # the body
    css: str
    figures: list[tuple[str, str]] = field(default_factory=list)  # (div id, figure JSON)
    footer: str = ""


def _banners(r: MonthlyReport) -> str:
    out = ""
    if r.internal:
        out += f'<div class="pita internal">{escape(INTERNAL_BANNER.replace("**", ""))}</div>'
    if r.ctx.synthetic:
        out += f'<div class="pita sintetis">{escape(SYNTHETIC_BANNER.replace("**", ""))}</div>'
    return out


def official_total(r: MonthlyReport) -> str | None:
    """The official national totals for the report's election, each publisher's latest figure with its
    address (table ``angka_resmi``; contradicting sources side by side, none chosen). Only when the
    report is filtered to one election: a month's cases may belong to several. None when no figure."""
    if len(r.base.pemilihan) != 1:
        return None
    return official_totals_text(r.base.pemilihan[0], r.ctx.wh)


def build_document(r: MonthlyReport, *, base_url: str = DEFAULT_BASE_URL, made: dt.datetime | None = None) -> Document:
    made = made or dt.datetime.now()
    doc = Document(html="", css=CSS)
    scope = escape(r.scope())
    period = f"{tanggal(r.month)} – {tanggal(r.last_day)}"
    caption = (
        f"Filter: {scope} · Periode {period} (menurut tanggal kejadian, atau tanggal laporan bila kejadian "
        f"tidak diketahui) · {escape(r.ctx.source_line())}"
    )
    cards = "".join(
        f'<div><div class="label">{escape(k.label)}</div><div class="nilai">{escape(k.value)}</div>'
        f'<div class="ubah">{escape(k.change or "")}</div></div>'
        for k in r.cards()
    )
    empty = (
        f'<div class="pita kosong">Tidak ada kasus pada {bulan(r.month)} untuk filter ini ({scope}).</div>'
        if r.empty
        else ""
    )
    charts = {
        "peta": figures.map_figure(r),
        "tren": figures.trend_figure(r),
        "jenis": figures.types_figure(r),
        "sanksi": figures.sanctions_figure(r),
    }
    for div, fig in charts.items():
        if fig is not None:
            # The file has no Streamlit chrome above the report: the same figures get the spare height.
            fig.update_layout(height=FILE_HEIGHTS[div])
            doc.figures.append((div, fig.to_json()))
    page1 = (
        f'<section class="halaman" id="halaman-1"><h1>{escape(r.title())}</h1>'
        f'<p class="keterangan">{caption}</p>{_banners(r)}{empty}<div class="kpi">{cards}</div>'
        '<div class="baris satu"><div class="grafik" id="peta"></div><div class="grafik" id="tren"></div></div>'
        '<div class="baris dua"><div class="grafik" id="jenis"></div><div class="grafik" id="sanksi"></div></div>'
        "</section>"
    )
    doc.html = page1 + _table_page(r) + _notes_page(r, base_url, made)
    mark = f"{INTERNAL_MARK} · " if r.internal else ""
    doc.footer = (
        f'<div style="font-size:7px;width:100%;padding:0 8mm;color:#555;font-family:Arial,sans-serif">'
        f"{escape(mark)}Pantau Netralitas · {escape(r.title())} · {scope} · "
        'halaman <span class="pageNumber"></span> dari <span class="totalPages"></span></div>'
    )
    return doc


def _table_page(r: MonthlyReport) -> str:
    head = (
        f'<section class="halaman"><h2>Kasus per kabupaten/kota, {bulan(r.month)}</h2>'
        f'<p class="keterangan">{escape(r.scope())} · satuan: orang (ASN terlapor) · {escape(r.ctx.source_line())}</p>'
        f"{_banners(r)}"
    )
    if not r.by_region:
        body = f'<p class="catatan">Tidak ada kasus dengan kabupaten/kota pada {bulan(r.month)} untuk filter ini.</p>'
    else:
        rows = "".join(
            f"<tr><td>{escape(kode)}</td><td>{escape(nama)}</td><td>{escape(prov)}</td>"
            f'<td class="angka">{angka(t)}</td><td class="angka">{angka(b)}</td>'
            f'<td class="angka">{angka(d)}</td><td class="angka">{persen(d, b)}</td></tr>'
            for kode, nama, prov, t, b, d in r.by_region
        )
        total = sum(row[3] for row in r.by_region)
        body = (
            "<table><thead><tr><th>Kode</th><th>Kabupaten/kota</th><th>Provinsi</th>"
            '<th class="angka">ASN terlapor</th><th class="angka">Terbukti</th>'
            '<th class="angka">Ditindaklanjuti PPK</th><th class="angka">% ditindaklanjuti</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
            f'<p class="kecil">{len(r.by_region)} kabupaten/kota dengan kasus, {angka(total)} ASN terlapor.</p>'
        )
    if r.province_level:
        body += (
            f'<p class="kecil">Ditambah {angka(r.province_level)} ASN terlapor tingkat provinsi (mis. pegawai '
            "Pemprov) tanpa kabupaten/kota: dihitung di angka utama, tidak di tabel dan peta.</p>"
        )
    return head + body + "</section>"


def _notes_page(r: MonthlyReport, base_url: str, made: dt.datetime) -> str:
    prev = bulan(r.prev_month)
    items = [
        (
            "ASN terlapor",
            "Jumlah baris terlapor (satu baris per ASN per kasus) yang tanggal acuannya — tanggal kejadian, atau "
            f"tanggal laporan bila kejadian tidak diketahui — jatuh pada {bulan(r.month)}. Di bawah setiap "
            f"angka: selisih terhadap {prev} (dan persennya), lalu nilai {prev}.",
        ),
        ("Terbukti", "ASN terlapor dengan hasil penanganan “terbukti”; persentase terhadap ASN terlapor bulan ini."),
        (
            "Sanksi dijatuhkan",
            "ASN terlapor yang kategori sanksinya berarti sanksi sudah dijatuhkan (disiplin ringan/sedang/berat, "
            "moral, pidana).",
        ),
        (
            "Ditindaklanjuti PPK",
            "Persentase ASN terbukti yang sudah ditindaklanjuti Pejabat Pembina Kepegawaian (PPK) dengan sanksi. "
            f"Di bawahnya: persentase yang sama pada {prev} (bukan perubahan).",
        ),
    ]
    quality = [
        f"{angka(r.coarse_date)} baris bulan ini hanya bertanggal bulan (tanpa hari): dihitung di bulan ini.",
        f"{angka(r.undated_total)} baris untuk filter ini tidak bertanggal sama sekali: tidak masuk bulan mana pun, "
        "termasuk laporan ini.",
        f"{angka(r.province_level)} baris bulan ini tingkat provinsi (tanpa kabupaten/kota): di angka utama, "
        "tidak di peta dan tabel.",
        f"{angka(r.quarantine_total)} baris seluruh gudang data ada di karantina (tidak dimuat karena tidak terbaca "
        "atau wilayahnya tidak pasti). Baris karantina tidak punya tanggal yang bisa dipercaya, jadi tidak bisa "
        "dibagi per bulan; rinciannya di halaman Kualitas data.",
    ]
    official = official_total(r)
    link = r.link(base_url)
    parts = [
        f'<section class="halaman"><h2>Catatan</h2>{_banners(r)}<div class="catatan">',
        "<dl>" + "".join(f"<dt>{escape(t)}</dt><dd>{escape(d)}</dd>" for t, d in items),
        "<dt>Kelengkapan data</dt><dd><ul>" + "".join(f"<li>{escape(q)}</li>" for q in quality) + "</ul></dd>",
    ]
    if official:
        parts.append(f"<dt>Angka resmi nasional</dt><dd>{escape(official)}</dd>")
    if r.ctx.synthetic:
        parts.append(
            "<dt>Data sintetis</dt><dd>Gudang data ini memuat baris buatan (demo/uji beban), bukan kasus nyata. "
            "Jangan mengutip angkanya.</dd>"
        )
    parts.append(
        f'<dt>Buka tampilan yang sama di dasbor</dt><dd><a href="{escape(link, quote=True)}">{escape(link)}</a></dd>'
        f"<dt>Sumber</dt><dd>{escape(r.ctx.source_line().removeprefix('Sumber: '))}. Batas wilayah: cahyadsn/wilayah_boundaries (MIT).</dd>"
        f'<p class="kecil">Dibuat {tanggal(made.date())} pukul {made:%H.%M} dari gudang data '
        f"{'internal' if r.internal else 'publik'}.</p></dl></div></section>"
    )
    return "".join(parts)


def figure_payload(doc: Document) -> str:
    return json.dumps([[div, fig] for div, fig in doc.figures])
