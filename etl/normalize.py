"""Normalise raw records (canonical field -> cell) into case rows or quarantine reasons.

This is where the vocabulary (regions, dates, elections, taxonomies) is applied, a batch of one
table's records at a time and column by column (:meth:`Normaliser.normalise_rows`): each distinct
value of a column is worked out once. A record that can be loaded gives its case-level columns and
one or more :class:`Person` s (a row saying "Jumlah ASN: 9" with no names becomes nine); a record
that cannot gives an Indonesian quarantine reason. Field-level problems that do not block loading
go to ``masalah_data``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any, TypeVar

from etl.classify import classifiers
from etl.dates import UNKNOWN, ParsedDate, parse_date
from etl.regions import RegionMatch, RegionProblem, RegionResolver
from etl.textnorm import EMPTY_TEXTS, fold, leading_number, squash
from netralitas import vocab


@dataclass(frozen=True)
class SourceDefaults:
    """Defaults for the files under a folder, from its ``sumber.yml`` (nearest folder wins)."""

    wilayah: str | None = None
    pemilihan: str | None = None
    sumber: str | None = None
    kolom: tuple[tuple[str, str], ...] = ()
    urutan_tanggal: str = "dmy"
    sintetis: bool = False
    #: True when ``sumber.yml`` sets ``urutan_tanggal``: then the order is never inferred from a file.
    urutan_tanggal_ditetapkan: bool = False

    @property
    def overrides(self) -> dict[str, str]:
        return dict(self.kolom)


@dataclass(slots=True)
class Person:
    nama: str | None
    nip: str | None
    jabatan: str | None


@dataclass
class NormalisedRows:
    """A batch of records normalised column by column (:meth:`Normaliser.normalise_rows`).

    ``alasan`` has one entry per record: its quarantine reason, or None when it loads. The rest hold
    the loaded records only, in input order: ``fields`` the case-level published columns (column ->
    one value per record), ``persons`` and ``masalah`` (field-level problems) one list per record."""

    alasan: list[str | None]
    fields: dict[str, list[Any]]
    persons: list[list[Person]]
    masalah: list[list[str]]


# ------------------------------------------------------------------ elections

_YEAR = re.compile(r"\b(20\d{2}|19\d{2})\b")
_PILKADA_WORDS = {
    "pilkada",
    "pilwalkot",
    "pilbup",
    "pilgub",
    "pilwali",
    "kepala",
    "gubernur",
    "bupati",
    "walikota",
    "wali",
}
_PEMILU_WORDS = {"pemilu", "pileg", "pilpres", "presiden", "legislatif", "dpr", "dprd", "dpd", "umum", "caleg"}


@lru_cache(maxsize=4096)
def parse_election(text: str | None) -> str | None:
    """``"Pilkada Serentak 2024"`` -> ``pilkada_2024``; None when not recognisable."""
    if not text:
        return None
    codes = {e.kode for e in vocab.elections()}
    folded = fold(text)
    if folded.replace(" ", "_") in codes:
        return folded.replace(" ", "_")
    words = set(folded.split())
    years = {int(y) for y in _YEAR.findall(folded)}
    kinds = set()
    if words & _PILKADA_WORDS or "pemilihan kepala" in folded:
        kinds.add("pilkada")
    if words & _PEMILU_WORDS and "pemilihan kepala" not in folded:
        kinds.add("pemilu")
    matches = [
        e for e in vocab.elections() if (not years or e.pemungutan.year in years) and (not kinds or e.jenis in kinds)
    ]
    if years and len(matches) == 1:
        return matches[0].kode
    return None


@cache
def _election(kode: str) -> vocab.Election | None:
    """:func:`vocab.election`, looked up once per code (it scans the calendar; rows ask for it every time)."""
    return vocab.election(kode)


@lru_cache(maxsize=65536)
def infer_election(date: dt.date | None, presisi: str) -> str | None:
    """The election a dated incident belongs to: the next voting day within ~18 months,
    or one that took place up to 60 days before (post-vote follow-up)."""
    if date is None or presisi not in ("hari", "bulan"):
        return None
    upcoming = [e for e in vocab.elections() if 0 <= (e.pemungutan - date).days <= 550]
    if upcoming:
        return min(upcoming, key=lambda e: e.pemungutan).kode
    recent = [e for e in vocab.elections() if 0 < (date - e.pemungutan).days <= 60]
    return recent[-1].kode if recent else None


# ------------------------------------------------------------------ register numbers

_ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}
_REGISTER = re.compile(r"/(?P<kind>LP|TM)/.*?/(?P<bulan>[IVX]{1,4})/(?P<tahun>(?:19|20)\d{2})\s*$", re.IGNORECASE)


def parse_register(nomor: str | None) -> tuple[str | None, dt.date | None]:
    """Source kind and register month from a Bawaslu register number.

    The region part (``27.09`` in ``002/LP/PL/Kab/27.09/III/2024``) is Bawaslu's own
    numbering, not a Kemendagri code, so it is deliberately never read."""
    if not nomor:
        return None, None
    m = _REGISTER.search(nomor)
    if not m:
        return None, None
    return _register_parts(*m.group("kind", "bulan", "tahun"))


@lru_cache(maxsize=4096)
def _register_parts(kind: str, bulan: str, tahun: str) -> tuple[str, dt.date | None]:
    """What the kind, month and year parts of a register number say (a few hundred distinct
    combinations, while nearly every register number is distinct)."""
    month = _ROMAN.get(bulan.upper())
    return (
        "laporan_masyarakat" if kind.upper() == "LP" else "temuan_pengawas",
        dt.date(int(tahun), month, 1) if month else None,
    )


# ------------------------------------------------------------------ counts and people

_LEADING_INT = re.compile(r"^\s*(\d{1,7})(?:[.,]0+)?\b")


def parse_count(value: object) -> tuple[int | None, str | None]:
    """``9``, ``"9 orang"``, ``"sembilan"`` -> 9. Returns (count, problem)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"jumlah ASN tidak terbaca: {value!r}"
    if isinstance(value, (int, float)):
        if value != value or value < 0 or float(value) != int(value):
            return None, f"jumlah ASN tidak terbaca: {value!r}"
        return int(value), None
    text = str(value)
    m = _LEADING_INT.match(text)
    if m:
        return int(m[1]), None
    n = leading_number(fold(text))
    if n is not None:
        return n, None
    return None, f'jumlah ASN tidak terbaca: "{text[:40]}"'


