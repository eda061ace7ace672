"""The one filter set shared by every page, round-tripping through the URL query.

URL keys: ``pemilihan``, ``wilayah`` (comma-separated Kemendagri codes: ``19`` a province,
``18.72`` a kabupaten/kota), ``dari``/``sampai`` (ISO dates), ``jenis``, ``hasil``,
``sanksi`` (codes of the vocabularies, comma-separated). A malformed value is dropped
with a notice, never an error. SQL is built only from whitelisted column names and
``?`` parameters: user text never becomes SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from dashboard.formatting import tanggal
from netralitas import vocab

#: The reference date of a case for period filters and trends: incident date, else report date.
TANGGAL_ACUAN = "coalesce(tanggal_kejadian, tanggal_laporan)"
_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
_UNSAFE_ECHO = re.compile(r"[^\w .,:/+-]")


def _echo(value: str) -> str:
    """A URL value shown back in a notice: short, and without the characters (backtick, brackets,
    asterisks…) that could turn it into a Markdown link or formatting outside its code span."""
    return _UNSAFE_ECHO.sub("?", value[:40])


@dataclass(frozen=True)
class Filter:
    pemilihan: tuple[str, ...] = ()
    wilayah: tuple[str, ...] = ()
    dari: dt.date | None = None
    sampai: dt.date | None = None
    jenis: tuple[str, ...] = ()
    hasil: tuple[str, ...] = ()
    sanksi: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    # ------------------------------------------------------------------ URL

    @classmethod
    def from_query(cls, params: dict[str, str | list[str]]) -> tuple[Filter, list[str]]:
        """Parse ``st.query_params``; returns the filter and notices about dropped values."""
        notices: list[str] = []

        def values(key: str) -> list[str]:
            raw = params.get(key)
            if raw is None:
                return []
            items = raw if isinstance(raw, list) else [raw]
            return [v.strip() for item in items for v in str(item).split(",") if v.strip()]

        def codes(key: str, allowed: set[str]) -> tuple[str, ...]:
            good = []
            for v in values(key):
                if v in allowed:
                    good.append(v)
                else:
                    notices.append(f"Parameter `{key}={_echo(v)}` tidak dikenal dan diabaikan.")
            return tuple(dict.fromkeys(good))

        def date(key: str) -> dt.date | None:
            vals = values(key)
            if not vals:
                return None
            try:
                return dt.date.fromisoformat(vals[-1])
            except ValueError:
                notices.append(f"Parameter `{key}={_echo(vals[-1])}` bukan tanggal ISO (YYYY-MM-DD) dan diabaikan.")
                return None

        wilayah = []
        for v in values("wilayah"):
            if _CODE.match(v):
                wilayah.append(v)
            else:
                notices.append(f"Parameter `wilayah={_echo(v)}` bukan kode Kemendagri dan diabaikan.")
        f = cls(
            pemilihan=codes("pemilihan", {e.kode for e in vocab.elections()}),
            wilayah=tuple(dict.fromkeys(wilayah)),
            dari=date("dari"),
            sampai=date("sampai"),
            jenis=codes("jenis", set(vocab.codes("jenis_pelanggaran"))),
            hasil=codes("hasil", set(vocab.codes("hasil"))),
            sanksi=codes("sanksi", set(vocab.codes("sanksi"))),
        )
        if f.dari and f.sampai and f.dari > f.sampai:
            notices.append("Periode `dari` sesudah `sampai`: periode diabaikan.")
            f = replace(f, dari=None, sampai=None)
        return f, notices

    def to_query(self) -> dict[str, str]:
        out = {}
        for key in ("pemilihan", "wilayah", "jenis", "hasil", "sanksi"):
            value = getattr(self, key)
            if value:
                out[key] = ",".join(value)
        if self.dari:
            out["dari"] = self.dari.isoformat()
        if self.sampai:
            out["sampai"] = self.sampai.isoformat()
        return out

    # ------------------------------------------------------------------ SQL

    def where(self, *, skip: tuple[str, ...] = ()) -> tuple[str, list]:
        """``WHERE`` clause and parameters. ``skip`` leaves out some filters (e.g. the period,
        for a comparison with the previous period)."""
        clauses: list[str] = []
        params: list = []
        if self.pemilihan and "pemilihan" not in skip:
            clauses.append("list_contains(?, pemilihan)")
            params.append(list(self.pemilihan))
        if self.wilayah and "wilayah" not in skip:
            kab = [c for c in self.wilayah if "." in c]
            prov = [c for c in self.wilayah if "." not in c]
            parts = []
            if kab:
                parts.append("list_contains(?, kode_kabupaten_kota)")
                params.append(kab)
            if prov:
                parts.append("list_contains(?, kode_provinsi)")
                params.append(prov)
            clauses.append("(" + " OR ".join(parts) + ")")
        if self.dari and "periode" not in skip:
            clauses.append(f"{TANGGAL_ACUAN} >= ?")
            params.append(self.dari)
        if self.sampai and "periode" not in skip:
            clauses.append(f"{TANGGAL_ACUAN} <= ?")
            params.append(self.sampai)
        for key, column in (("jenis", "jenis_pelanggaran"), ("hasil", "hasil"), ("sanksi", "kategori_sanksi")):
            value = getattr(self, key)
            if value and key not in skip:
                clauses.append(f"list_contains(?, {column})")
                params.append(list(value))
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def previous_period(self) -> Filter | None:
        """The period of equal length just before this one (None without a full period)."""
        if not (self.dari and self.sampai):
            return None
        length = (self.sampai - self.dari).days + 1
        return replace(self, dari=self.dari - dt.timedelta(days=length), sampai=self.dari - dt.timedelta(days=1))

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
        if self.pemilihan:
            names = vocab.election_names()
            parts.append(", ".join(names.get(p, p) for p in self.pemilihan))
        if self.wilayah:
            names = region_names or {}
            shown = [names.get(c, c) for c in self.wilayah[:3]]
            more = f" +{len(self.wilayah) - 3}" if len(self.wilayah) > 3 else ""
            parts.append(", ".join(shown) + more)
        for key, tax in (("jenis", "jenis_pelanggaran"), ("hasil", "hasil"), ("sanksi", "sanksi")):
            value = getattr(self, key)
            if value:
                labels = vocab.labels(tax)
                parts.append(
                    ", ".join(labels.get(v, v) for v in value[:2]) + (f" +{len(value) - 2}" if len(value) > 2 else "")
                )
        return " · ".join(parts) if parts else "semua wilayah dan pemilihan"
