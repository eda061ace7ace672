"""Angka resmi: the figures KASN, BKN, Bawaslu and Kemendagri gave (as the press reported them) for
one election, beside this dashboard's own counts, with every contradiction shown and every number
linked to its source. The election is the sidebar's Pemilihan filter; ``penerbit`` and ``ukuran``
are this page's own URL keys."""

import plotly.graph_objects as go
import streamlit as st

from dashboard import angka_resmi as ar
from dashboard import queries
from dashboard.charts import PALETTE, _esc, hbar, house_style
from dashboard.export import frame_csv_bytes, frame_xlsx_bytes, table_columns
from dashboard.filters import Filter
from dashboard.formatting import angka, tanggal
from dashboard.layout import context
from netralitas import angka_resmi as vocab_resmi
from netralitas import schema

CONFIG = {"displaylogo": False}
STEP_LABELS = {t.kode: t.label for t in vocab_resmi.funnel_steps()}
PAGE_KEYS = {"penerbit": vocab_resmi.labels("penerbit"), "ukuran": vocab_resmi.labels("ukuran")}

ctx = context(
    "Angka resmi",
    "Angka KASN, BKN, Bawaslu dan Kemendagri seperti dikutip media, di samping data kasus dasbor ini",
)
if not ar.has_table(ctx.wh):
    st.info("Gudang data ini dibangun sebelum ada tabel angka resmi. Jalankan ulang `python -m etl run`.")
    st.stop()
options = [p for p in ar.elections(ctx.wh, ctx.identity) if p != ar.OTHER]
if not options:
    st.info("Belum ada angka resmi di gudang data (berkas `data/referensi/statistik_resmi.csv` kosong atau tidak ada).")
    st.stop()

# ------------------------------------------------------------------ controls (all in the URL)


def _sync_election() -> None:
    """The page's election is the shared Pemilihan filter: choosing here sets the sidebar (and the URL)."""
    st.session_state["f_pemilihan"] = [st.session_state["ar_pemilihan"]]


if not st.session_state.get("_ar_init"):
    for key, allowed in PAGE_KEYS.items():
        wanted = [v.strip() for v in st.query_params.get(key, "").split(",") if v.strip()]
        st.session_state[f"ar_{key}"] = [v for v in wanted if v in allowed]
        for bad in [v for v in wanted if v not in allowed]:
            st.warning(f"Parameter `{key}={ar.md_text(bad[:40])}` tidak dikenal dan diabaikan.")
    st.session_state["_ar_init"] = True
chosen = [p for p in ctx.filter.pemilihan if p in options]
st.session_state["ar_pemilihan"] = chosen[0] if chosen else options[-1]  # default: the latest election
c1, c2, c3 = st.columns(3)
c1.selectbox("Pemilihan", options, format_func=vocab_resmi.election_label, key="ar_pemilihan", on_change=_sync_election)
c2.multiselect(
    "Penerbit", list(PAGE_KEYS["penerbit"]), format_func=PAGE_KEYS["penerbit"].get, key="ar_penerbit",
    placeholder="Semua penerbit",
)  # fmt: skip
c3.multiselect(
    "Ukuran", list(PAGE_KEYS["ukuran"]), format_func=PAGE_KEYS["ukuran"].get, key="ar_ukuran",
    placeholder="Semua ukuran",
)  # fmt: skip
for key in PAGE_KEYS:
    value = ",".join(st.session_state[f"ar_{key}"])
    if value and st.query_params.get(key) != value:
        st.query_params[key] = value
    elif not value and key in st.query_params:
        del st.query_params[key]
pemilihan = st.session_state["ar_pemilihan"]
name = vocab_resmi.election_label(pemilihan)
if len(ctx.filter.pemilihan) > 1:
    st.caption(f"Halaman ini menampilkan satu pemilihan: {name}.")
