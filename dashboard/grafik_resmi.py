"""The charts of the *Angka resmi* page, in the house style, built once per (warehouse, election,
publishers, measures) and shared: plotly.py spends tens of milliseconds building each figure, so the
built figures are kept (``st.cache_resource``: never mutated, ``st.plotly_chart`` copies them), and of
the breakdown charts only the one shown is built.

Every point carries its figure's id, publisher, date, outlet and label (hover), escaped as text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import angka_resmi as ar
from dashboard.charts import PALETTE, _esc, house_style, unchecked_figure
from dashboard.formatting import tanggal
from dashboard.warehouse import Warehouse
from netralitas import angka_resmi as vocab_resmi

FUNNEL_DIMENSIONS = ("total", "tindak_lanjut")
SYMBOLS = {"asn": "circle", "kasus": "diamond"}


def step_labels() -> dict[str, str]:
    return {t.kode: t.label for t in vocab_resmi.funnel_steps()}


def funnel_rows(df: pd.DataFrame) -> pd.DataFrame:
    """National figures of the funnel's steps (reported, proven, recommended, followed up, sanctioned)."""
    return df[
        (df["tingkat_cakupan"] == "nasional")
        & df["ukuran"].isin(list(step_labels()))
        & df["dimensi"].isin(FUNNEL_DIMENSIONS)
    ]


def breakdown_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Figures of the dimensions drawn as breakdown charts (position, violation type, stage, region…)."""
    return df[df["dimensi"].isin([t.kode for t in vocab_resmi.chart_dimensions()])]


def filters_text(pemilihan: str, penerbit: tuple[str, ...], ukuran: tuple[str, ...]) -> str:
    parts = [vocab_resmi.election_label(pemilihan)]
    for section, chosen in (("penerbit", penerbit), ("ukuran", ukuran)):
        if chosen:
            names = vocab_resmi.labels(section)
            parts.append(", ".join(names.get(v, v) for v in chosen))
    return " · ".join(parts)


def source_line(frame: pd.DataFrame, data_date: dt.date | None) -> str:
    """Publishers of the figures drawn, and the date the ETL loaded them."""
    pubs = ", ".join(sorted({ar.publisher_label(p) for p in frame["penerbit"]}))
    return f"Sumber: {pubs}, via media · dimuat {tanggal(data_date)}"


def hover(frame: pd.DataFrame) -> tuple[list, str]:
    """customdata + hovertemplate: every point names its figure, publisher, date and outlet."""
    # Column by column, not frame.to_dict("records"): pandas builds a dict per row, the slower part.
    columns = ("id_angka", "penerbit", "tanggal_data", "tanggal_terbit", "media_sumber", "nilai", "satuan", "label")
    data = [
        [
            ident,
            _esc(ar.publisher_label(penerbit)),
            _esc(ar.when_text({"tanggal_data": data_date, "tanggal_terbit": published})),
            _esc(outlet),
            _esc(ar.value_text(value, unit)),
            _esc(label),
        ]
        for ident, penerbit, data_date, published, outlet, value, unit, label in zip(
            *(frame[c].tolist() for c in columns), strict=True
        )
    ]
    template = (
        "<b>%{customdata[4]}</b><br>%{customdata[5]}<br>%{customdata[1]}, %{customdata[2]}"
        "<br>%{customdata[3]} · %{customdata[0]}<extra></extra>"
    )
    return data, template


def _short(text: str) -> str:
    return _esc(text if len(text) <= 42 else text[:40] + "…")


@st.cache_resource(show_spinner=False, max_entries=64)
def official_funnel(
    wh: Warehouse, identity: str, pemilihan: str, penerbit: tuple, ukuran: tuple, data_date: dt.date | None
) -> go.Figure | None:
    """A dot per national funnel figure on its step's line; colour = publisher, shape = unit."""
    rows = funnel_rows(ar.figures(wh, identity, pemilihan, penerbit, ukuran))
    if rows.empty:
        return None
    labels = step_labels()
    publishers = sorted(rows["penerbit"].unique())
    points = []
    for (pub, unit), part in rows.groupby(["penerbit", "satuan"], sort=True):
        data, template = hover(part)
        points.append(
            {
                "type": "scatter",
                "x": part["nilai"].to_numpy(),
                "y": [labels[u] for u in part["ukuran"]],
                "mode": "markers",
                "name": f"{ar.publisher_label(pub)} ({vocab_resmi.labels('satuan').get(unit, unit)})",
                "marker": {
                    "size": 12,
                    "color": PALETTE[publishers.index(pub) % len(PALETTE)],
                    "symbol": SYMBOLS.get(unit, "square"),
                    "line": {"width": 1, "color": "white"},
                },
                "customdata": data,
                "hovertemplate": template,
            }
        )
    layout = {
        "yaxis": {"categoryorder": "array", "categoryarray": list(labels.values())[::-1], "automargin": True},
        "xaxis": {"title": {"text": "jumlah (● ASN, ◆ kasus)"}, "tickformat": ",d", "rangemode": "tozero"},
    }
    fig = unchecked_figure({"data": points, "layout": layout})
    return house_style(
        fig,
        title=f"Angka resmi nasional: {vocab_resmi.election_label(pemilihan)}",
        subtitle=f"{filters_text(pemilihan, penerbit, ukuran)} · satuan: ASN atau kasus",
        source=source_line(rows, data_date),
        height=440,
        legend=True,
    )