_SPLIT_PEOPLE = re.compile(r"\s*(?:;|\n|\r)\s*")
_SPLIT_NIPS = re.compile(r"\s*(?:;|,|\n|\r|\|)\s*")
_NIP_SEPARATOR = re.compile(r"[;,\n\r|]")
_AND = re.compile(r"\s+(?:dan|&)\s+", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"[;,\n\r&]|\sdan\s", re.IGNORECASE)
_NIP_DIGITS = re.compile(r"\D")
#: A degree written in its usual shape even when not in gelar.yml: "S.Tr.Keb", "M.I.Kom".
_DEGREE_SHAPE = re.compile(r"^[A-Z][a-z]{0,3}\.(?:[A-Z][A-Za-z]{0,4}\.?)+$")


def split_people(text: str | None) -> list[str | None]:
    """Cells of several people separated by ``;`` or new lines, in order. An empty part (``-``) stays
    as None so the parts of the name, NIP and position columns keep their positions."""
    if not text:
        return []
    if ";" not in text and "\n" not in text and "\r" not in text:
        one = text.strip(" .,")
        return [one] if one else []
    parts = [x.strip(" .,") for x in _SPLIT_PEOPLE.split(text)]
    if not any(p and p not in EMPTY_TEXTS for p in parts):
        return []
    return [None if p in EMPTY_TEXTS else p for p in parts if p != ""]