st.caption(
    "Pilihan pemilihan di sini sama dengan filter Pemilihan di panel kiri. Filter wilayah, periode, jenis, hasil "
    "dan sanksi tidak berlaku untuk angka resmi: angka itu seperti disampaikan penerbitnya."
)
penerbit, ukuran = tuple(st.session_state["ar_penerbit"]), tuple(st.session_state["ar_ukuran"])
df = ar.figures(ctx.wh, ctx.identity, pemilihan, penerbit, ukuran)
everything = ar.figures(ctx.wh, ctx.identity, pemilihan)
filters_text = " · ".join(
    [name] + [", ".join(PAGE_KEYS[k][v] for v in sel) for k, sel in (("penerbit", penerbit), ("ukuran", ukuran)) if sel]
)


def source_line(frame) -> str:
    """Publishers and outlets of the figures drawn, and the date the ETL loaded them."""
    pubs = ", ".join(sorted({ar.publisher_label(p) for p in frame["penerbit"]}))
    return f"Sumber: {pubs}, via media · dimuat {tanggal(ctx.data_date)}"


def figure_table(frame):
    """The figures as a table: each with its value in Indonesian form, who said it, when, and the link."""
    return frame.assign(
        angka=[ar.value_text(n, s) for n, s in zip(frame["nilai"], frame["satuan"], strict=True)],
        penerbit_label=[ar.publisher_label(p) for p in frame["penerbit"]],
        data_per=[tanggal(d) if d else "" for d in frame["tanggal_data"]],
        disampaikan=[tanggal(d) if d else "" for d in frame["tanggal_terbit"]],
        kontradiksi=frame["id_kontradiksi"].fillna(""),
    )[
        [
            "id_angka",
            "label",
            "angka",
            "penerbit_label",
            "cakupan",
            "data_per",
            "disampaikan",
            "media_sumber",
            "sumber_url",
            "kontradiksi",
        ]
    ]


TABLE_CONFIG = {
    "id_angka": "ID",
    "label": st.column_config.TextColumn("Angka untuk", width="large"),
    "angka": "Angka",
    "penerbit_label": "Penerbit",
    "cakupan": "Cakupan",
    "data_per": "Data per",
    "disampaikan": "Disampaikan",
    "media_sumber": "Media",
    "sumber_url": st.column_config.LinkColumn("Tautan", display_text="buka berita"),
    "kontradiksi": "Kontradiksi",
}


def show_table(frame) -> None:
    st.dataframe(figure_table(frame), hide_index=True, width="stretch", column_config=TABLE_CONFIG)


def hover(frame) -> tuple[list, str]:
    """customdata + hovertemplate: every point names its figure, publisher, date and outlet."""
    # Plotly reads a little HTML in hover text: data text is escaped so it stays text.
    data = [
        [i, _esc(ar.publisher_label(p)), _esc(ar.when_text(r)), _esc(m), _esc(ar.value_text(n, s)), _esc(lab)]
        for i, p, r, m, n, s, lab in zip(
            frame["id_angka"],
            frame["penerbit"],
            frame.to_dict("records"),
            frame["media_sumber"],
            frame["nilai"],
            frame["satuan"],
            frame["label"],
            strict=True,
        )
    ]
    template = "<b>%{customdata[4]}</b><br>%{customdata[5]}<br>%{customdata[1]}, %{customdata[2]}<br>%{customdata[3]} · %{customdata[0]}<extra></extra>"
    return data, template


# ------------------------------------------------------------------ coverage

st.subheader(f"Cakupan data dasbor ini: {name}")
ours = ar.our_reported(ctx.wh, ctx.identity, pemilihan)
ref = ar.reference_figure(ctx.wh, ctx.identity, pemilihan)
if ref:
    st.markdown(
        f"Data kasus di dasbor ini mencakup **{ar.md_text(angka(ours))}** dari **{ar.md_text(angka(ref['nilai']))}** "
        f"ASN yang dilaporkan menurut {ar.md_text(ar.publisher_label(ref['penerbit']))} untuk {ar.md_text(name)} "
        f"(angka nasional terbaru, {ar.md_text(ar.when_text(ref))}, "
        f"[{ar.md_text(ref['media_sumber'])}]({ar.md_url(ref['sumber_url'])}), ID {ar.md_text(ref['id_angka'])})\\. "
        "Angka dasbor ini dari register dan berita yang terkumpul, bukan total nasional\\."
    )