def breakdown_charts(rows: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The breakdown charts an election has, in order: (dimension, unit, chart title). Worked out
    from the rows alone, so the page can list every chart and build only the one it shows."""
    dim_labels = vocab_resmi.labels("dimensi")
    units = vocab_resmi.labels("satuan")
    pairs = dict.fromkeys(zip(rows["dimensi"], rows["satuan"], strict=True))
    return [(dim, unit, f"{dim_labels.get(dim, dim)} ({units.get(unit, unit)})") for dim, unit in pairs]


@st.cache_resource(show_spinner=False, max_entries=64)
def breakdown(
    wh: Warehouse,
    identity: str,
    pemilihan: str,
    penerbit: tuple,
    ukuran: tuple,
    data_date: dt.date | None,
    dimensi: str,
    satuan: str,
) -> go.Figure:
    """One breakdown chart (a dimension in one unit): a dot per figure on its category's line, colour =
    news release, so figures of several releases for one category sit side by side."""
    rows = breakdown_rows(ar.figures(wh, identity, pemilihan, penerbit, ukuran))
    part = rows[(rows["dimensi"] == dimensi) & (rows["satuan"] == satuan)]
    releases = list(dict.fromkeys(zip(part["penerbit"], part["sumber_url"], strict=True)))
    points = []
    for k, (pub, url) in enumerate(releases):
        rel = part[(part["penerbit"] == pub) & (part["sumber_url"] == url)]
        data, template = hover(rel)
        first = rel.iloc[0].to_dict()
        points.append(
            {
                "type": "scatter",
                "x": rel["nilai"].to_numpy(),
                "y": [_short(c) for c in rel["kategori"]],
                "mode": "markers",
                "name": _esc(f"{ar.publisher_label(pub)}, {ar.when_text(first)} ({first['media_sumber'][:24]})"),
                "marker": {"size": 11, "color": PALETTE[k % len(PALETTE)], "line": {"width": 1, "color": "white"}},
                "customdata": data,
                "hovertemplate": template,
            }
        )
    unit_label = vocab_resmi.labels("satuan").get(satuan, satuan)
    categories = list(dict.fromkeys(_short(c) for c in part["kategori"]))
    layout = {
        "yaxis": {"categoryorder": "array", "categoryarray": categories[::-1], "automargin": True},
        "xaxis": {"title": {"text": unit_label}, "rangemode": "tozero"},
    }
    fig = unchecked_figure({"data": points, "layout": layout})
    ((_, _, title),) = breakdown_charts(part)  # ``part`` holds this one chart's rows
    fig = house_style(
        fig,
        title=title,
        subtitle=f"{filters_text(pemilihan, penerbit, ukuran)} · satuan: {unit_label}",
        source=source_line(part, data_date),
        height=max(360, 170 + 30 * len(categories)) + 22 * len(releases),
        legend=len(releases) > 1,
    )
    # One legend line per news release, under the source line (a legend on top would cover the
    # title on a phone).
    fig.update_layout(
        legend={"orientation": "v", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom", "yref": "container"},
        margin={"b": 70 + 22 * len(releases)},
    )
    return fig
