"""The one filter set shared by every page, declared once in :data:`FILTERS`.

Each row of the table names the URL parameter (which is also the :class:`Filter` field and,
as ``f_<key>``, the widget's session-state key), the widget's label and kind, and the column
its SQL clause tests. The sidebar (``dashboard/layout.py``), the URL round trip and the
``WHERE`` clause are all read off this table; adding a filter is adding a row.

URL keys: ``cari`` (text searched in descriptions, agencies, positions, regions, case ids),
``pemilihan``, ``wilayah`` (comma-separated Kemendagri codes: ``19`` a province, ``18.72`` a
kabupaten/kota), ``periode`` (a preset: ``bulan_ini``, ``3_bulan``, ``tahun_ini``,
``kampanye_<pemilihan>``) or ``dari``/``sampai`` (ISO dates), ``banding`` (``tahun_lalu`` to
compare with the same period a year earlier instead of the previous period), ``jenis``,
``hasil``, ``sanksi`` (codes of the vocabularies, comma-separated). A malformed value is
dropped with a notice, never an error. SQL is built only from the column names in this
table and ``?`` parameters: user text never becomes SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from dashboard.formatting import BULAN_PENDEK, tanggal
from netralitas import vocab

#: The reference date of a case for period filters and trends: incident date, else report date.
TANGGAL_ACUAN = "coalesce(tanggal_kejadian, tanggal_laporan)"
#: The columns the free-text search (``cari``) looks in.
SEARCH_COLUMNS = ("uraian", "instansi", "jabatan", "nama_kabupaten_kota", "nama_provinsi", "id_kasus")
MAX_SEARCH_CHARS = 100
_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
_UNSAFE_ECHO = re.compile(r"[^\w .,:/+-]")


@dataclass(frozen=True)
class FilterSpec:
    """One filter: its URL parameter, widget and SQL clause."""

    key: str  # URL parameter = Filter field; the widget's state key is "f_<key>"
    label: str  # widget label
    kind: str  # "teks" | "kode" | "wilayah" | "pilihan" | "tanggal"
    column: str = ""  # what the clause tests (a column or TANGGAL_ACUAN); never user text
    operator: str = ""  # "tanggal" only: ">=" or "<="
    taxonomy: str = ""  # "kode": the vocabulary of allowed codes ("pemilihan" = the election calendar)
    group: str = ""  # the name `Filter.where(skip=...)` leaves out (dari/sampai: "periode")
    placeholder: str = ""

    @property
    def state_key(self) -> str:
        return f"f_{self.key}"


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec(
        "cari",
        "Cari di uraian, instansi, jabatan, wilayah, ID kasus",
        "teks",
        placeholder="mis. WhatsApp, camat, 35.79",
    ),
    FilterSpec("pemilihan", "Pemilihan", "kode", "pemilihan", taxonomy="pemilihan", placeholder="Semua pemilihan"),
    FilterSpec("wilayah", "Wilayah", "wilayah"),
    FilterSpec("periode", "Periode", "pilihan", group="periode"),
    FilterSpec("dari", "Dari", "tanggal", TANGGAL_ACUAN, ">=", group="periode"),
    FilterSpec("sampai", "Sampai", "tanggal", TANGGAL_ACUAN, "<=", group="periode"),
    FilterSpec("banding", "Bandingkan dengan", "pilihan"),
    FilterSpec(
        "jenis",
        "Jenis pelanggaran",
        "kode",
        "jenis_pelanggaran",
        taxonomy="jenis_pelanggaran",
        placeholder="Semua",
    ),
    FilterSpec("hasil", "Hasil", "kode", "hasil", taxonomy="hasil", placeholder="Semua"),
    FilterSpec("sanksi", "Kategori sanksi", "kode", "kategori_sanksi", taxonomy="sanksi", placeholder="Semua"),
)
SPECS = {s.key: s for s in FILTERS}

#: The comparison choices of ``banding`` (the first is the default and stays out of the URL).
COMPARISONS = {"sebelumnya": "Periode sebelumnya (sama panjang)", "tahun_lalu": "Periode yang sama setahun sebelumnya"}


def code_options(taxonomy: str) -> dict[str, str]:
    """Allowed codes of a "kode" filter, with their labels, in vocabulary order."""
    if taxonomy == "pemilihan":
        return vocab.election_names()
    return vocab.labels(taxonomy)


# ---------------------------------------------------------------------- period presets


def _month_end(d: dt.date) -> dt.date:
    nxt = (d.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def _shift_months(d: dt.date, months: int) -> dt.date:
    index = d.year * 12 + d.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _campaign(kode: str) -> tuple[dt.date, dt.date] | None:
    election = vocab.election(kode)
    if election is None:
        return None
    for m in election.tahapan:
        if m.nama.lower().startswith("kampanye"):
            return m.mulai, m.selesai or election.pemungutan
    return None


def presets(anchor: dt.date | None) -> dict[str, tuple[str, dt.date, dt.date]]:
    """``code -> (label, dari, sampai)``. The relative presets count back from ``anchor`` (the
    newest case date in the data, so "bulan terakhir" is never an empty month after the data ends)."""
    out: dict[str, tuple[str, dt.date, dt.date]] = {}
    if anchor:
        first = anchor.replace(day=1)
        out["bulan_ini"] = (
            f"Bulan terakhir ({BULAN_PENDEK[anchor.month - 1]} {anchor.year})",
            first,
            _month_end(anchor),
        )
        start3 = _shift_months(first, -2)
        out["3_bulan"] = (
            f"3 bulan terakhir ({BULAN_PENDEK[start3.month - 1]}–{BULAN_PENDEK[anchor.month - 1]} {anchor.year})",
            start3,
            _month_end(anchor),
        )
        out["tahun_ini"] = (f"Tahun {anchor.year}", dt.date(anchor.year, 1, 1), dt.date(anchor.year, 12, 31))
    for e in reversed(vocab.elections()):
        span = _campaign(e.kode)
        if span:
            out[f"kampanye_{e.kode}"] = (f"Masa kampanye {e.nama}", *span)
    return out


def echo(value: str) -> str:
    """A URL value shown back in a notice: short, and without the characters (backtick, brackets,
    asterisks…) that could turn it into a Markdown link or formatting outside its code span."""
    return _UNSAFE_ECHO.sub("?", value[:40])


def _clause(spec: FilterSpec, value: Any) -> tuple[str, list]:
    """The SQL clause (and its parameters) of one active filter."""
    if spec.kind == "kode":
        return f"list_contains(?, {spec.column})", [list(value)]
    if spec.kind == "tanggal":
        return f"{spec.column} {spec.operator} ?", [value]
    if spec.kind == "wilayah":
        kab = [c for c in value if "." in c]
        prov = [c for c in value if "." not in c]
        parts, params = [], []
        if kab:
            parts.append("list_contains(?, kode_kabupaten_kota)")
            params.append(kab)
        if prov:
            parts.append("list_contains(?, kode_provinsi)")
            params.append(prov)
        return "(" + " OR ".join(parts) + ")", params
    if spec.kind == "teks":
        like = "%" + str(value).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return "(" + " OR ".join(f"{c} ILIKE ? ESCAPE '\\'" for c in SEARCH_COLUMNS) + ")", [like] * len(SEARCH_COLUMNS)
    return "", []  # "pilihan": shapes the view (preset, comparison), not the rows


@dataclass(frozen=True)
class Filter:
    cari: str = ""
    pemilihan: tuple[str, ...] = ()
    wilayah: tuple[str, ...] = ()
    periode: str = ""
    dari: dt.date | None = None
    sampai: dt.date | None = None
    banding: str = "sebelumnya"
    jenis: tuple[str, ...] = ()
    hasil: tuple[str, ...] = ()
    sanksi: tuple[str, ...] = ()

    # ------------------------------------------------------------------ URL

    @classmethod
    def from_query(cls, params: dict[str, str | list[str]], anchor: dt.date | None = None) -> tuple[Filter, list[str]]:
        """Parse ``st.query_params``; returns the filter and notices about dropped values.
        ``anchor`` is the date the relative period presets count back from."""
        notices: list[str] = []

        def values(key: str) -> list[str]:
            raw = params.get(key)
            if raw is None:
                return []
            items = raw if isinstance(raw, list) else [raw]
            return [v.strip() for item in items for v in str(item).split(",") if v.strip()]

        fields: dict[str, Any] = {}
        choices: dict[str, Any] = {"periode": presets(anchor), "banding": COMPARISONS}
        for spec in FILTERS:
            vals = values(spec.key)
            if spec.kind == "teks":
                raw = params.get(spec.key)
                text = (raw[-1] if isinstance(raw, list) and raw else raw or "") if raw is not None else ""
                fields[spec.key] = str(text).strip()[:MAX_SEARCH_CHARS]
            elif spec.kind == "kode":
                allowed = code_options(spec.taxonomy)
                good = [v for v in vals if v in allowed]
                notices += [
                    f"Parameter `{spec.key}={echo(v)}` tidak dikenal dan diabaikan." for v in vals if v not in allowed
                ]
                fields[spec.key] = tuple(dict.fromkeys(good))
            elif spec.kind == "wilayah":
                good = [v for v in vals if _CODE.match(v)]
                notices += [
                    f"Parameter `wilayah={echo(v)}` bukan kode Kemendagri dan diabaikan."
                    for v in vals
                    if not _CODE.match(v)
                ]
                fields[spec.key] = tuple(dict.fromkeys(good))
            elif spec.kind == "tanggal" and vals:
                try:
                    fields[spec.key] = dt.date.fromisoformat(vals[-1])
                except ValueError:
                    notices.append(
                        f"Parameter `{spec.key}={echo(vals[-1])}` bukan tanggal ISO (YYYY-MM-DD) dan diabaikan."
                    )
            elif spec.kind == "pilihan" and vals:
                if vals[-1] in choices[spec.key]:
                    fields[spec.key] = vals[-1]
                else:
                    notices.append(f"Parameter `{spec.key}={echo(vals[-1])}` tidak dikenal dan diabaikan.")
        f = cls(**fields)
        if f.periode:  # a preset wins over dari/sampai: it is what the link's author chose
            _, dari, sampai = choices["periode"][f.periode]
            f = replace(f, dari=dari, sampai=sampai)
        if f.dari and f.sampai and f.dari > f.sampai:
            notices.append("Periode `dari` sesudah `sampai`: periode diabaikan.")
            f = replace(f, dari=None, sampai=None)
        return f, notices

    def to_query(self) -> dict[str, str]:
        out = {}
        for spec in FILTERS:
            value = getattr(self, spec.key)
            if not value or (spec.key in ("dari", "sampai") and self.periode):
                continue
            if spec.key == "banding" and value == "sebelumnya":
                continue
            if isinstance(value, tuple):
                out[spec.key] = ",".join(value)
            elif isinstance(value, dt.date):
                out[spec.key] = value.isoformat()
            else:
                out[spec.key] = str(value)
        return out

    # ------------------------------------------------------------------ SQL

    def where(self, *, skip: tuple[str, ...] = ()) -> tuple[str, list]:
        """``WHERE`` clause and parameters, one clause per active filter of the table, joined last.
        ``skip`` leaves out some filters by key or group (e.g. ``"periode"``)."""
        clauses: list[str] = []
        params: list = []
        for spec in FILTERS:
            value = getattr(self, spec.key)
            if not value or spec.key in skip or (spec.group and spec.group in skip):
                continue
            clause, values = _clause(spec, value)
            if clause:
                clauses.append(clause)
                params += values
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def previous_period(self) -> Filter | None:
        """The period of equal length just before this one (None without a full period)."""
        if not (self.dari and self.sampai):
            return None
        length = (self.sampai - self.dari).days + 1
        return replace(
            self, periode="", dari=self.dari - dt.timedelta(days=length), sampai=self.dari - dt.timedelta(days=1)
        )

    def year_earlier(self) -> Filter | None:
        """The same calendar period one year earlier (29 Feb becomes 28 Feb)."""
        if not (self.dari and self.sampai):
            return None

        def back(d: dt.date) -> dt.date:
            return d.replace(year=d.year - 1, day=min(d.day, 28 if d.month == 2 else 31))

        return replace(self, periode="", dari=back(self.dari), sampai=back(self.sampai))

    def comparison(self) -> Filter | None:
        """The filter this one is compared with, by the ``banding`` choice (None without a full period)."""
        return self.year_earlier() if self.banding == "tahun_lalu" else self.previous_period()

    # ------------------------------------------------------------------ words for titles

    def period_text(self) -> str:
        if self.dari and self.sampai:
            return f"{tanggal(self.dari)} – {tanggal(self.sampai)}"
        if self.dari:
            return f"sejak {tanggal(self.dari)}"
        if self.sampai:
            return f"sampai {tanggal(self.sampai)}"
        return "seluruh periode"

    def describe(self, region_names: dict[str, str] | None = None) -> str:
        """Active filters in words, for chart subtitles (so a screenshot stands alone)."""
        parts = []
        if self.cari:
            parts.append(f"memuat “{self.cari}”")
        for spec in FILTERS:
            value = getattr(self, spec.key)
            if not value:
                continue
            if spec.kind == "wilayah":
                names = region_names or {}
                shown = [names.get(c, c) for c in value[:3]]
                parts.append(", ".join(shown) + (f" +{len(value) - 3}" if len(value) > 3 else ""))
            elif spec.kind == "kode":
                labels = code_options(spec.taxonomy)
                limit = len(value) if spec.key == "pemilihan" else 2
                parts.append(
                    ", ".join(labels.get(v, v) for v in value[:limit])
                    + (f" +{len(value) - limit}" if len(value) > limit else "")
                )
        return " · ".join(parts) if parts else "semua wilayah dan pemilihan"
