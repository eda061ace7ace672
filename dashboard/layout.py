"""What every page shares: the warehouse (or a friendly page when there is none), the login
gate of the internal build, the synthetic-data banner, and the sidebar filters that live
in the URL. ``app.py`` calls :func:`sidebar_filters` once per run; pages call :func:`context`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from dashboard import queries
from dashboard.filters import Filter
from dashboard.formatting import tanggal
from dashboard.warehouse import Warehouse, current, data_date, has_synthetic
from netralitas import vocab

SOURCE = "Sumber: Pantau Netralitas, olahan register Bawaslu dan pemantauan media"
#: URL keys owned by the sidebar filters; any other key belongs to a page and is kept when they rewrite the URL.
FILTER_URL_KEYS = ("pemilihan", "wilayah", "dari", "sampai", "jenis", "hasil", "sanksi")
INTERNAL_BANNER = (
    "**Build internal: memuat data pribadi** (nama dan NIP terlapor, yang belum tentu bersalah). "
    "Hanya untuk petugas; jangan dibagikan, jangan ditangkap layar untuk publikasi."
)
SYNTHETIC_BANNER = (
    "**Data sintetis.** Gudang data ini memuat baris buatan (demo/uji beban), bukan kasus nyata. "
    "Jangan mengutip angkanya."
)


@dataclass(frozen=True)
class Context:
    wh: Warehouse
    identity: str
    filter: Filter
    names: dict[str, str]
    data_date: dt.date | None
    synthetic: bool

    def source_line(self) -> str:
        line = f"{SOURCE} · data per {tanggal(self.data_date)}"
        if self.synthetic:
            line += " · DATA SINTETIS, bukan kasus nyata"
        return line

    def subtitle(self, extra: str = "") -> str:
        text = f"{self.filter.period_text()} · {self.filter.describe(self.names)}"
        return f"{text} · {extra}" if extra else text


def _auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def gate() -> Warehouse:
    """Stop the page with a clear message when there is nothing (or nothing allowed) to show."""
    wh = current()
    if wh.mode == "internal":
        if not _auth_configured():
            st.error(
                "Mode internal (NETRALITAS_MODE=internal) memuat nama dan NIP, dan hanya dibuka setelah login. "
                "Login belum dikonfigurasi: isi bagian `[auth]` di `.streamlit/secrets.toml` (OIDC). "
                "Tanpa itu dasbor tidak menampilkan data apa pun."
            )
            st.stop()
        if not st.user.is_logged_in:
            st.info("Build internal memuat data pribadi. Silakan masuk dengan akun instansi.")
            st.button("Masuk", on_click=st.login, type="primary")
            st.stop()
    if not wh.exists():
        st.title("Pantau Netralitas")
        st.info(
            "Gudang data belum ada. Bangun dulu dari data mentah:\n\n"
            "```bash\nbash scripts/run.sh\n```\n\n"
            "atau hanya ETL-nya: `python -m etl run` (membaca `data/raw/`, menulis `data/warehouse/`). "
            f"Folder yang dicari: `{wh.folder}`."
        )
        st.stop()
    return wh


def _init_from_url(wh: Warehouse, identity: str) -> None:
    """On a session's first run, fill the filter widgets from the URL (a pasted link reopens the view)."""
    if st.session_state.get("_filter_init"):
        return
    f, notices = Filter.from_query(st.query_params.to_dict() | {k: st.query_params.get_all(k) for k in st.query_params})
    known = queries.region_names(wh, identity)
    for code in f.wilayah:
        if code not in known:
            notices.append(f"Parameter `wilayah={code}` tidak ada di daftar wilayah dan diabaikan.")
    st.session_state["f_pemilihan"] = list(f.pemilihan)
    st.session_state["f_provinsi"] = [c for c in f.wilayah if "." not in c and c in known]
    st.session_state["f_wilayah"] = [c for c in f.wilayah if "." in c and c in known]
    st.session_state["f_dari"] = f.dari
    st.session_state["f_sampai"] = f.sampai
    st.session_state["f_jenis"] = list(f.jenis)
    st.session_state["f_hasil"] = list(f.hasil)
    st.session_state["f_sanksi"] = list(f.sanksi)
    st.session_state["_filter_notices"] = notices
    st.session_state["_filter_init"] = True


def reset_filters() -> None:
    for key in ("f_pemilihan", "f_provinsi", "f_wilayah", "f_jenis", "f_hasil", "f_sanksi"):
        st.session_state[key] = []
    st.session_state["f_dari"] = None
    st.session_state["f_sanksi"] = []
    st.session_state["f_sampai"] = None