def is_degree(text: str) -> bool:
    """``S.Pd.``, ``M.Pd``, ``S. Sos``: every word an academic or professional degree (``gelar.yml``)."""
    words = text.split()
    return bool(words) and all(squash(w) in vocab.degrees() or _DEGREE_SHAPE.match(w) for w in words)


def _has_name_separator(text: str) -> bool:
    """``_NAME_SEPARATORS.search(text)``, with plain substring tests first: the regex can only match
    " dan " when the lowered text holds "dan" (no other character matches d, a or n ignoring case)."""
    if ";" in text or "," in text or "\n" in text or "\r" in text or "&" in text:
        return True
    return "dan" in text.lower() and _NAME_SEPARATORS.search(text) is not None


def split_names(text: str | None) -> list[str | None]:
    """Names of one or more terlapor: ``;``/new lines as :func:`split_people`, then commas and
    ``dan``/``&`` between full names ("Sri Wahyuni, Agus Salim" is two people), while degrees after a
    comma stay with their name ("Dewi Lestari, S.Pd., M.Pd." is one)."""
    if text and not _has_name_separator(text):  # the common case: one name, nothing to split
        one = text.strip(" .,")
        return [one] if one else []
    names: list[str | None] = []
    for part in split_people(text):
        if part is None:
            names.append(None)
            continue
        current: str | None = None
        for piece in (p.strip(" ,") for p in _AND.sub(",", part).split(",")):
            if not piece:
                continue
            if current is not None and is_degree(piece):
                current = f"{current}, {piece}"
            else:
                if current is not None:
                    names.append(current.strip(" .,"))
                current = piece
        if current is not None:
            names.append(current.strip(" .,"))
    return names


def name_without_degrees(name: str) -> str:
    """``Bambang Sutrisno, S.Pd.`` -> ``Bambang Sutrisno`` (the same person with or without degrees)."""
    if "," not in name:
        return name
    return ",".join(p for p in name.split(",") if not is_degree(p.strip())).strip(" .,")


def split_nips(text: str | None) -> list[str | None]:
    """NIPs of several people: also separated by commas (a NIP never holds one)."""
    if not text:
        return []
    if not _NIP_SEPARATOR.search(text):  # one NIP (the common case): the split below would give [text]
        one = text.strip(" .")
        return [] if one == "" else [None if one in EMPTY_TEXTS else one]
    parts = [x.strip(" .") for x in _SPLIT_NIPS.split(text)]
    return [None if p in EMPTY_TEXTS else p for p in parts if p != ""]


_DIGIT = re.compile(r"\d")
_NIP_IN_TEXT = re.compile(r"[\s,;/(\[-]*(?:NIP\.?\s*:?\s*)?((?<!\d)(?:\d[\s.\-]?){17}\d(?!\d))[)\]]?", re.IGNORECASE)


def take_nips(text: str | None) -> tuple[str | None, list[str | None]]:
    """A name cell that also carries NIPs ("Ahmad Fauzi / 198001012005011001", "Sri (NIP 1980…)"):
    the text without them, and the NIPs in order."""
    if not text or not _DIGIT.search(text):
        return text, []
    nips: list[str | None] = [m[1] for m in _NIP_IN_TEXT.finditer(text)]
    return (_NIP_IN_TEXT.sub("", text).strip() or None) if nips else text, nips


def clean_nip(text: str) -> str | None:
    digits = _NIP_DIGITS.sub("", text)
    return digits if len(digits) == 18 else None


def _positions(text: str | None, people: int) -> list[str | None]:
    """Positions aligned with the names: ``;`` first; commas only when they give exactly one
    position per person ("Lurah, Sekretaris Lurah" for two names; a single position with a comma,
    "Kepala Dinas Pendidikan, Pemuda dan Olahraga", stays whole)."""
    parts = split_people(text)
    if len(parts) == 1 and people > 1 and parts[0]:
        by_comma = [p.strip(" .") for p in parts[0].split(",") if p.strip(" .")]
        if len(by_comma) == people:
            return list(by_comma)
    return parts


