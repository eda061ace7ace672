"""House style for every chart: one colour-blind-safe palette (Okabe-Ito), a title that states
period and filters, the unit on the axis, and a source line with the data date, so a
screenshot pasted into a report stands alone."""

from __future__ import annotations

import hashlib
import re
import textwrap

import pandas as pd
import plotly.graph_objects as go

#: Okabe-Ito, safe for the common colour-vision deficiencies. One palette for every page.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NEUTRAL = "#E3E3E3"
SEQUENTIAL = [
    [0.0, "#9ECAE1"],
    [0.5, "#3182BD"],
    [1.0, "#08306B"],
]  # one hue; its lightest end still differs from NEUTRAL
FONT = "Source Sans Pro, Arial, sans-serif"


def house_style(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    source: str,
    height: int = 380,
    legend: bool | str = False,
    below_axis: int = 0,
    legend_rows: int = 1,
) -> go.Figure:
    """Title + period/filters subtitle on top, source and data date at the bottom-left. Long subtitles
    and source lines break at their " · " so a half-width chart or a phone never cuts them off.
    Returns a new figure (``fig`` itself is left as it was)."""
    title_lines = textwrap.wrap(str(title), 46) or [""]  # a phone-wide chart holds about 46 bold characters
    sub_lines = _wrap(subtitle, 52)
    source_lines = _wrap(source, 46)
    # The legend gets its own row under the subtitle (never over it); ``below_axis`` makes room for
    # tall tick labels (wrapped heatmap columns) so the source line never runs into them.
    # ``legend="kanan"``: a long legend stands in a column right of the plot instead.
    # ``legend="atas"``: one entry per row above the plot (a phone, where a right-hand column squeezes the plot).
    # (``"atas"`` keeps 8 px of air above the plot: the top tick label stands half above it.)
    legend_height = {True: 26, "atas": 20 * legend_rows + 14}.get(legend, 0)
    top = 60 + 18 * (len(title_lines) - 1) + 16 * len(sub_lines) + legend_height
    legend_layout = {"orientation": "h", "y": 1.0, "x": 0, "xanchor": "left", "yanchor": "bottom", "font": {"size": 11}}
    if legend == "kanan":
        legend_layout.update(orientation="v", x=1.02, yanchor="top")
    elif legend == "atas":
        plot_height = height - top - (50 + below_axis + 13 * len(source_lines))
        legend_layout.update(orientation="v", y=1 + 8 / max(plot_height, 40))
    subtitle_html = "<br>".join(_esc(line) for line in sub_lines)
    # The figure's own properties as set (``to_dict`` would turn numpy arrays into base64 specs, which
    # chart_table could not read back)
    layout = fig.layout.to_plotly_json()
    spec = {"data": [trace.to_plotly_json() for trace in fig.data], "layout": layout}
    _merge(
        layout,
        {
            "title": {
                "text": f"<b>{'<br>'.join(_esc(line) for line in title_lines)}</b><br><span style='font-size:12px;color:#444'>{subtitle_html}</span>",
                "x": 0,
                "xanchor": "left",
                # plotly hangs a multi-line title about 16 px above its anchor: anchor 22 px down, so the
                # first line starts inside the figure at any height (a fraction clipped short charts)
                "y": 1 - 22 / height,
                "yref": "container",
                "yanchor": "top",
            },
            "font": {"family": FONT, "size": 13, "color": "#222"},
            "colorway": PALETTE,
            "height": height,
            "margin": {
                "l": 10,
                "r": max(10, (layout.get("margin") or {}).get("r", 10)),
                "t": top,
                "b": 50 + below_axis + 13 * len(source_lines),
            },
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "showlegend": bool(legend),
            "legend": legend_layout,
            "separators": ",.",  # Indonesian: decimal comma, thousands dot
        },
    )
    layout["annotations"] = [
        *layout.get("annotations", ()),
        {
            "text": "<br>".join(_esc(line) for line in source_lines),
            "xref": "paper",
            "yref": "paper",
            # right-aligned under the plot: it may then reach left under the category labels, never past
            # the figure's right edge (left-aligned at the plot's start, it ran out of narrow charts)
            "x": 1,
            "y": -0.01,
            "yshift": -44 - below_axis,
            "showarrow": False,
            "xanchor": "right",
            "yanchor": "top",
            "font": {"size": 10, "color": "#555"},
            "align": "right",
        },
    ]
    # Axis text darker than the Streamlit theme's pale grey, so it passes WCAG AA (4.5:1) on white;
    # on every x and y axis (a figure always has the first of each).
    axis_style = {"gridcolor": "#EEE", "zerolinecolor": "#CCC", "tickfont": {"color": "#444444"}}
    for name in {"xaxis", "yaxis", *(k for k in layout if _AXIS.fullmatch(k))}:
        axis = layout.setdefault(name, {})
        _merge(axis, {**axis_style, "title": {"font": {"color": "#444444"}}})
    return unchecked_figure(spec)