def sidebar_filters() -> None:
    """The one filter set, in the sidebar, mirrored into the URL query on every run."""
    wh = current()
    if not wh.exists() or (wh.mode == "internal" and not (_auth_configured() and st.user.is_logged_in)):
        return
    identity = wh.identity()
    _init_from_url(wh, identity)
    regions = queries.regions(wh, identity)
    provinces = regions[regions["tingkat"] == "provinsi"]
    prov_names = dict(zip(provinces["kode"], provinces["nama"], strict=True))
    election_names = vocab.election_names()
    with st.sidebar:
        st.markdown("### Filter")
        st.multiselect(
            "Pemilihan",
            list(election_names),
            format_func=election_names.__getitem__,
            key="f_pemilihan",
            placeholder="Semua pemilihan",
        )
        st.multiselect(
            "Provinsi",
            list(prov_names),
            format_func=prov_names.__getitem__,
            key="f_provinsi",
            placeholder="Semua provinsi",
        )
        chosen = st.session_state.get("f_provinsi") or []
        kab = regions[(regions["tingkat"] != "provinsi") & (regions["kode_provinsi"].isin(chosen) if chosen else True)]
        kab_names = dict(zip(kab["kode"], kab["nama"], strict=True))
        kept = [c for c in st.session_state.get("f_wilayah", []) if c in kab_names]
        if kept != st.session_state.get("f_wilayah", []):
            st.session_state["f_wilayah"] = kept
        st.multiselect(
            "Kabupaten/kota",
            list(kab_names),
            format_func=kab_names.__getitem__,
            key="f_wilayah",
            placeholder="Semua kabupaten/kota",
        )
        c1, c2 = st.columns(2)
        c1.date_input(
            "Dari", key="f_dari", format="DD/MM/YYYY", min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 12, 31)
        )
        c2.date_input(
            "Sampai",
            key="f_sampai",
            format="DD/MM/YYYY",
            min_value=dt.date(2000, 1, 1),
            max_value=dt.date(2035, 12, 31),
        )
        st.caption("Periode menurut tanggal kejadian (atau tanggal laporan bila kejadian tidak diketahui).")
        for key, label, tax in (
            ("f_jenis", "Jenis pelanggaran", "jenis_pelanggaran"),
            ("f_hasil", "Hasil", "hasil"),
            ("f_sanksi", "Kategori sanksi", "sanksi"),
        ):
            labels = vocab.labels(tax)
            st.multiselect(label, list(labels), format_func=labels.__getitem__, key=key, placeholder="Semua")
        st.button("Hapus semua filter", on_click=reset_filters, width="stretch")
    f = current_filter()
    # Keys the shared filter does not own are a page's own (Laporan bulanan's ``bulan`` and ``cetak``,
    # /angka-resmi's ``penerbit``): they stay in the URL beside the filters.
    wanted = f.to_query() | {k: v for k, v in st.query_params.to_dict().items() if k not in FILTER_URL_KEYS}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def current_filter() -> Filter:
    ss = st.session_state
    dari, sampai = ss.get("f_dari"), ss.get("f_sampai")
    if dari and sampai and dari > sampai:
        dari, sampai = None, None
    return Filter(
        pemilihan=tuple(ss.get("f_pemilihan") or ()),
        wilayah=tuple(ss.get("f_wilayah") or ss.get("f_provinsi") or ()),
        dari=dari,
        sampai=sampai,
        jenis=tuple(ss.get("f_jenis") or ()),
        hasil=tuple(ss.get("f_hasil") or ()),
        sanksi=tuple(ss.get("f_sanksi") or ()),
    )


def context(title: str, caption: str | None = None, *, show_title: bool = True) -> Context:
    """Page preamble: gate, banner, notices, title. Returns what the page needs to query and draw."""
    wh = gate()
    identity = wh.identity()
    synthetic = has_synthetic(wh)
    if wh.mode == "internal":
        st.error(INTERNAL_BANNER, icon=":material/lock:")
        with st.sidebar:
            st.caption(
                f"Masuk sebagai {st.user.get('email') or st.user.get('name') or st.user.get('sub') or 'petugas'}"
            )
            st.button("Keluar", on_click=st.logout, key="keluar")
    if synthetic:
        st.warning(SYNTHETIC_BANNER)
    for notice in st.session_state.pop("_filter_notices", []) or []:
        st.warning(notice)
    ctx = Context(wh, identity, current_filter(), queries.region_names(wh, identity), data_date(wh), synthetic)
    if show_title:
        st.title(title)
        st.caption((caption + " · " if caption else "") + ctx.source_line())
    return ctx


def empty_state(ctx: Context) -> bool:
    """True (and a clear message) when the filters leave no rows."""
    if queries.count_rows(ctx.wh, ctx.identity, ctx.filter) == 0:
        st.info(
            "Tidak ada kasus untuk filter ini "
            f"({ctx.filter.period_text()} · {ctx.filter.describe(ctx.names)}). "
            "Longgarkan filter di panel kiri atau tekan **Hapus semua filter**."
        )
        return True
    return False
