"""What every page shares: the warehouse (or a friendly page when there is none), the login
gate of the internal build, the synthetic-data banner, and the sidebar filters that live
in the URL. ``app.py`` calls :func:`sidebar_filters` once per run; pages call :func:`context`."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import streamlit as st

from dashboard import queries
from dashboard.filters import COMPARISONS, FILTERS, MAX_SEARCH_CHARS, SPECS, Filter, code_options, echo, presets
from dashboard.formatting import BULAN_PENDEK, angka, tanggal
from dashboard.warehouse import Warehouse, current, data_date, has_synthetic
from netralitas import config

SOURCE = "Sumber: Pantau Netralitas (register Bawaslu, pemantauan media)"
#: Where the filters are, in words that hold on a phone too (there the sidebar hides behind a button).
FILTER_PANEL = "panel Filter (di ponsel: tombol » di kiri atas)"
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


def _anchor(wh: Warehouse, identity: str) -> dt.date | None:
    """The newest case date: the relative period presets count back from it."""
    return queries.date_range(wh, identity)[1]


def _init_from_url(wh: Warehouse, identity: str) -> None:
    """On a session's first run, fill the filter widgets from the URL (a pasted link reopens the view)."""
    if st.session_state.get("_filter_init"):
        return
    params = st.query_params.to_dict() | {k: st.query_params.get_all(k) for k in st.query_params}
    f, notices = Filter.from_query(params, _anchor(wh, identity))
    known = queries.region_names(wh, identity)
    for code in f.wilayah:
        if code not in known:
            notices.append(f"Parameter `wilayah={code}` tidak ada di daftar wilayah dan diabaikan.")
    for spec in FILTERS:
        value = getattr(f, spec.key)
        if spec.kind == "wilayah":
            st.session_state["f_provinsi"] = [c for c in value if "." not in c and c in known]
            st.session_state["f_wilayah"] = [c for c in value if "." in c and c in known]
        else:
            st.session_state[spec.state_key] = list(value) if isinstance(value, tuple) else value
    st.session_state["_filter_notices"] = notices
    st.session_state["_filter_init"] = True


def reset_filters() -> None:
    empty = Filter()
    for spec in FILTERS:
        value = getattr(empty, spec.key)
        st.session_state[spec.state_key] = list(value) if isinstance(value, tuple) else value
    st.session_state["f_provinsi"] = []


def _apply_preset() -> None:
    """A chosen period preset fills Dari/Sampai (which stay editable)."""
    code = st.session_state.get("f_periode")
    preset = st.session_state.get("_presets", {}).get(code)
    if preset:
        st.session_state["f_dari"], st.session_state["f_sampai"] = preset[1], preset[2]
    elif not code:
        st.session_state["f_dari"] = st.session_state["f_sampai"] = None


def _custom_period() -> None:
    """Editing Dari/Sampai by hand leaves the preset."""
    st.session_state["f_periode"] = ""


def _month_options(spec_key: str, span: tuple[dt.date | None, dt.date | None]) -> list[dt.date | None]:
    """Month starts (Dari) or month ends (Sampai) over the data's years, plus the current value (a
    preset or a link may hold any day). Month selects read Indonesian; Streamlit's calendar does not."""
    first = span[0] or dt.date(2014, 1, 1)
    last = span[1] or dt.date.today()
    months = [dt.date(y, m, 1) for y in range(first.year, last.year + 1) for m in range(1, 13)]
    if spec_key == "sampai":
        months = [_month_end(d) for d in months]
    current = st.session_state.get(f"f_{spec_key}")
    if current and current not in months:
        months.append(current)
    return [None, *sorted(months, reverse=True)]


