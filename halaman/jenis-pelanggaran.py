"""Jenis pelanggaran: by violation type, channel, position category, type x position, and how
the mix shifts as voting day nears."""

import streamlit as st

from dashboard import queries
from dashboard.charts import (
    PALETTE,
    SEQUENTIAL,
    colorbar_ticks,
    hbar,
    house_style,
    show_chart,
    unchecked_figure,
    wrap_label,
)
from dashboard.layout import context, empty_state
from dashboard.maps import is_phone
from netralitas import vocab

ctx = context("Jenis pelanggaran", "Taksonomi SKB 2022; teks asli tetap ada di kolom uraian (halaman Data)")
if empty_state(ctx):
    st.stop()
CONFIG = {"displaylogo": False}


def breakdown_chart(column: str, taxonomy: str, title: str, color: str):
    df = queries.breakdown(ctx.wh, ctx.identity, ctx.filter, column)
    labels = vocab.labels(taxonomy)
    fig = hbar([labels.get(k, k) for k in df["kode"]], df["terlapor"].tolist(), unit="ASN terlapor", color=color)
    return house_style(
        fig,
        title=title,
        subtitle=ctx.subtitle("satuan: orang"),
        source=ctx.source_line(),
        height=max(340, 150 + 36 * len(df)),  # room for labels wrapped on two lines
    )


show_chart(
    breakdown_chart("jenis_pelanggaran", "jenis_pelanggaran", "ASN terlapor per jenis pelanggaran", PALETTE[0]),
    width="stretch",
    config=CONFIG,
)
left, right = st.columns(2)
show_chart(
    container=left,
    fig=breakdown_chart("media", "media", "ASN terlapor per saluran (media)", PALETTE[1]),
    width="stretch",
    config=CONFIG,
)
show_chart(
    container=right,
    fig=breakdown_chart("kategori_jabatan", "jabatan", "ASN terlapor per kategori jabatan", PALETTE[2]),
    width="stretch",
    config=CONFIG,
)

cross = queries.crosstab(ctx.wh, ctx.identity, ctx.filter, "jenis_pelanggaran", "kategori_jabatan")
jl, kl = vocab.labels("jenis_pelanggaran"), vocab.labels("jabatan")
rows = [c for c in vocab.codes("jenis_pelanggaran") if c in set(cross["baris"])]
cols = [c for c in vocab.codes("jabatan") if c in set(cross["kolom"])]
lookup = {(r, c): n for r, c, n in cross.itertuples(index=False)}
z = [[lookup.get((r, c), 0) for c in cols] for r in rows]
# On a phone nine position columns get about 25 px each: their names stand upright, and the colour bar
# gives its width to the cells (each cell prints its number).
phone = is_phone()
heat = unchecked_figure(
    {
        "data": [
            {
                "type": "heatmap",
                "z": z,
                "x": [kl[c] if phone else wrap_label(kl[c], 9) for c in cols],
                "y": [wrap_label(jl[r], 18 if phone else 24) for r in rows],
                "colorscale": SEQUENTIAL,
                "text": [[f"{v:,}".replace(",", ".") if v else "" for v in row] for row in z],
                "texttemplate": "%{text}",
                "showscale": not phone,
                "colorbar": {"title": {"text": "orang"}, **colorbar_ticks(max(map(max, z), default=0))},
                "hovertemplate": "%{y} × %{x}: %{z:,} ASN<extra></extra>",
            }
        ],
        "layout": {
            "yaxis": {"autorange": "reversed", "automargin": True, **({"tickfont": {"size": 10}} if phone else {})},
            "xaxis": {"tickangle": -90 if phone else 0, "tickfont": {"size": 10}, "automargin": True},
        },
    }
)
show_chart(
    house_style(
        heat,
        title="Jenis pelanggaran × kategori jabatan",
        subtitle=ctx.subtitle("satuan: orang; angka di tiap sel" if phone else "satuan: orang"),
        source=ctx.source_line(),
        # a phone's rows hold three lines of type name; the upright position names need 120 px below
        height=270 + 44 * len(rows) if phone else max(420, 150 + 38 * len(rows)),
        below_axis=150 if phone else 44,
    ),
    width="stretch",
    config=CONFIG,
)

shift = queries.share_by_days_bucket(ctx.wh, ctx.identity, ctx.filter)
if len(shift):
    buckets = [b for b in queries.H_MINUS_LABELS if b in set(shift["rentang"])]
    totals = shift.groupby("rentang")["terlapor"].sum()
    # Seven colours stay distinguishable: the seven largest types, the rest as one grey band.
    top = shift.groupby("kode")["terlapor"].sum().nlargest(7).index.tolist()
    shift = shift.assign(kode=[k if k in top else "_lain" for k in shift["kode"]])
    shift = shift.groupby(["rentang", "kode"], as_index=False)["terlapor"].sum()
    bars = []
    for i, code in enumerate([c for c in vocab.codes("jenis_pelanggaran") if c in top] + ["_lain"]):
        part = shift[shift["kode"] == code].set_index("rentang")["terlapor"]
        if part.empty:
            continue
        name = jl.get(code, "Jenis lain (gabungan)")
        bars.append(
            {
                "type": "bar",
                # on a phone the band names on two lines, upright (tilted they ran into each other)
                "x": [wrap_label(b, 10) for b in buckets] if phone else buckets,
                "y": [100.0 * part.get(b, 0) / totals[b] for b in buckets],
                "name": name,
                "marker": {"color": PALETTE[i] if code != "_lain" else "#BBBBBB"},
                "hovertemplate": "%{x}: %{y:.1f}%<extra>" + name + "</extra>",
            }
        )
    layout = {
        "barmode": "stack",
        "yaxis": {"title": {"text": "% ASN terlapor dalam rentang"}, "range": [0, 100]},
        "xaxis": {"title": {"text": "Rentang hari sebelum pemungutan"}, **({"tickangle": 0} if phone else {})},
    }
    fig = unchecked_figure({"data": bars, "layout": layout})
    show_chart(
        house_style(
            fig,
            title="Pergeseran jenis pelanggaran menjelang hari pemungutan",
            subtitle=ctx.subtitle("satuan: % per rentang; hanya kasus bertanggal"),
            source=ctx.source_line(),
            height=460 + (20 * len(fig.data) if phone else 0),
            legend="atas" if phone else "kanan",
            legend_rows=len(fig.data),
            below_axis=16 if phone else 0,  # the band names' second line
        ),
        width="stretch",
        config=CONFIG,
    )