# ------------------------------------------------------------------ the record


def _url_or_doc(value: str | None) -> tuple[str | None, str | None, str | None]:
    """A ``Sumber`` cell is a link, a source kind ("Laporan masyarakat") or a document reference:
    (url, kind, document). A URL column holds links only; a document goes in its own column."""
    if not value:
        return None, None, None
    low = value.lower()
    if low.startswith(("http://", "https://", "www.")):
        return value, None, None
    kind = classifiers()["sumber"].classify(value)
    if kind != "lainnya" and len(value) <= 40:
        return None, kind, None
    return None, None, value


#: The date fields, in the order their problems are listed in ``masalah_data``.
_DATE_FIELDS = ("tanggal_kejadian", "tanggal_laporan", "tanggal_sanksi")

#: An agency text that names a region explicitly (a prefix, not a bare place name).
_NAMES_REGION = re.compile(r"\b(?:kabupaten|kab|kota|pemkab|pemkot|pemko|pemerintah|provinsi|prov|pemprov|propinsi)\b")


class Normaliser:
    """Turns canonical records into cases. One per run (holds the region resolver and caches)."""

    def __init__(self, resolver: RegionResolver):
        self.resolver = resolver
        self.cls = classifiers()
        self._offence = lru_cache(maxsize=65536)(self._offence_uncached)
        self._handling = lru_cache(maxsize=65536)(self._handling_uncached)
        self._provenance = lru_cache(maxsize=65536)(self._provenance_uncached)
        self._dates: dict[tuple[object, str], ParsedDate] = {}
        self._defaults: dict[str, RegionMatch | None] = {}
        self._region = lru_cache(maxsize=65536)(self._region_uncached)

    def _outcome(
        self,
        jenis_text: str | None,
        uraian_text: str | None,
        media_text: str | None,
        sanksi_text: str | None,
        tahap_text: str | None,
        has_rekomendasi: bool,
    ) -> tuple[str, str | None, str, str, str, str, str]:
        """(jenis, uraian, media, kategori_sanksi, tahap, hasil, tindak_lanjut_ppk) from the row's texts.
        Made of two halves cached on their own texts: the six texts together repeat far less often."""
        return self._offence(jenis_text, uraian_text, media_text) + self._handling(
            sanksi_text, tahap_text, has_rekomendasi
        )

    def _offence_uncached(
        self, jenis_text: str | None, uraian_text: str | None, media_text: str | None
    ) -> tuple[str, str | None, str]:
        """(jenis, uraian, media): what was done, and where."""
        uraian = " | ".join(t for t in dict.fromkeys([jenis_text, uraian_text]) if t) or None
        jenis = self.cls["jenis_pelanggaran"].first_match(jenis_text, uraian_text)
        media = (
            self.cls["media"].classify(media_text)
            if media_text
            else self.cls["media"].first_match(jenis_text, uraian_text)
        )
        return jenis, uraian, media

    def _handling_uncached(
        self, sanksi_text: str | None, tahap_text: str | None, has_rekomendasi: bool
    ) -> tuple[str, str, str, str]:
        """(kategori_sanksi, tahap, hasil, tindak_lanjut_ppk): how far the case got."""
        kategori_sanksi = self.cls["sanksi"].classify(sanksi_text)
        sanksi_term = next(t for t in vocab.taxonomy("sanksi") if t.kode == kategori_sanksi)
        dijatuhkan = bool(sanksi_term.extra.get("dijatuhkan"))
        tahap = self.cls["tahap"].classify(tahap_text)
        if not tahap_text and has_rekomendasi:
            tahap = "rekomendasi"
        if dijatuhkan and tahap in vocab.stages_before("sanksi_dijatuhkan"):
            tahap = "sanksi_dijatuhkan"
        hasil = _hasil(tahap, tahap_text, dijatuhkan)
        if hasil == "terbukti":
            tindak_lanjut = "sudah" if dijatuhkan else "belum"
        else:
            tindak_lanjut = "tidak_relevan"
        return kategori_sanksi, tahap, hasil, tindak_lanjut

    def _provenance_uncached(
        self, sumber_url: str | None, sumber_jenis: str | None, register_kind: str | None, default: str | None
    ) -> tuple[str | None, str | None, str]:
        """(sumber_url, dokumen_sumber, sumber): a link or a document, and the kind of source."""
        url, kind_from_sumber, document = _url_or_doc(sumber_url)
        sumber = (
            (self.cls["sumber"].classify(sumber_jenis) if sumber_jenis else None)
            or kind_from_sumber
            or register_kind
            or default
            or "lainnya"
        )
        return url, document, sumber

    def _parse_date(self, value: object, order: str) -> ParsedDate:
        """A date cell as :func:`_date_value` gives it, parsed (cached run-wide, up to a bound)."""
        if value is _NO_CELL:
            return UNKNOWN
        key = (value, order)
        hit = self._dates.get(key)
        if hit is None:
            hit = parse_date(value, order)
            if len(self._dates) < 200_000:
                self._dates[key] = hit
        return hit

    def _region_uncached(
        self, wilayah: str | None, provinsi: str | None, instansi: str | None, default: str | None
    ) -> RegionMatch | RegionProblem:
        return self._agency_region(wilayah, provinsi, instansi, default) or self.resolver.resolve(
            wilayah or "", provinsi=provinsi, instansi=instansi, default=default
        )

    def _agency_region(
        self, wilayah: str | None, provinsi: str | None, instansi: str | None, default: str | None
    ) -> RegionMatch | None:
        """A register without a region column (a KASN recap) still names the region in the agency:
        "Pemerintah Kabupaten Bogor", "Dinas Kesehatan Kota Kediri". Used only when the row has no
        region, the agency names one explicitly and unambiguously, and the folder's default is not
        already a kabupaten/kota (a regency's own register keeps its region) but, if it is a
        province, contains the agency's region."""
        if wilayah or not instansi:
            return None
        return self._agency_region_uncached(instansi, provinsi, default)

    def _agency_region_uncached(self, instansi: str, provinsi: str | None, wilayah: str | None) -> RegionMatch | None:
        if not _NAMES_REGION.search(fold(instansi)):
            return None
        default = self._default_region(wilayah)
        if default is not None and default.kode_kabupaten_kota is not None:
            return None
        found = self.resolver.resolve(instansi, provinsi=provinsi, instansi=instansi)
        if not isinstance(found, RegionMatch):
            return None
        if found.kode_kabupaten_kota is None and (provinsi or default is not None):
            return None  # a province the row already says: nothing finer to add
        place = found.nama_kabupaten_kota or found.nama_provinsi
        bare = re.sub(r"^(?:kabupaten|kota)(?: administrasi)? ", "", fold(place))
        if f" {bare} " not in f" {fold(instansi)} ":  # written out, not read through a typo
            return None
        if default is not None and found.kode_provinsi != default.kode_provinsi:
            return None
        return replace(found, catatan=f'wilayah dibaca dari instansi "{instansi[:60]}" ({place})')

    def _default_region(self, wilayah: str | None) -> RegionMatch | None:
        if not wilayah:
            return None
        if wilayah not in self._defaults:
            found = self.resolver.resolve("", default=wilayah)
            self._defaults[wilayah] = found if isinstance(found, RegionMatch) else None
        return self._defaults[wilayah]

    def normalise_rows(
        self,
        records: list[dict[str, object]],
        texts: list[dict[str, str | None]],
        defaults: SourceDefaults,
        max_persons: int,
    ) -> NormalisedRows:
        """A batch of one table's records, column by column. ``records[i]``: field -> raw cell (dates
        and numbers as read); ``texts[i]``: the same cells cleaned.

        Regions, dates, elections, taxonomies and provenance repeat heavily down a column (a few
        hundred distinct values in a million rows): each distinct value is worked out once per batch
        (:func:`_per_distinct`, on top of the run-wide caches) and the answers are joined back by
        position. Only what depends on one row's cells together (the people, the date that falls back
        on the register month, the election inferred from a date) is done row by row."""

        def column(name: str) -> list[str | None]:
            return [t.get(name) for t in texts]

        # --- region: never guessed; ambiguity or unknown goes to quarantine with candidates.
        instansi = column("instansi")
        regions = _per_distinct(
            lambda key: self._region(*key, defaults.wilayah),
            list(zip(column("wilayah"), column("provinsi"), instansi, strict=True)),
        )

        # --- dates (date cells from XLSX arrive as date objects, not text)
        order = defaults.urutan_tanggal
        kejadian, laporan, sanksi_tgl = (
            _per_distinct(
                lambda value: self._parse_date(value, order),
                [_date_value(r.get(name), t.get(name)) for r, t in zip(records, texts, strict=True)],
            )
            for name in _DATE_FIELDS
        )
        nomor_register = column("nomor_register")
        registers = list(map(parse_register, nomor_register))
        pemilihan_text = column("pemilihan")
        pemilihan_parsed = _per_distinct(parse_election, pemilihan_text)
        default_election = None
        if defaults.pemilihan:
            default_election = defaults.pemilihan if _election(defaults.pemilihan) else _UNKNOWN_DEFAULT
        counts = _per_distinct(
            lambda key: parse_count(key[1]),
            [  # keyed by type too: 1, 1.0 and True are equal keys but not the same count
                (value.__class__, value)
                for value in (
                    _count_value(r.get("jumlah"), t.get("jumlah")) for r, t in zip(records, texts, strict=True)
                )
            ],
        )

        # --- row by row: what depends on several cells of the same row
        alasan: list[str | None] = []
        keep: list[int] = []
        persons: list[list[Person]] = []
        masalah_rows: list[list[str]] = []
        tanggal_col: list[dt.date | None] = []
        presisi_col: list[str] = []
        pemilihan_col: list[str | None] = []
        hari_col: list[int | None] = []
        rows = zip(
            regions,
            kejadian,
            laporan,
            sanksi_tgl,
            registers,
            pemilihan_text,
            pemilihan_parsed,
            counts,
            column("nama"),
            column("nip"),
            column("jabatan"),
            strict=True,
        )
        for i, (region, kej, lap, sank, register, pem_text, pemilihan, count, nama, nip, jabatan) in enumerate(rows):
            if region.__class__ is RegionProblem:
                alasan.append(region.alasan)
                continue
            masalah = [
                f"{name}: {p.masalah}" for name, p in zip(_DATE_FIELDS, (kej, lap, sank), strict=True) if p.masalah
            ]
            tanggal, presisi = kej.tanggal, kej.presisi
            if tanggal is None and register[1] is not None:
                tanggal, presisi = register[1], "bulan"
                masalah.append("tanggal_kejadian: diisi bulan register (perkiraan)")

            # --- election: column, then folder default, then the calendar
            if pem_text and pemilihan is None:
                masalah.append(f'pemilihan tidak dikenal: "{pem_text[:40]}"')
            if pemilihan is None and default_election is not None:
                if default_election is _UNKNOWN_DEFAULT:
                    masalah.append(f'pemilihan di sumber.yml tidak dikenal: "{defaults.pemilihan}"')
                else:
                    pemilihan = default_election
            if pemilihan is None:
                pemilihan = infer_election(tanggal, presisi) or infer_election(lap.tanggal, lap.presisi)
            hari_sebelum = None
            election = _election(pemilihan) if pemilihan else None
            if election and tanggal and presisi == "hari":
                hari_sebelum = (election.pemungutan - tanggal).days

            # --- people: names/NIP/jabatan split on ";" and aligned; "Jumlah ASN" may add unnamed people
            people = _people(nama, nip, jabatan, count[0], count[1], max_persons, masalah)
            if people.__class__ is str:
                alasan.append(people)  # type: ignore[arg-type]
                continue
            if region.catatan:
                masalah.append(region.catatan)
            alasan.append(None)
            keep.append(i)
            persons.append(people)  # type: ignore[arg-type]
            masalah_rows.append(masalah)
            tanggal_col.append(tanggal)
            presisi_col.append(presisi)
            pemilihan_col.append(pemilihan)
            hari_col.append(hari_sebelum)

        def loaded(values: list) -> list:
            return values if len(keep) == len(values) else [values[i] for i in keep]

        # --- taxonomies (original text kept in uraian) and provenance: a handful of texts that repeat
        # across rows, so each combination is worked out once (see _outcome and _provenance).
        sanksi = loaded(column("sanksi"))
        rekomendasi = loaded(column("rekomendasi"))
        outcomes = _per_distinct(
            lambda key: self._outcome(*key),
            list(
                zip(
                    loaded(column("jenis_pelanggaran")),
                    loaded(column("uraian")),
                    loaded(column("media")),
                    sanksi,
                    loaded(column("tahap")),
                    map(bool, rekomendasi),
                    strict=True,
                )
            ),
        )
        provenance = _per_distinct(
            lambda key: self._provenance(*key, defaults.sumber),
            list(
                zip(
                    loaded(column("sumber_url")),
                    loaded(column("sumber_jenis")),
                    [kind for kind, _ in loaded(registers)],
                    strict=True,
                )
            ),
        )
        matches: list[RegionMatch] = loaded(regions)
        fields: dict[str, list[Any]] = {
            "pemilihan": pemilihan_col,
            "kode_provinsi": [r.kode_provinsi for r in matches],
            "nama_provinsi": [r.nama_provinsi for r in matches],
            "kode_kabupaten_kota": [r.kode_kabupaten_kota for r in matches],
            "nama_kabupaten_kota": [r.nama_kabupaten_kota for r in matches],
            "tanggal_kejadian": tanggal_col,
            "presisi_tanggal": presisi_col,
            "tanggal_laporan": [p.tanggal for p in loaded(laporan)],
            "tanggal_sanksi": [p.tanggal for p in loaded(sanksi_tgl)],
            "hari_sebelum_pemungutan": hari_col,
            "instansi": loaded(instansi),
            "catatan": loaded(column("catatan")),
            "rekomendasi": rekomendasi,
            "sanksi": sanksi,
            "dasar_hukum": loaded(column("dasar_hukum")),
            "nomor_register": loaded(nomor_register),
            "media_sumber": loaded(column("media_outlet")),
            # provenance of a case drafted from a news article (etl/berita), reviewed before it got here
            "artikel": loaded(column("artikel")),
            "bukti": loaded(column("bukti")),
            "keyakinan": loaded(column("keyakinan")),
            "versi_ekstraktor": loaded(column("versi_ekstraktor")),
            "data_sintetis": [defaults.sintetis] * len(keep),
        }
        for i, name in enumerate(_OUTCOME_COLUMNS):
            fields[name] = [o[i] for o in outcomes]
        for i, name in enumerate(("sumber_url", "dokumen_sumber", "sumber")):
            fields[name] = [p[i] for p in provenance]
        return NormalisedRows(alasan, fields, persons, masalah_rows)