else:
    st.markdown(
        f"Belum ada angka resmi nasional ASN dilaporkan untuk {ar.md_text(name)}\\. Dasbor ini memuat "
        f"**{ar.md_text(angka(ours))}** ASN terlapor untuk pemilihan ini, bukan total nasional\\."
    )
if not ours:
    st.info(f"Belum ada kasus {name} di dasbor ini; angka resmi tetap ditampilkan di bawah.")
if df.empty:
    st.info("Tidak ada angka resmi untuk pilihan ini. Kosongkan pilihan Penerbit atau Ukuran.")
    st.stop()

# ------------------------------------------------------------------ funnel: theirs beside ours

st.subheader("Alur penanganan: angka resmi dan data dasbor ini")
funnel = df[
    (df["tingkat_cakupan"] == "nasional")
    & df["ukuran"].isin(list(STEP_LABELS))
    & df["dimensi"].isin(["total", "tindak_lanjut"])
]
left, right = st.columns(2)
if len(funnel):
    fig = go.Figure()
    symbols = {"asn": "circle", "kasus": "diamond"}
    publishers = sorted(funnel["penerbit"].unique())
    for (pub, unit), part in funnel.groupby(["penerbit", "satuan"], sort=True):
        data, template = hover(part)
        fig.add_trace(
            go.Scatter(
                x=part["nilai"],
                y=[STEP_LABELS[u] for u in part["ukuran"]],
                mode="markers",
                name=f"{ar.publisher_label(pub)} ({vocab_resmi.labels('satuan').get(unit, unit)})",
                marker={
                    "size": 12,
                    "color": PALETTE[publishers.index(pub) % len(PALETTE)],
                    "symbol": symbols.get(unit, "square"),
                    "line": {"width": 1, "color": "white"},
                },
                customdata=data,
                hovertemplate=template,
            )
        )
    fig.update_yaxes(categoryorder="array", categoryarray=list(STEP_LABELS.values())[::-1], automargin=True)
    fig.update_xaxes(title_text="jumlah (● ASN, ◆ kasus)", tickformat=",d", rangemode="tozero")
    left.plotly_chart(
        house_style(
            fig,
            title=f"Angka resmi nasional: {name}",
            subtitle=f"{filters_text} · satuan: ASN atau kasus",
            source=source_line(funnel),
            height=440,
            legend=True,
        ),
        width="stretch",
        config=CONFIG,
    )
else:
    left.info("Penerbit belum memberi angka alur nasional untuk pilihan ini.")
mine = queries.funnel(ctx.wh, ctx.identity, Filter(pemilihan=(pemilihan,)))
steps = vocab_resmi.funnel_steps()
right.plotly_chart(
    house_style(
        hbar([t.label for t in steps], [mine[t.extra["kolom_dasbor"]] for t in steps], unit="ASN terlapor"),
        title=f"Data kasus dasbor ini: {name}",
        subtitle="semua wilayah · satuan: orang",
        source=ctx.source_line(),
        height=440,
    ),
    width="stretch",
    config=CONFIG,
)
if len(funnel):
    show_table(funnel)

# ------------------------------------------------------------------ breakdowns