#: Layout keys of cartesian axes: xaxis, yaxis, xaxis2 …
_AXIS = re.compile(r"[xy]axis\d*")


def _merge(target: dict, update: dict) -> None:
    """``update`` into ``target`` as plotly's ``update_layout`` does: nested settings merge, others replace."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = dict(value) if isinstance(value, dict) else value


def unchecked_figure(spec: dict) -> go.Figure:
    """A figure from a plotly spec without plotly.py's property-by-property validation, which cost
    10–15 ms a chart (most of a filter change's script time on pages of several charts). The house's
    specs are fixed code, and tests/test_dashboard_pages.py validates every chart of every page.
    ``_validate`` is plotly.py's own switch (its template loader uses it); the version is pinned, and a
    plotly.py without it would reject the keyword, which every page test would show."""
    return go.Figure(spec, _validate=False)


def _wrap(text: str, width: int) -> list[str]:
    """Split at " · " into lines of about ``width`` characters (plotly does not wrap text itself)."""
    lines: list[str] = []
    for part in str(text).split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines += textwrap.wrap(part, width) or [part]  # one long part breaks at spaces
    return lines or [""]


def wrap_label(text: str, width: int = 14) -> str:
    """A category label broken into short lines (plotly ``<br>``), so axis labels need no rotation."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(_esc(line) for line in lines)


def _esc(text: str) -> str:
    """Plotly titles accept a little HTML: escape data-derived text so it stays text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#RRGGBB`` colours (AA for text: at least 4.5)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """White or near-black text, whichever reads better on this fill."""
    return "#FFFFFF" if contrast("#FFFFFF", background) >= contrast("#111111", background) else "#111111"


def count_axis(max_value: float | int | None) -> dict:
    """Axis (or colorbar) settings for counts of people: whole numbers only, so a small count never
    gets ticks like "0,5 orang"."""
    settings: dict = {"tickformat": ",d", "rangemode": "tozero"}
    if max_value is not None and max_value <= 8:
        settings.update(dtick=1, tick0=0)
    return settings


def colorbar_ticks(max_value: float | int | None) -> dict:
    """The same whole-number rule for a colour scale's bar."""
    return {k: v for k, v in count_axis(max_value).items() if k != "rangemode"}


#: A value axis whose values are printed on the bars themselves.
BARE_VALUE_AXIS = {"showticklabels": False, "showgrid": False}


def value_margin(printed: list[str]) -> dict:
    """A right margin as wide as the longest value printed past a bar's end: plotly's axis range leaves
    no room for it (on a phone, "255.123" ran off the chart), about 8 px a character at the charts'
    13 px. house_style keeps a margin wider than its own."""
    return {"r": 6 + 8 * max(map(len, printed), default=0)}


def hbar(
    labels: list[str], values: list[int], *, unit: str, color: str = PALETTE[0], label_width: int = 28
) -> go.Figure:
    """Horizontal bars, largest on top, values printed at the bar ends in Indonesian format.
    ``label_width``: characters per line of a category name (wider where bars are thin and room is wide);
    at 28 every taxonomy label fits two lines, which the pages' row heights allow for."""
    printed = [f"{v:,}".replace(",", ".") for v in values]
    bars = {
        "type": "bar",
        "x": list(values),
        "y": [wrap_label(label, label_width) for label in labels],  # long names on two lines, not off the chart
        "orientation": "h",
        "marker": {"color": color},
        "text": printed,
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x:,} " + unit + "<extra></extra>",
    }
    layout = {
        "yaxis": {"autorange": "reversed", "automargin": True},
        # Every bar prints its value, so the value axis keeps only its title (the unit): its tick labels
        # said the same again and, tilted on a phone, ran into the title and the source line.
        "xaxis": {"title": {"text": unit}, **count_axis(max(values, default=0)), **BARE_VALUE_AXIS},
        "margin": value_margin(printed),
    }
    return unchecked_figure({"data": [bars], "layout": layout})


