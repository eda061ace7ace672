"""Tren: ASN terlapor per week, counted in days before voting day (H-), with the election's
milestones from the calendar, a cumulative line, and elections compared on the same axis."""

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.charts import PALETTE, count_axis, house_style, show_chart, unchecked_figure
from dashboard.formatting import angka, tanggal
from dashboard.layout import context, empty_state
from dashboard.maps import is_phone
from netralitas import vocab


def _tick(v: int) -> str:
    return "Hari H" if v == 0 else (f"H{v}" if v < 0 else f"H+{v}")


#: The H- axis of both charts: a tick every two weeks, written H-140 (never a bare "−140").
H_AXIS = {
    "title": {"text": "Hari sebelum pemungutan suara (H-)"},
    "tickvals": list(range(-280, 57, 14)),
    "ticktext": [_tick(v) for v in range(-280, 57, 14)],
}


def h_axis(phone: bool) -> dict:
    """The H- axis; a phone gets a tick every twelve weeks, so the ticks stay level and apart (every six
    weeks, "H-252" to "Hari H" ran into each other on a 390 px screen)."""
    axis = {**H_AXIS, "title": dict(H_AXIS["title"])}  # a copy: the figure's layout is styled later
    if phone:
        values = list(range(-252, 57, 84))
        axis.update(tickvals=values, ticktext=[_tick(v) for v in values], tickangle=0)
    return axis


def with_zero_weeks(part: pd.DataFrame) -> pd.DataFrame:
    """Every week between an election's first and last counted week, a week without cases as 0, so a
    line never runs straight across empty weeks."""
    if part.empty:
        return part
    weeks = range(int(part["minggu"].min()), int(part["minggu"].max()) + 1)
    counts = dict(zip(part["minggu"], part["terlapor"], strict=True))
    return pd.DataFrame({"minggu": list(weeks), "terlapor": [int(counts.get(w, 0)) for w in weeks]})


ctx = context("Tren menjelang hari pemungutan suara", "Sumbu waktu dihitung mundur dari hari pemungutan (H-)")
if empty_state(ctx):
    st.stop()

weekly = queries.weekly_by_days_before(ctx.wh, ctx.identity, ctx.filter)
missing = queries.undated(ctx.wh, ctx.identity, ctx.filter)
total = queries.count_rows(ctx.wh, ctx.identity, ctx.filter)
st.info(
    f"{angka(missing['tanpa_h'])} dari {angka(total)} ASN terlapor tidak masuk grafik ini karena tanggal kejadiannya "
    f"tidak diketahui sampai ke hari ({angka(missing['tanpa_tanggal'])} tanpa tanggal, {angka(missing['kasar'])} hanya "
    f"bulan/tahun) atau pemilihannya tidak diketahui ({angka(missing['tanpa_pemilihan'])})."
)
present = [e for e in queries.elections_present(ctx.wh, ctx.identity) if e in set(weekly["pemilihan"])]
if not present:
    st.warning("Tidak ada kasus bertanggal (presisi hari) untuk filter ini.")
    st.stop()
