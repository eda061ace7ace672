"""Text colours pass WCAG AA (4.5:1) on white, text inside coloured chart segments reads on its fill,
and every chart offers its numbers as a table."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.charts import PALETTE, chart_table, contrast, has_table, hbar, house_style, text_on, wrap_label
from dashboard.layout import CAPTION_COLOUR


def test_text_colours_pass_wcag_aa_on_white():
    assert contrast("#000000", "#FFFFFF") == 21.0  # the formula itself
    for colour in ("#222222", "#444444", "#555555", CAPTION_COLOUR):
        assert contrast(colour, "#FFFFFF") >= 4.5, colour
    assert contrast("#808495", "#FFFFFF") < 4.5  # Streamlit's own pale grey, which we override


def test_text_on_every_palette_colour_passes_aa():
    for fill in PALETTE[:6]:
        assert contrast(text_on(fill), fill) >= 4.5, fill


def test_every_chart_kind_has_its_numbers_as_a_table():
    bars = house_style(
        hbar(["Pilkada 2024", "Pemilu 2019"], [62, 28], unit="orang"), title="t", subtitle="s", source="x"
    )
    table = chart_table(bars)
    assert table.to_dict("list") == {"Kategori": ["Pilkada 2024", "Pemilu 2019"], "Nilai": [62, 28]}
    heat = go.Figure(
        go.Heatmap(z=[[1, 0], [3, 4]], x=[wrap_label("Camat/lurah/kepala wilayah", 9), "PPPK"], y=["A", "B"])
    )
    table = chart_table(heat)
    assert list(table.columns) == ["Kategori", "Camat/lurah/kepala wilayah", "PPPK"] and table.iloc[1, 1] == 3
    funnel = go.Figure(go.Funnel(y=["Dilaporkan", "Terbukti"], x=[161, 73], name="ASN"))
    assert chart_table(funnel)["ASN"].tolist() == [161, 73]
    assert all(has_table(fig) for fig in (bars, heat, funnel))


def test_a_chart_without_numbers_offers_no_table():
    """The expander is offered only for a chart whose table has rows (``has_table`` decides without
    building the table)."""
    empty = (
        go.Figure(),
        go.Figure(go.Bar(x=[], y=[])),
        go.Figure(go.Heatmap(z=[], x=[], y=[])),
        go.Figure(go.Choropleth(locations=["a"], z=[0], customdata=[["Kota A", "a", 0, 0, 0]])),
    )
    for fig in empty:
        assert not has_table(fig) and len(chart_table(fig)) == 0