#: What :meth:`Normaliser._outcome` answers, in its order.
_OUTCOME_COLUMNS = ("jenis_pelanggaran", "uraian", "media", "kategori_sanksi", "tahap", "hasil", "tindak_lanjut_ppk")
#: ``sumber.yml`` names an election the calendar does not know (each row says so in masalah_data).
_UNKNOWN_DEFAULT = "?"
#: A date field without a cell at all (not the same as a cell that cleans to nothing).
_NO_CELL = object()


def _count_value(raw: object, text: str | None) -> object:
    """What a "Jumlah ASN" cell is counted from: a number cell as read, a text cell by its cleaned text."""
    return text if isinstance(raw, str) else raw


def _date_value(raw: object, text: str | None) -> object:
    """What a date cell is parsed from: XLSX date and number cells as read, anything else by its
    cleaned text; :data:`_NO_CELL` when the row has no such cell."""
    if raw is None:
        return _NO_CELL
    if raw.__class__ is str:  # the common case: a text cell is parsed by its cleaned text
        return text
    return raw if isinstance(raw, (dt.date, int, float)) and not isinstance(raw, bool) else text


T = TypeVar("T")
R = TypeVar("R")


def _per_distinct(answer: Callable[[T], R], values: list[T]) -> list[R]:
    """``[answer(v) for v in values]``, with ``answer`` called once per distinct value, in order of
    first appearance (values equal in Python, like 1 and 1.0, share one answer: key them by type
    where that matters). Down a column the values repeat heavily."""
    answers: dict = dict.fromkeys(values)
    for value in answers:
        answers[value] = answer(value)
    return list(map(answers.__getitem__, values))