names = vocab.election_names()
chosen = st.selectbox("Pemilihan", present, format_func=names.get, key="tren_pemilihan", bind="query-params")
election = vocab.election(chosen)
one = with_zero_weeks(weekly[(weekly["pemilihan"] == chosen) & weekly["minggu"].between(-8, 40)])
one = one.sort_values("minggu", ascending=False)
x = [-(w * 7 + 3.5) for w in one["minggu"]]  # bar centred on its week, negative = before the vote
# The figure as a plotly spec, built without plotly.py's property checks (charts.unchecked_figure).
traces = [
    {
        "type": "bar",
        "x": x,
        "y": one["terlapor"].to_numpy(),
        "name": "ASN terlapor per minggu",
        "marker": {"color": PALETTE[0]},
        "width": 6.2,
        "customdata": [[w * 7 + 6, w * 7] for w in one["minggu"]],
        "hovertemplate": "H-%{customdata[0]} s.d. H-%{customdata[1]}: %{y:,} ASN<extra></extra>",
    },
    {
        "type": "scatter",
        "x": x,
        "y": one["terlapor"].cumsum().to_numpy(),
        "name": "Kumulatif",
        "yaxis": "y2",
        "mode": "lines",
        "line": {"color": PALETTE[5], "width": 2.5},
    },
]
phone = is_phone()
shapes, labels = [], []
full_height = {"xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}  # a band or line from the axis to the top
for i, m in enumerate(election.tahapan):
    h = (election.pemungutan - m.mulai).days
    if m.selesai:
        h_end = (election.pemungutan - m.selesai).days
        band = {"fillcolor": PALETTE[4], "opacity": 0.12, "line": {"width": 0}}
        shapes.append({"type": "rect", "x0": -h, "x1": -h_end, **band, **full_height})
    shapes.append({"type": "line", "x0": -h, "x1": -h, "line": {"dash": "dot", "color": "#666"}, **full_height})
    if phone:  # no room for labels on a phone: the milestones are listed under the chart instead
        continue
    # Milestones close together (penetapan paslon, kampanye) get their labels on separate rows.
    labels.append(
        {
            "x": -h,
            "y": 1.0,
            "yref": "paper",
            "text": f"{m.nama} ({tanggal(m.mulai)})",
            "showarrow": False,
            "xanchor": "right" if h < 20 else "left",
            "yanchor": "top",
            "font": {"size": 10, "color": "#333"},
            "yshift": -16 * (i % 3),
            "bgcolor": "rgba(255,255,255,0.85)",
        }
    )
layout = {
    "shapes": shapes,
    "annotations": labels,
    "yaxis": {"title": {"text": "ASN terlapor per minggu"}, **count_axis(one["terlapor"].max())},
    "yaxis2": {
        "title": {"text": "Kumulatif (orang)"},
        "overlaying": "y",
        "side": "right",
        "showgrid": False,
        **count_axis(one["terlapor"].sum()),
        "range": [0, one["terlapor"].sum() * 1.08],
    },
    "xaxis": h_axis(phone),
}
fig = unchecked_figure({"data": traces, "layout": layout})
fig = house_style(
    fig,
    title=f"ASN terlapor per minggu menjelang {election.nama} (pemungutan {tanggal(election.pemungutan)})",
    subtitle=ctx.subtitle("satuan: orang per minggu"),
    source=ctx.source_line(),
    height=460,
    legend=True,
)
show_chart(
    fig,
    table=pd.DataFrame(
        {
            "Minggu": [
                f"H-{w * 7 + 6} s.d. H-{w * 7}" if w >= 0 else f"H+{-w * 7 - 6} s.d. H+{-w * 7}" for w in one["minggu"]
            ],
            "ASN terlapor": one["terlapor"].tolist(),
            "Kumulatif": one["terlapor"].cumsum().tolist(),
        }
    ),
)
if phone:
    st.caption(
        "Garis titik-titik, dari kiri: "
        + "; ".join(
            f"{m.nama} ({tanggal(m.mulai)}, {_tick(-(election.pemungutan - m.mulai).days)})" for m in election.tahapan
        )
        + "."
    )

st.subheader("Perbandingan antarpemilihan pada sumbu H- yang sama")
lines = []
for i, code in enumerate(present):
    part = with_zero_weeks(weekly[(weekly["pemilihan"] == code) & (weekly["minggu"].between(-8, 40))])
    part = part.sort_values("minggu", ascending=False)
    lines.append(
        {
            "type": "scatter",
            "x": [-(w * 7 + 3.5) for w in part["minggu"]],
            "y": part["terlapor"].to_numpy(),
            "mode": "lines+markers",
            "name": names.get(code, code),
            "line": {"color": PALETTE[i % len(PALETTE)], "width": 2},
        }
    )
weekly_shown = weekly[weekly["minggu"].between(-8, 40)]["terlapor"]
cmp = unchecked_figure(
    {
        "data": lines,
        "layout": {
            "yaxis": {"title": {"text": "ASN terlapor per minggu"}, **count_axis(weekly_shown.max())},
            "xaxis": h_axis(phone),
        },
    }
)
cmp = house_style(
    cmp,
    title="ASN terlapor per minggu, semua pemilihan pada sumbu H-",
    subtitle=ctx.subtitle("satuan: orang per minggu; minggu tanpa kasus = 0"),
    source=ctx.source_line(),
    # A phone wraps a row of several elections over the subtitle: one entry per row above the plot instead.
    height=420 + (20 * len(lines) if phone else 0),
    legend="atas" if phone else True,
    legend_rows=len(lines),
)
# One count per (election, week) from the query: a pivot, whole numbers (pivot_table averaged them into floats)
compared = (
    weekly[weekly["minggu"].between(-8, 40)]
    .pivot(index="minggu", columns="pemilihan", values="terlapor")
    .fillna(0)
    .astype("int64")
)
if len(compared):
    compared = compared.reindex(range(int(compared.index.min()), int(compared.index.max()) + 1), fill_value=0)
show_chart(
    cmp,
    table=compared.sort_index(ascending=False)
    .rename(columns=lambda c: names.get(c, c))
    .rename(index=lambda w: f"H-{w * 7 + 6} s.d. H-{w * 7}" if w >= 0 else f"sesudah hari H ({-w})")
    .reset_index(names="Minggu"),
)