# ---------------------------------------------------------------------- a table beside every chart


def chart_table(fig: go.Figure) -> pd.DataFrame:
    """The numbers behind a chart, read off its traces (bars, lines, heatmap, map), for screen
    readers and for copying: the categories as rows, one column per series."""
    frames = []
    for trace in fig.data:
        name = _plain(trace.name or "Nilai")
        if trace.type == "heatmap":
            index = [_plain(v) for v in trace.y]
            return pd.DataFrame(trace.z, index=index, columns=[_plain(v) for v in trace.x]).reset_index(
                names=_plain(fig.layout.yaxis.title.text or "Kategori")
            )
        if trace.type in ("choropleth", "choroplethmap"):
            if trace.customdata is None or not len(trace.customdata):
                continue
            rows = [list(r) for r in trace.customdata if len(r) > 2 and r[2]]
            frame = pd.DataFrame(rows, columns=["Wilayah", "Kode", "Terlapor", "Terbukti", "Ditindaklanjuti PPK"])
            return frame.sort_values("Terlapor", ascending=False)
        if trace.type in ("bar", "scatter", "funnel"):
            categories, values = _categories_and_values(trace)
            if categories is None or values is None:
                continue
            frames.append(pd.Series(list(values), index=[_plain(c) for c in categories], name=name))
    if not frames:
        return pd.DataFrame()
    table = pd.concat(frames, axis=1).fillna(0)
    return table.reset_index(names="Kategori")


def has_table(fig: go.Figure) -> bool:
    """Whether :func:`chart_table` of ``fig`` has rows, read off the traces the same way without
    building it: every chart asks on every rerun, and the table itself is needed only while its
    expander is open (building it for five charts was a tenth of a filter change's script time)."""
    bars = False
    for trace in fig.data:
        if trace.type == "heatmap":
            rows = trace.z if trace.z is not None else trace.y
            return rows is not None and len(rows) > 0
        if trace.type in ("choropleth", "choroplethmap"):
            if trace.customdata is None or not len(trace.customdata):
                continue
            return any(len(r) > 2 and r[2] for r in trace.customdata)
        if trace.type in ("bar", "scatter", "funnel"):
            categories, values = _categories_and_values(trace)
            if categories is not None and values is not None and len(categories) > 0:
                bars = True
    return bars


def _categories_and_values(trace) -> tuple:
    """A bar, line or funnel trace's (categories, values), whichever axis each lies on."""
    orientation = getattr(trace, "orientation", None)
    horizontal = orientation == "h" or (trace.type == "funnel" and orientation != "v")  # funnels lie down
    return (trace.y, trace.x) if horizontal else (trace.x, trace.y)


def _plain(value: object) -> str:
    return str(value).replace("<br>", " ")


def show_chart(fig: go.Figure, *, table: pd.DataFrame | None = None, container=None, **kwargs):
    """``st.plotly_chart`` plus a "Lihat sebagai tabel" expander with the same numbers. The table is
    only sent while its expander is open (a closed expander's content is still drawn by the browser:
    a hidden data grid per chart, rebuilt on every filter change, slowed the redraw)."""
    import streamlit as st

    where = container if container is not None else st
    kwargs.setdefault("width", "stretch")
    kwargs.setdefault("config", {"displaylogo": False})
    result = where.plotly_chart(fig, **kwargs)
    if len(table) if table is not None else has_table(fig):
        title = str(fig.layout.title.text or "")
        # Keyed by the chart's own title (not its filter subtitle): an open table stays open when a filter changes.
        name = title.split("</b>", 1)[0]
        box = where.expander(
            "Lihat sebagai tabel", key="tabel-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12], on_change="rerun"
        )
        if box.open:
            box.dataframe(
                table if table is not None else chart_table(fig),
                hide_index=True,
                width="stretch",
                key="tabel-data-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:12],
            )
    return result
