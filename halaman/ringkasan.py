"""Ringkasan: the leadership view. KPIs with change against the previous period, cases by
election, top regions, a small map."""

import streamlit as st

from dashboard import queries
from dashboard.angka_resmi import official_totals_line
from dashboard.charts import PALETTE, hbar, house_style, show_chart
from dashboard.filters import COMPARISONS
from dashboard.formatting import angka, persen
from dashboard.layout import FILTER_PANEL, context, empty_state
from dashboard.maps import choropleth, map_config
from netralitas import vocab

ctx = context("Ringkasan netralitas ASN", "ASN terlapor, terbukti dan sanksi untuk filter yang aktif")
if empty_state(ctx):
    st.stop()

k = queries.kpis(ctx.wh, ctx.identity, ctx.filter)
prev_filter = ctx.filter.comparison()
prev = queries.kpis(ctx.wh, ctx.identity, prev_filter) if prev_filter else None


def change(now: float | None, before: float | None, unit: str = "", points: bool = False) -> tuple[str | None, str]:
    """The delta text (change, % change, previous value) and whether it gets an arrow."""
    if now is None or before is None:
        return None, "off"
    diff = now - before
    sign = "+" if diff > 0 else ("-" if diff < 0 else "±")  # ASCII minus: Streamlit reads it for the arrow
    if points:
        text = f"{sign}{angka(abs(diff), 1)} poin (dari {angka(before, 1)}%)"
    else:
        pct = f" ({sign}{angka(abs(100.0 * diff / before))}%)" if before else ""
        text = f"{sign}{angka(abs(diff))}{pct} dari {angka(before)}{unit}"
    return text, ("off" if diff == 0 else "auto")


def kpi(column, label: str, value: str, delta: tuple[str | None, str], **kwargs) -> None:
    text, arrow = delta
    if arrow == "off":  # no change: no arrow, no colour
        kwargs["delta_color"] = "off"
    column.metric(label, value, text, delta_arrow=arrow, **kwargs)


def unmeasured(column, label: str, why: str, help_text: str | None = None) -> None:
    """A KPI with no data behind it says why, instead of a bare dash."""
    column.metric(label, "Belum ada", why, delta_color="off", delta_arrow="off", help=help_text)


pct_tl = 100.0 * k["ditindaklanjuti"] / k["terbukti"] if k["terbukti"] else None
prev_pct_tl = (100.0 * prev["ditindaklanjuti"] / prev["terbukti"]) if prev and prev["terbukti"] else None
c = st.columns(5)
kpi(
    c[0],
    "ASN terlapor",
    angka(k["terlapor"]),
    change(k["terlapor"], prev and prev["terlapor"]),
    delta_color="off",
    help=f"{angka(k['kasus'])} kasus; satu baris per ASN terlapor per kasus",
)
kpi(
    c[1],
    "Terbukti",
    f"{angka(k['terbukti'])} ({persen(k['terbukti'], k['terlapor'])})",
    change(k["terbukti"], prev and prev["terbukti"]),
    delta_color="off",
)
kpi(c[2], "Sanksi dijatuhkan", angka(k["sanksi"]), change(k["sanksi"], prev and prev["sanksi"]), delta_color="off")
tl_help = "Persentase ASN terbukti yang sudah dijatuhi sanksi oleh PPK"
if pct_tl is None:
    unmeasured(c[3], "Ditindaklanjuti PPK", "tanpa ASN terbukti", tl_help)
else:
    kpi(
        c[3],
        "Ditindaklanjuti PPK",
        persen(k["ditindaklanjuti"], k["terbukti"]),
        change(pct_tl, prev_pct_tl, points=True),
        help=tl_help,
    )
median_help = "Median hari dari tanggal laporan ke tanggal sanksi, untuk baris yang punya keduanya"
if k["median_hari"] is None:
    unmeasured(c[4], "Median laporan → sanksi", "tanpa tanggal sanksi", median_help)
else:
    kpi(
        c[4],
        "Median laporan → sanksi",
        f"{angka(k['median_hari'])} hari",
        change(k["median_hari"], prev and prev.get("median_hari"), unit=" hari"),
        delta_color="inverse",
        help=median_help,
    )
if prev_filter:
    st.caption(f"Perubahan dibanding {COMPARISONS[ctx.filter.banding].lower()}: {prev_filter.period_text()}.")
else:
    st.caption(
        f"Pilih periode di {FILTER_PANEL} (mis. *3 bulan terakhir* atau *Masa kampanye*) untuk melihat perubahan "
        "dibanding periode sebelumnya atau periode yang sama setahun sebelumnya."
    )

if len(ctx.filter.pemilihan) == 1 and (resmi := official_totals_line(ctx.filter.pemilihan[0], ctx.wh)):
    st.caption(resmi)  # the official national totals beside ours (issue 14); the page has them all
    st.page_link(
        "halaman/angka-resmi.py", label="Semua angka resmi", query_params={"pemilihan": ctx.filter.pemilihan[0]}
    )

left, right = st.columns([1, 1])
with left:
    by_election = queries.breakdown(ctx.wh, ctx.identity, ctx.filter, "pemilihan")
    names = vocab.election_names()
    labels = [names.get(x, "Tidak diketahui") if x else "Tidak diketahui" for x in by_election["kode"]]
    fig = hbar(labels, by_election["terlapor"].tolist(), unit="ASN terlapor", color=PALETTE[0])
    show_chart(
        house_style(
            fig, title="ASN terlapor per pemilihan", subtitle=ctx.subtitle("satuan: orang"), source=ctx.source_line()
        ),
        width="stretch",
        config={"displaylogo": False},
    )
with right:
    top = queries.by_region(ctx.wh, ctx.identity, ctx.filter, "provinsi").nlargest(10, "terlapor")
    fig = hbar(
        [ctx.names.get(c, c) for c in top["kode"]], top["terlapor"].tolist(), unit="ASN terlapor", color=PALETTE[1]
    )
    show_chart(
        house_style(
            fig,
            title="10 provinsi dengan ASN terlapor terbanyak",
            subtitle=ctx.subtitle("satuan: orang"),
            source=ctx.source_line(),
        ),
        width="stretch",
        config={"displaylogo": False},
    )

fig = choropleth(
    ctx, "kabupaten_kota", "terlapor", height=460, title="Sebaran ASN terlapor per kabupaten/kota", outlines=False
)
if fig is not None:
    show_chart(fig, width="stretch", config=map_config())
n_prov = queries.province_level_count(ctx.wh, ctx.identity, ctx.filter)
if n_prov:
    st.caption(
        f"{angka(n_prov)} ASN terlapor pada kasus tingkat provinsi (mis. pegawai Pemprov) tidak tampil di peta "
        "kabupaten/kota; lihat halaman Peta, lapisan provinsi."
    )
