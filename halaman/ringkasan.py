"""Ringkasan: the leadership view. KPIs with change against the previous period, cases by
election, top regions, a small map."""

import streamlit as st

from dashboard import queries
from dashboard.angka_resmi import official_totals_line
from dashboard.charts import PALETTE, hbar, house_style
from dashboard.formatting import angka, persen
from dashboard.layout import context, empty_state
from dashboard.maps import choropleth
from netralitas import vocab

ctx = context("Ringkasan netralitas ASN", "ASN terlapor, terbukti dan sanksi untuk filter yang aktif")
if empty_state(ctx):
    st.stop()

k = queries.kpis(ctx.wh, ctx.identity, ctx.filter)
prev_filter = ctx.filter.previous_period()
prev = queries.kpis(ctx.wh, ctx.identity, prev_filter) if prev_filter else None


def delta(key: str, value, as_pct_point: bool = False):
    if prev is None or prev.get(key) is None or value is None:
        return None
    diff = value - prev[key]
    return (angka(diff, 1) + " poin") if as_pct_point else angka(diff)


pct_terbukti = 100.0 * k["terbukti"] / k["terlapor"] if k["terlapor"] else None
pct_tl = 100.0 * k["ditindaklanjuti"] / k["terbukti"] if k["terbukti"] else None
prev_pct_tl = (100.0 * prev["ditindaklanjuti"] / prev["terbukti"]) if prev and prev["terbukti"] else None
c = st.columns(5)
c[0].metric(
    "ASN terlapor",
    angka(k["terlapor"]),
    delta("terlapor", k["terlapor"]),
    delta_color="off",
    help=f"{angka(k['kasus'])} kasus; satu baris per ASN terlapor per kasus",
)
c[1].metric(
    "Terbukti",
    f"{angka(k['terbukti'])} ({persen(k['terbukti'], k['terlapor'])})",
    delta("terbukti", k["terbukti"]),
    delta_color="off",
)
c[2].metric("Sanksi dijatuhkan", angka(k["sanksi"]), delta("sanksi", k["sanksi"]), delta_color="off")
c[3].metric(
    "Ditindaklanjuti PPK",
    persen(k["ditindaklanjuti"], k["terbukti"]),
    None if prev_pct_tl is None or pct_tl is None else angka(pct_tl - prev_pct_tl, 1) + " poin",
    help="Persentase ASN terbukti yang sudah dijatuhi sanksi oleh PPK",
)
c[4].metric(
    "Median laporan → sanksi",
    "–" if k["median_hari"] is None else f"{angka(k['median_hari'])} hari",
    None
    if not prev or prev.get("median_hari") is None or k["median_hari"] is None
    else angka(k["median_hari"] - prev["median_hari"]) + " hari",
    delta_color="inverse",
)
if prev_filter:
    st.caption(f"Perubahan dibanding periode sebelumnya yang sama panjang: {prev_filter.period_text()}.")
else:
    st.caption(
        "Pilih periode (Dari–Sampai) di panel kiri untuk melihat perubahan dibanding periode sebelumnya yang sama panjang."
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
    st.plotly_chart(
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
    st.plotly_chart(
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
    ctx, "kabupaten_kota", "terlapor", height=460, title="Sebaran ASN terlapor per kabupaten/kota", zoom=3.7
)
if fig is not None:
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
n_prov = queries.province_level_count(ctx.wh, ctx.identity, ctx.filter)
if n_prov:
    st.caption(
        f"{angka(n_prov)} ASN terlapor pada kasus tingkat provinsi (mis. pegawai Pemprov) tidak tampil di peta "
        "kabupaten/kota; lihat halaman Peta, lapisan provinsi."
    )
