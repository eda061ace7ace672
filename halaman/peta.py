"""Peta: choropleth of the 514 kabupaten/kota (or the 38 provinces). Clicking a region filters
the whole dashboard to it."""

import streamlit as st

from dashboard import queries
from dashboard.charts import show_chart
from dashboard.formatting import angka
from dashboard.layout import FILTER_PANEL, context, empty_state
from dashboard.maps import METRICS, choropleth, map_config

ctx = context("Peta kasus netralitas ASN", "Klik sebuah wilayah untuk memfilter seluruh dasbor ke wilayah itu")
if empty_state(ctx):
    st.stop()


def _on_select() -> None:
    """Copy the clicked region into the shared filter (the figure's own selection resets on redraw)."""
    event = st.session_state.get("peta_klik")
    points = (
        (event or {}).get("selection", {}).get("points", [])
        if isinstance(event, dict)
        else (event.selection.points if event is not None else [])
    )
    codes = [p.get("location") for p in points if p.get("location")]
    if not codes:
        return
    if st.session_state.get("peta_tingkat") == "provinsi":
        st.session_state["f_provinsi"] = codes
        st.session_state["f_wilayah"] = []
    else:
        st.session_state["f_wilayah"] = codes


c1, c2 = st.columns([1, 2])
level = c1.radio(
    "Lapisan",
    ["kabupaten_kota", "provinsi"],
    key="peta_tingkat",
    horizontal=True,
    format_func={"kabupaten_kota": "Kabupaten/kota", "provinsi": "Provinsi"}.get,
)
metric = c2.radio("Ukuran", list(METRICS), key="peta_ukuran", horizontal=True, format_func=lambda m: METRICS[m][0])

# The map takes the whole row, the ranking comes below it: the country is a wide strip (about 2.6 : 1),
# so beside a table it was drawn a third as tall.
fig = choropleth(ctx, level, metric, outlines=False)
if fig is None:
    st.error("Lapisan peta tidak ada di gudang data. Jalankan ulang `python -m etl run`.")
    st.stop()
show_chart(
    fig,
    width="stretch",
    key="peta_klik",
    on_select=_on_select,
    selection_mode="points",
    config=map_config(scrollZoom=True),
)

n_prov = queries.province_level_count(ctx.wh, ctx.identity, ctx.filter)
if level == "kabupaten_kota" and n_prov:
    st.info(
        f"{angka(n_prov)} ASN terlapor pada kasus tingkat provinsi (tanpa kabupaten/kota, mis. pegawai Pemprov) "
        "tidak tampil di lapisan ini. Pilih lapisan **Provinsi** untuk melihatnya."
    )
if ctx.filter.wilayah:
    st.caption(
        "Filter wilayah aktif: "
        + ", ".join(ctx.names.get(c, c) for c in ctx.filter.wilayah)
        + f". Hapus lewat {FILTER_PANEL}."
    )

table = queries.by_region(ctx.wh, ctx.identity, ctx.filter, level)
if len(table):
    table = table.assign(wilayah=[ctx.names.get(c, c) for c in table["kode"]]).sort_values(
        ["terlapor", "wilayah"], ascending=[False, True]
    )
    st.markdown(f"**Peringkat wilayah** ({angka(len(table))} wilayah, terbanyak di atas)")
    st.dataframe(
        table[["wilayah", "kode", "terlapor", "terbukti", "ditindaklanjuti"]],
        hide_index=True,
        width="stretch",
        height=420 if len(table) > 10 else "auto",  # scrolls past ten regions; a short list stays short
        column_config={
            "wilayah": st.column_config.TextColumn("Wilayah", width="medium"),
            "kode": st.column_config.TextColumn("Kode", width="small"),
            "terlapor": st.column_config.NumberColumn("Terlapor"),
            "terbukti": st.column_config.NumberColumn("Terbukti"),
            "ditindaklanjuti": st.column_config.NumberColumn(
                "Ditindaklanjuti PPK", help="ASN terbukti yang sanksinya sudah dijatuhkan PPK"
            ),
        },
    )
