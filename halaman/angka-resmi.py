"""Angka resmi: the figures KASN, BKN, Bawaslu and Kemendagri gave (as the press reported them) for
one election, beside this dashboard's own counts, with every contradiction shown and every number
linked to its source. The election is the sidebar's Pemilihan filter; ``penerbit``, ``ukuran`` and
``rincian`` (the breakdown chart shown) are this page's own URL keys."""

import re

import pandas as pd
import streamlit as st

from dashboard import angka_resmi as ar
from dashboard import grafik_resmi as grafik
from dashboard import queries
from dashboard.charts import hbar, house_style
from dashboard.export import frame_csv_bytes, frame_xlsx_bytes, table_columns
from dashboard.filters import Filter
from dashboard.formatting import angka, tanggal
from dashboard.layout import context
from netralitas import angka_resmi as vocab_resmi
from netralitas import schema

CONFIG = {"displaylogo": False}
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
            # Plain text, not a code span: inside one the Markdown escapes would show.
            st.warning(f"Parameter {key}={ar.md_text(bad[:40])} tidak dikenal dan diabaikan.")
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


def figure_table(frame):
    """The figures as a table: each with its value in Indonesian form, who said it, when, and the link.
    Built as one frame from lists (``assign`` and a column selection copy the frame twice)."""
    return pd.DataFrame(
        {
            "id_angka": frame["id_angka"],
            "label": frame["label"],
            "angka": [ar.value_text(n, s) for n, s in zip(frame["nilai"], frame["satuan"], strict=True)],
            "penerbit_label": [ar.publisher_label(p) for p in frame["penerbit"]],
            "cakupan": frame["cakupan"],
            "data_per": [tanggal(d) if d else "" for d in frame["tanggal_data"]],
            "disampaikan": [tanggal(d) if d else "" for d in frame["tanggal_terbit"]],
            "media_sumber": frame["media_sumber"],
            "sumber_url": frame["sumber_url"],
            "kontradiksi": frame["id_kontradiksi"].fillna(""),
        },
        index=frame.index,
    )


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
funnel = grafik.funnel_rows(df)
chart_args = (ctx.wh, ctx.identity, pemilihan, penerbit, ukuran, ctx.data_date)
left, right = st.columns(2)
official = grafik.official_funnel(*chart_args)
if official is not None:
    left.plotly_chart(official, width="stretch", config=CONFIG)
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
breakdown = grafik.breakdown_rows(df)
if len(breakdown):
    st.subheader("Rincian dari penerbit")
    charts = grafik.breakdown_charts(breakdown)
    titles = [title for *_, title in charts]
    slugs = [re.sub(r"[^0-9a-z]+", "-", t.lower()).strip("-") for t in titles]  # the URL's `rincian`
    if "ar_rincian" not in st.session_state:  # a new session: the chart a pasted link names
        wanted = st.query_params.get("rincian")
        if wanted and wanted not in slugs:
            st.warning(f"Parameter rincian={ar.md_text(wanted[:60])} tidak dikenal dan diabaikan.")
        st.session_state["ar_rincian"] = titles[slugs.index(wanted)] if wanted in slugs else titles[0]
    elif st.session_state["ar_rincian"] not in titles:  # another election or publisher: its first chart
        st.session_state["ar_rincian"] = titles[0]
    # One breakdown chart at a time (up to 17 for an election: drawing them all made every change slow);
    # the table below holds every breakdown figure.
    pick, note = st.columns([1, 1], vertical_alignment="bottom")
    chosen_title = pick.selectbox(f"Grafik rincian ({angka(len(titles))} tersedia)", titles, key="ar_rincian")
    chosen_slug = slugs[titles.index(chosen_title)]
    if chosen_title != titles[0] and st.query_params.get("rincian") != chosen_slug:
        st.query_params["rincian"] = chosen_slug
    elif chosen_title == titles[0] and "rincian" in st.query_params:
        del st.query_params["rincian"]
    note.caption("Semua angka rincian, dengan sumbernya, ada di tabel di bawah grafik.")
    dimensi, satuan, _ = charts[titles.index(chosen_title)]
    st.plotly_chart(grafik.breakdown(*chart_args, dimensi, satuan), width="stretch", config=CONFIG)
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
    groups: dict[str, list[dict]] = {}  # one to_dict for every group (one per group took ~50 ms a rerun)
    for r in clashes.to_dict("records"):
        groups.setdefault(r["id_kontradiksi"], []).append(r)
    for ident, group in groups.items():
        # Values in order of first appearance; sources giving the same value joined by "=", values by "≠".
        by_value: dict[float, list[str]] = {}
        for r in group:
            by_value.setdefault(r["nilai"], []).append(
                f"[{ar.md_text(ar.value_text(r['nilai'], r['satuan']))}]({ar.md_url(r['sumber_url'])}) "
                f"{ar.md_text(ar.publisher_label(r['penerbit']))}, {ar.md_text(ar.when_text(r))} "
                f"\\({ar.md_text(r['media_sumber'])}, {ar.md_text(r['id_angka'])}\\)"
            )
        first = group[0]
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
    data=lambda: frame_csv_bytes(df, columns),  # built on click, not on every rerun
    file_name=f"{stem}.csv",
    mime="text/csv",
    on_click="ignore",
)
d2.download_button(
    f"Unduh XLSX ({angka(len(df))} angka)",
    data=lambda: frame_xlsx_bytes(df, columns, sheet="angka_resmi"),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
)
st.caption("Kolom seperti kamus data (tabel `angka_resmi`), dengan tautan dan media sumber setiap angka.")

others = ar.figures(ctx.wh, ctx.identity, ar.OTHER, penerbit, ukuran)
if len(others):
    with st.expander(f"{vocab_resmi.election_label(ar.OTHER)}: {angka(len(others))} angka"):
        show_table(others)