shown = set(funnel["id_angka"])
breakdown = df[df["dimensi"].isin([t.kode for t in vocab_resmi.chart_dimensions()])]
if len(breakdown):
    st.subheader("Rincian dari penerbit")
    dim_labels = vocab_resmi.labels("dimensi")
    groups = list(breakdown.groupby(["dimensi", "satuan"], sort=False))

    def short(text: str) -> str:
        return _esc(text if len(text) <= 42 else text[:40] + "…")

    cols = st.columns(2)
    for n, ((dim, unit), part) in enumerate(groups):
        fig = go.Figure()
        releases = list(dict.fromkeys(zip(part["penerbit"], part["sumber_url"], strict=True)))
        for k, (pub, url) in enumerate(releases):
            rel = part[(part["penerbit"] == pub) & (part["sumber_url"] == url)]
            data, template = hover(rel)
            first = rel.iloc[0].to_dict()
            fig.add_trace(
                go.Scatter(
                    x=rel["nilai"],
                    y=[short(c) for c in rel["kategori"]],
                    mode="markers",
                    name=_esc(f"{ar.publisher_label(pub)}, {ar.when_text(first)} ({first['media_sumber'][:24]})"),
                    marker={"size": 11, "color": PALETTE[k % len(PALETTE)], "line": {"width": 1, "color": "white"}},
                    customdata=data,
                    hovertemplate=template,
                )
            )
        unit_label = vocab_resmi.labels("satuan").get(unit, unit)
        # A dot per figure on its category's line: figures of several releases for one category sit side by side.
        rows = list(dict.fromkeys(short(c) for c in part["kategori"]))
        fig.update_yaxes(categoryorder="array", categoryarray=rows[::-1], automargin=True)
        fig.update_xaxes(title_text=unit_label, rangemode="tozero")
        fig = house_style(
            fig,
            title=f"{dim_labels.get(dim, dim)} ({unit_label})",
            subtitle=f"{filters_text} · satuan: {unit_label}",
            source=source_line(part),
            height=max(360, 170 + 30 * len(rows)) + 22 * len(releases),
            legend=len(releases) > 1,
        )
        # One legend line per news release, under the source line (a legend on top would cover the title
        # on a phone); the bars of one release share its colour.
        fig.update_layout(
            legend={"orientation": "v", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom", "yref": "container"},
            margin={"b": 70 + 22 * len(releases)},
        )
        cols[n % 2].plotly_chart(fig, width="stretch", config=CONFIG)
    show_table(breakdown)
    shown |= set(breakdown["id_angka"])

# ------------------------------------------------------------------ contradictions

ids = set(df["id_kontradiksi"].dropna())
clashes = everything[everything["id_kontradiksi"].isin(ids)]
st.subheader(f"Angka yang saling bertentangan ({angka(len(ids))} kelompok)")
if len(ids):
    st.caption(
        "Angka dengan pemilihan, ukuran, kategori dan cakupan yang sama tetapi nilainya berbeda. Semuanya "
        "ditampilkan, tidak ada yang dipilih. Tanggal data yang berbeda bisa berarti angka diperbarui."
    )
    for ident, group in clashes.groupby("id_kontradiksi", sort=False):
        # Values in order of first appearance; sources giving the same value joined by "=", values by "≠".
        by_value: dict[float, list[str]] = {}
        for r in group.to_dict("records"):
            by_value.setdefault(r["nilai"], []).append(
                f"[{ar.md_text(ar.value_text(r['nilai'], r['satuan']))}]({ar.md_url(r['sumber_url'])}) "
                f"{ar.md_text(ar.publisher_label(r['penerbit']))}, {ar.md_text(ar.when_text(r))} "
                f"\\({ar.md_text(r['media_sumber'])}, {ar.md_text(r['id_angka'])}\\)"
            )
        first = group.iloc[0]
        st.markdown(
            f"**{ar.md_text(first['label'])}** · {ar.md_text(first['cakupan'])} · `{ident}`  \n"
            + " **≠** ".join(" = ".join(items) for items in by_value.values())
        )
else:
    st.caption("Tidak ada angka yang bertentangan untuk pilihan ini.")

# ------------------------------------------------------------------ the rest, and downloads

rest = df[~df["id_angka"].isin(shown)]
if len(rest):
    st.subheader("Angka resmi lainnya")
    show_table(rest)

st.subheader("Unduh")
columns = table_columns(schema.ANGKA_RESMI, ctx.wh)
d1, d2 = st.columns(2)
stem = f"angka_resmi_{pemilihan}"
d1.download_button(
    f"Unduh CSV ({angka(len(df))} angka)",
    data=frame_csv_bytes(df, columns),
    file_name=f"{stem}.csv",
    mime="text/csv",
    on_click="ignore",
)
d2.download_button(
    f"Unduh XLSX ({angka(len(df))} angka)",
    data=frame_xlsx_bytes(df, columns, sheet="angka_resmi"),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
)
st.caption("Kolom seperti kamus data (tabel `angka_resmi`), dengan tautan dan media sumber setiap angka.")

others = ar.figures(ctx.wh, ctx.identity, ar.OTHER, penerbit, ukuran)
if len(others):
    with st.expander(f"{vocab_resmi.election_label(ar.OTHER)}: {angka(len(others))} angka"):
        show_table(others)