def _people(
    nama: str | None,
    nip: str | None,
    jabatan: str | None,
    count: int | None,
    count_problem: str | None,
    max_persons: int,
    masalah: list[str],
) -> list[Person] | str:
    """A row's terlapor: names, NIPs and positions split on ";" and aligned; "Jumlah ASN" may add
    unnamed people. Field problems are appended to ``masalah``; a row that names nobody to load
    gives its quarantine reason instead."""
    name_text, nips_in_names = take_nips(nama)
    names = split_names(name_text)
    nips_raw = split_nips(nip)
    if not nips_raw and nips_in_names and len(nips_in_names) in (1, len(names)):
        nips_raw = nips_in_names  # "Nama/NIP" columns, "Ahmad Fauzi (NIP 1980…)"
    jabatans = _positions(jabatan, max(len(names), len(nips_raw))) if (names or nips_raw) else []
    if count_problem:
        masalah.append(count_problem)
    named = max(len(names), len(nips_raw))
    n = max(named, count or 0, 1)
    if count is not None and named > count:
        masalah.append(f"jumlah ASN ({count}) lebih kecil dari jumlah nama ({named})")
    if count == 0 and named == 0:
        return "jumlah ASN 0 dan tanpa nama: tidak ada terlapor"
    if n > max_persons:
        return f"jumlah ASN {n:,} melebihi batas {max_persons:,} per baris (periksa isian)"
    nips: list[str | None] = []
    for raw in nips_raw:
        clean = clean_nip(raw) if raw else None
        if raw and clean is None:
            masalah.append("NIP tidak valid (bukan 18 digit), dikosongkan")
        nips.append(clean)
    if len(jabatans) != max(named, 1):
        jabatans = [jabatan] if jabatan else []
    return [
        Person(
            names[i] if i < len(names) else None,
            nips[i] if i < len(nips) else None,
            jabatans[i] if i < len(jabatans) else (jabatans[0] if len(jabatans) == 1 else None),
        )
        for i in range(n)
    ]


def _hasil(tahap: str, tahap_text: str | None, sanctioned: bool) -> str:
    folded = fold(tahap_text or "")
    implied = vocab.stage_outcome().get(tahap)  # referensi/tahap.yml `hasil`
    if re.search(r"\btidak (terbukti|memenuhi)", folded) or implied == "tidak_terbukti":
        return "tidak_terbukti"
    if sanctioned or implied == "terbukti" or re.search(r"\b(terbukti|memenuhi unsur)", folded):
        return "terbukti"
    return "dalam_proses"