def _month_end(d: dt.date) -> dt.date:
    return (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _date_label(spec_key: str, d: dt.date | None) -> str:
    if d is None:
        return "awal data" if spec_key == "dari" else "akhir data"
    if (spec_key == "dari" and d.day == 1) or (spec_key == "sampai" and d == _month_end(d)):
        return f"{BULAN_PENDEK[d.month - 1]} {d.year}"
    return tanggal(d)


def _region_widgets(regions) -> None:
    provinces = regions[regions["tingkat"] == "provinsi"]
    prov_names = dict(zip(provinces["kode"], provinces["nama"], strict=True))
    st.multiselect(
        "Provinsi", list(prov_names), format_func=prov_names.__getitem__, key="f_provinsi", placeholder="Semua provinsi"
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


def sidebar_filters() -> None:
    """The one filter set, in the sidebar, drawn from the table in ``dashboard/filters.py`` and
    mirrored into the URL query on every run."""
    wh = current()
    if not wh.exists() or (wh.mode == "internal" and not (_auth_configured() and st.user.is_logged_in)):
        return
    identity = wh.identity()
    _init_from_url(wh, identity)
    span = queries.date_range(wh, identity)
    preset_table = presets(span[1])
    st.session_state["_presets"] = preset_table
    date_columns = None
    with st.sidebar:
        st.markdown("### Filter")
        for spec in FILTERS:
            if spec.kind == "teks":
                st.text_input(
                    spec.label,
                    key=spec.state_key,
                    max_chars=MAX_SEARCH_CHARS,
                    placeholder=spec.placeholder,
                )
            elif spec.kind == "kode":
                labels = code_options(spec.taxonomy)
                st.multiselect(
                    spec.label,
                    list(labels),
                    format_func=labels.__getitem__,
                    key=spec.state_key,
                    placeholder=spec.placeholder,
                )
            elif spec.kind == "wilayah":
                _region_widgets(queries.regions(wh, identity))
            elif spec.key == "periode":
                if st.session_state.get(spec.state_key) not in ("", *preset_table):
                    st.session_state[spec.state_key] = ""
                st.selectbox(
                    spec.label,
                    ["", *preset_table],
                    format_func=lambda c: preset_table[c][0] if c else "Bebas (atur Dari–Sampai)",
                    key=spec.state_key,
                    on_change=_apply_preset,
                )
            elif spec.kind == "tanggal":
                date_columns = date_columns or iter(st.columns(2))
                options: list[dt.date | None] = _month_options(spec.key, span)
                next(date_columns).selectbox(
                    spec.label,
                    options,
                    format_func=functools.partial(_date_label, spec.key),
                    key=spec.state_key,
                    on_change=_custom_period,
                    placeholder=_date_label(spec.key, None),
                )
                if spec.key == "sampai":
                    st.caption("Menurut tanggal kejadian (atau tanggal laporan bila kejadian tidak diketahui).")
            elif spec.key == "banding":
                st.selectbox(spec.label, list(COMPARISONS), format_func=COMPARISONS.__getitem__, key=spec.state_key)
        st.button("Hapus semua filter", on_click=reset_filters, width="stretch")
    # Only the filter's own keys are rewritten: a page's own parameters (Data's `kolom`, a report's month) stay.
    wanted = current_filter().to_query()
    for key in SPECS:
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]


def current_filter() -> Filter:
    ss = st.session_state
    fields: dict = {}
    for spec in FILTERS:
        value = ss.get(spec.state_key)
        if spec.kind == "wilayah":
            fields[spec.key] = tuple(ss.get("f_wilayah") or ss.get("f_provinsi") or ())
        elif isinstance(value, list):
            fields[spec.key] = tuple(value)
        elif value is not None and value != "":
            fields[spec.key] = value.strip() if isinstance(value, str) and spec.kind == "teks" else value
    f = Filter(**fields)
    if f.dari and f.sampai and f.dari > f.sampai:
        f = replace(f, dari=None, sampai=None)
    return f


#: Captions darker than Streamlit's pale grey (3.7:1), so small text passes WCAG AA (4.5:1) on white.
CAPTION_COLOUR = "#555555"
#: What a phone user meets first: plotly's toolbar off (it covered chart titles), the KPIs two by two
#: (five stacked filled the first screen), a smaller page title. Our own constant CSS, no data in it.
PHONE_CSS = f"""<style>
[data-testid="stCaptionContainer"] {{ color: {CAPTION_COLOUR} !important; }}
@media (max-width: 640px) {{
  .modebar-container {{ display: none !important; }}
  h1 {{ font-size: 2rem !important; }}
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) {{ flex-wrap: wrap !important; gap: 0.5rem !important; }}
  [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) > [data-testid="stColumn"] {{
    min-width: calc(50% - 0.5rem) !important; width: calc(50% - 0.5rem) !important; flex: 1 1 calc(50% - 0.5rem) !important;
  }}
  [data-testid="stMetricValue"] {{ font-size: 1.6rem !important; }}
}}
</style>"""
#: The page is Indonesian: say so to screen readers and translators (Streamlit's own page says "en").
LANG_SCRIPT = "<script>document.documentElement.lang = 'id';</script>"


def page_chrome() -> None:
    st.html(PHONE_CSS)
    # In the page itself, not an iframe (st.components.v1.html is deprecated and took a slot of its own).
    st.html(LANG_SCRIPT, unsafe_allow_javascript=True)
    not_found_notice()


def _known_paths() -> set[str]:
    """URL paths of the pages: one script per page in ``halaman/``, named as its path."""
    return {"", *(p.stem for p in (config.REPO_ROOT / "halaman").glob("*.py"))}


def not_found_notice() -> None:
    """An unknown path runs the main page: say so in Indonesian instead of Streamlit's English dialog."""
    try:
        url = st.context.url
        if not url:
            return
        # The page is the last segment: Streamlit's context URL can repeat part of it
        # (``/kualitas-/kualitas-data`` was seen for ``/kualitas-data``).
        path = urlsplit(str(url)).path.strip("/").rsplit("/", 1)[-1]
    except Exception:  # outside a browser session (AppTest)
        return
    if path and path not in _known_paths():
        st.html("<style>[data-testid='stDialog'] { display: none !important; }</style>")
        st.warning(
            f"Halaman `/{echo(path)}` tidak ada. Yang tampil sekarang adalah halaman utama (Ringkasan); "
            "pilih halaman lain di menu.",
            icon=":material/explore_off:",
        )


def context(title: str, caption: str | None = None, *, show_title: bool = True) -> Context:
    """Page preamble: gate, banner, notices, title. Returns what the page needs to query and draw."""
    page_chrome()
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
        period_leaves_out(ctx)
    return ctx


def period_leaves_out(ctx: Context) -> None:
    """One line on every page: how many rows the period hides only because they carry no date."""
    n = queries.undated_outside_period(ctx.wh, ctx.identity, ctx.filter)
    if n:
        st.caption(
            f":material/event_busy: Periode {ctx.filter.period_text()} tidak memuat {angka(n)} ASN terlapor lain "
            "yang cocok dengan filter ini karena tanggal kejadian maupun tanggal laporannya tidak diketahui."
        )


def empty_state(ctx: Context) -> bool:
    """True (and a clear message) when the filters leave no rows."""
    if queries.count_rows(ctx.wh, ctx.identity, ctx.filter) == 0:
        st.info(
            "Tidak ada kasus untuk filter ini "
            f"({ctx.filter.period_text()} · {ctx.filter.describe(ctx.names)}). "
            f"Longgarkan filter di {FILTER_PANEL} atau tekan **Hapus semua filter**."
        )
        return True
    return False
