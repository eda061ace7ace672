"""Synthetic national raw data: ``python -m etl sintetis --terlapor N [--seed S] --out DIR``.

Writes one register per Bawaslu office (38 provinces, 514 kabupaten/kota, each in its own
folder with a ``sumber.yml`` saying ``sintetis: true``) in the mixed shapes of the ETL's
input contract: XLSX with title rows (some with a follow-up sheet), ``;``-separated cp1252
CSV, UTF-8 CSV (some with BOM) and JSON Lines. The mess is the real one: region aliases
and spellings, Indonesian dates in several forms, a few month-only dates, counts instead
of names, names separated by ``;``, NIPs with and without spaces, and a few deliberately
bad rows (unknown region, ``JUMLAH`` subtotal, a header pasted mid-file, a broken JSON
line, a follow-up row with an unknown register number) that the ETL must quarantine.

The ETL loads exactly ``terlapor`` rows: every name and NIP is unique (no duplicate
merges), every region spelling is checked against the ETL's own resolver before use, and
the bad rows are the only quarantines. The same seed gives byte-identical files.

Distribution parameters (and where their numbers come from) are data, in
``netralitas/referensi/sintetis.yml``. Row-level values are drawn with numpy in one pass;
text is written with plain string joins; XLSX is written directly as SpreadsheetML
(fixed timestamps and zip dates) because xlsxwriter took ~40 s for 150k rows here. Each
file has its own random stream, so big sets are written by two processes, same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import multiprocessing
import os
import re
import shutil
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from netralitas import config, vocab

SHAPES = ("xlsx", "csv_cp1252", "csv_utf8", "jsonl")
SUFFIX = {"xlsx": ".xlsx", "csv_cp1252": ".csv", "csv_utf8": ".csv", "jsonl": ".jsonl"}
BAD_KINDS = ("wilayah_tidak_dikenal", "subtotal", "judul_berulang", "jsonl_rusak", "tindak_lanjut_tanpa_register")
BAD_SHAPES = {
    "wilayah_tidak_dikenal": set(SHAPES),
    "subtotal": {"xlsx", "csv_cp1252", "csv_utf8"},
    "judul_berulang": {"xlsx", "csv_cp1252", "csv_utf8"},
    "jsonl_rusak": {"jsonl"},
    "tindak_lanjut_tanpa_register": {"xlsx"},  # only workbooks with a follow-up sheet
}
#: Canonical column order of a register; the first block is always written.
REQUIRED_FIELDS = ("tanggal_kejadian", "wilayah", "nama", "jabatan", "jenis_pelanggaran", "tahap", "sanksi")
FIELD_ORDER = (
    "no",
    "nomor_register",
    "tanggal_laporan",
    "tanggal_kejadian",
    "wilayah",
    "provinsi",
    "nama",
    "nip",
    "jabatan",
    "instansi",
    "jenis_pelanggaran",
    "uraian",
    "pemilihan",
    "jumlah",
    "sumber_jenis",
    "tahap",
    "rekomendasi",
    "sanksi",
    "tanggal_sanksi",
)
OUTCOME_FIELDS = ("tahap", "rekomendasi", "sanksi", "tanggal_sanksi")
#: Outcome codes, in the order of ``teks_tahap`` in sintetis.yml.
OUTCOMES = ("dalam_proses", "tidak_terbukti", "terbukti", "disanksi")
MARKER = ".sintetis.json"  # hidden: not data for the ETL; marks a folder this command may replace
FIXED_TIMESTAMP = "2025-01-01T00:00:00Z"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
EXCEL_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()

HARI = vocab.day_names()  # netralitas/referensi/kalender.yml
BULAN = ("", *vocab.month_names())  # index = month number
BLN = ("", *vocab.month_abbreviations())
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ANGKA = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

DATE_FORMATS = {
    "dd/mm/yyyy": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "hari, d/m/yyyy": lambda d: f"{HARI[d.weekday()]}, {d.day}/{d.month}/{d.year}",
    "hari (dd/mm/yyyy)": lambda d: f"{HARI[d.weekday()]} ({d.day:02d}/{d.month:02d}/{d.year})",
    "d bln yyyy": lambda d: f"{d.day} {BLN[d.month]} {d.year}",
    "d bulan yyyy": lambda d: f"{d.day} {BULAN[d.month]} {d.year}",
    "hari, d bulan yyyy": lambda d: f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month]} {d.year}",
    "yyyy-mm-dd": lambda d: d.isoformat(),
    "dd-mm-yyyy": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    # month-only forms (a few rows): the ETL keeps month precision
    "bulan yyyy": lambda d: f"{BULAN[d.month]} {d.year}",
    "bln yyyy": lambda d: f"{BLN[d.month]} {d.year}",
}
DATE_FORMAT_NAMES = tuple(DATE_FORMATS)
MONTH_ONLY = (DATE_FORMAT_NAMES.index("bulan yyyy"), DATE_FORMAT_NAMES.index("bln yyyy"))


# ---------------------------------------------------------------- report


@dataclass
class SyntheticReport:
    """What was written and what the ETL will make of it."""

    out: Path
    seed: int
    expected_terlapor: int  # pelanggaran rows the ETL loads (= the requested N)
    input_rows: int  # rows the ETL counts in (sumber.baris_masuk): case + follow-up + bad rows
    expected_quarantined: int  # = the deliberately bad rows, and nothing else
    files_per_shape: dict[str, int]
    rows_per_shape: dict[str, int]  # case rows (before counts/name lists expand) per shape
    terlapor_per_shape: dict[str, int]
    case_rows: int
    follow_up_rows: int
    blank_rows: int  # skipped by the ETL (sumber.baris_dilewati)
    bad_rows: dict[str, int]
    offices: int  # office folders written (38 + 514)
    offices_with_rows: int
    bytes_written: int
    seconds: float

    @property
    def files(self) -> int:
        return sum(self.files_per_shape.values())

    def as_dict(self) -> dict:
        d = asdict(self)
        d["out"] = str(self.out)
        return d


# ---------------------------------------------------------------- parameters and the world


@cache
def params() -> dict:
    """``referensi/sintetis.yml``, checked against the vocabularies it names."""
    with open(vocab.REFERENCE_DIR / "sintetis.yml", encoding="utf-8") as fh:
        p = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C safe loader: 10x faster
    elections = {e.kode for e in vocab.elections()}
    unknown = set(p["pemilihan"]) - elections
    unknown |= {c for mix in p["jenis_pelanggaran"].values() for c in mix} - set(vocab.codes("jenis_pelanggaran"))
    unknown |= set(p["teks_jenis"]) - set(vocab.codes("jenis_pelanggaran"))
    unknown |= {c for mix in p["jabatan"].values() for c in mix} - set(vocab.codes("jabatan"))
    unknown |= set(p["teks_jabatan"]) - set(vocab.codes("jabatan"))
    unknown |= set(p["sanksi"]) - set(vocab.codes("sanksi"))
    unknown |= set(p["bentuk"]) - set(SHAPES)
    # a weighted code needs texts to write, or its share would silently vanish
    unknown |= {c for mix in p["jenis_pelanggaran"].values() for c, w in mix.items() if w} - set(p["teks_jenis"])
    unknown |= {c for mix in p["jabatan"].values() for c, w in mix.items() if w} - set(p["teks_jabatan"])
    unknown |= {c for c, w in p["sanksi"].items() if w} - set(p["teks_sanksi"])
    if unknown:
        raise ValueError(f"sintetis.yml: kode tidak dikenal atau tanpa teks: {sorted(unknown)}")
    return p


@dataclass
class Office:
    kode: str
    nama: str  # official: "Kabupaten Bekasi", "Kota Administrasi Jakarta Selatan", "Jawa Barat"
    tingkat: str  # provinsi | kabupaten | kota
    kode_provinsi: str
    nama_provinsi: str
    folder: str  # relative to the output folder
    slug: str
    bawaslu_code: str  # the office's own numbering in register numbers (never read as a region)
    spellings: tuple[str, ...]  # every one checked against the ETL resolver
    spelling_p: np.ndarray = field(repr=False)


@dataclass
class World:
    offices: list[Office]
    fictional_regions: tuple[str, ...]
    first: np.ndarray  # name pools (object arrays), words that clash with other text removed
    middle: np.ndarray
    last: np.ndarray
    unreadable_regions: tuple[str, ...] = ()  # official names the ETL resolver does not read back (an ETL bug)


_OFFICIAL_PREFIX = re.compile(r"^(Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota) ")


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def _fold_words(text: str) -> set[str]:
    return set(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _texts_in_params(p: dict) -> list[str]:
    out: list[str] = []

    def walk(x) -> None:
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)

    for key in (
        "teks_jenis",
        "platform",
        "teks_jabatan",
        "teks_instansi",
        "teks_tahap",
        "teks_rekomendasi",
        "teks_sanksi",
        "teks_uraian",
        "uraian_menyebut_nama",
        "teks_pemilihan",
        "teks_sumber",
        "judul_xlsx",
        "wilayah_rekaan",
    ):
        walk(p[key])
    out += list(p["platform"])
    return out


@cache
def world() -> World:
    """Offices with their checked spellings, and the name pools. Reads the same boundary
    files and alias table as the ETL, so every name written is one the ETL resolves."""
    from etl.boundaries import load_boundaries
    from etl.regions import RegionMatch, RegionProblem, RegionResolver

    p = params()
    kab, prov = load_boundaries()
    resolver = RegionResolver.from_boundaries(kab, prov)
    prov_names = {r.kode: r.nama for r in prov}
    aliases: dict[str, list[str]] = {}
    for alias, kode, _ in vocab.region_aliases():
        aliases.setdefault(kode, []).append(alias)

    def reads_as(text: str, office: Office) -> bool:
        instansi = (
            f"Dinas Pendidikan Provinsi {office.nama}"
            if office.tingkat == "provinsi"
            else f"Dinas Pendidikan {office.nama}"
        )
        # a province register has no Provinsi column ("Jambi" beside Provinsi "Jambi" reads as Kota Jambi)
        for provinsi in (None,) if office.tingkat == "provinsi" else (None, office.nama_provinsi):
            for agency in (None, instansi):
                m = resolver.resolve(text, provinsi=provinsi, instansi=agency, default=office.kode)
                if not isinstance(m, RegionMatch):
                    return False
                got = m.kode_kabupaten_kota or m.kode_provinsi
                if got != office.kode:
                    return False
        return True

    def spellings(office: Office, bare: str) -> tuple[tuple[str, ...], np.ndarray]:
        if office.tingkat == "provinsi":
            weights = p["ejaan_wilayah"]["provinsi"]
            candidates: list[tuple[str, str | None]] = [
                ("resmi", office.nama),
                ("berawalan", f"Provinsi {office.nama}"),
                ("singkat", f"Prov. {office.nama}"),
                ("kapital", office.nama.upper()),
            ]
        else:
            weights = p["ejaan_wilayah"]["kabupaten_kota"]
            kab = office.tingkat == "kabupaten"
            typo = f"Kabupeten {bare}" if kab else f"Kota {bare[:-2] + bare[-1]}" if len(bare) >= 8 else None
            candidates = [
                ("resmi", office.nama),
                ("singkat", f"Kab. {bare}" if kab else f"Kota {bare}"),
                ("kapital", office.nama.upper()),
                ("tanpa_awalan", bare),
                ("tanpa_titik", f"Kab {bare}" if kab else None),
                ("salah_ketik", typo),
            ]
        alias_list = aliases.get(office.kode, [])
        candidates += [("alias", a) for a in alias_list]
        texts: list[str] = []
        w: list[float] = []
        for kind, text in candidates:
            if text is None or text in texts or not reads_as(text, office):
                continue
            texts.append(text)
            w.append(weights.get(kind, 0.0) / (len(alias_list) if kind == "alias" else 1))
        if not texts:  # no spelling reads back: cells stay empty and the folder's sumber.yml supplies it
            unreadable.append(office.nama)
            return (), np.ones(0)
        arr = np.asarray(w, dtype=float)
        return tuple(texts), arr / arr.sum()

    unreadable: list[str] = []
    offices: list[Office] = []
    kab_by_prov: dict[str, list] = {}
    for k in kab:
        kab_by_prov.setdefault(k.kode[:2], []).append(k)
    for pr in prov:
        folder = f"{pr.kode}_{_slug(pr.nama)}"
        office = Office(pr.kode, pr.nama, "provinsi", pr.kode, pr.nama, folder, _slug(pr.nama), pr.kode, (), np.ones(1))
        office.spellings, office.spelling_p = spellings(office, pr.nama)
        offices.append(office)
        for i, k in enumerate(kab_by_prov.get(pr.kode, []), 1):
            tingkat = "kota" if k.nama.startswith("Kota") else "kabupaten"
            slug = _slug(k.nama)
            office = Office(
                k.kode,
                k.nama,
                tingkat,
                pr.kode,
                pr.nama,
                f"{folder}/{k.kode}_{slug}",
                slug,
                f"{pr.kode}.{i:02d}",
                (),
                np.ones(1),
            )
            office.spellings, office.spelling_p = spellings(office, _OFFICIAL_PREFIX.sub("", k.nama))
            offices.append(office)

    # "unknown" (not "ambiguous"): no folder default or province can then settle it
    fictional = []
    for text in p["wilayah_rekaan"]:
        m = resolver.resolve(text)
        if isinstance(m, RegionProblem) and "tidak dikenal" in m.alasan:
            fictional.append(text)
    if not fictional:
        raise ValueError("sintetis.yml: semua wilayah_rekaan ternyata dikenali ETL")

    # Name words must not occur in region names or any text written, or the public build's
    # name scrubbing would blank them there too.
    taken: set[str] = set()
    for text in (
        [r.nama for r in kab]
        + list(prov_names.values())
        + [a for a, _, _ in vocab.region_aliases()]
        + _texts_in_params(p)
    ):
        taken |= _fold_words(text)

    def pool(words: list[str]) -> np.ndarray:
        kept = [w for w in dict.fromkeys(words) if w.lower() not in taken and w.isalpha()]
        return np.asarray(kept, dtype=object)

    return World(
        offices,
        tuple(fictional),
        pool(p["nama_depan"]),
        pool(p["nama_tengah"]),
        pool(p["nama_belakang"]),
        tuple(unreadable),
    )


# ---------------------------------------------------------------- encoded text tables


class Table:
    """A small vocabulary of strings (``None`` allowed) with per-shape encodings, for numpy take."""

    def __init__(self, values: Sequence[str | None]):
        self.raw = np.asarray([*values, None], dtype=object)[:-1]  # 1-D even if values are tuples
        self._enc: dict[str, np.ndarray] = {}

    def enc(self, how: str) -> np.ndarray:
        if how == "raw":
            return self.raw
        if how not in self._enc:
            self._enc[how] = np.asarray([encode(v, how) for v in self.raw] + [None], dtype=object)[:-1]
        return self._enc[how]

    def take(self, idx: np.ndarray, how: str) -> list:
        return self.enc(how)[idx].tolist()


def encode(value: object, how: str) -> object:
    """One cell for a shape: ``csv;``/``csv,`` quoted text ("" for empty), ``json`` literal (None for empty)."""
    if how == "raw":
        return value
    if how == "json":
        return None if value is None else json.dumps(value, ensure_ascii=False)  # same as encode_basestring for str
    if value is None:
        return ""
    text = str(value)
    delim = how[-1]
    if delim in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def encode_many(values: list, how: str) -> list:
    """:func:`encode` over a column, with the common cases inlined (this runs on every cell)."""
    if how == "raw":
        return values
    if how == "json":
        esc = json.encoder.encode_basestring
        return [
            None if v is None else esc(v) if v.__class__ is str else str(v) if v.__class__ is int else json.dumps(v)
            for v in values
        ]
    d = how[-1]
    return [
        "" if v is None else v if v.__class__ is str and d not in v and '"' not in v else encode(v, how) for v in values
    ]


def _shape_encoding(shape: str) -> str:
    return {"xlsx": "raw", "csv_cp1252": "csv;", "csv_utf8": "csv,", "jsonl": "json"}[shape]


def _flat(groups: dict, weights: dict | None = None) -> tuple[list, list[str], np.ndarray]:
    """``{code: [texts]}`` -> (texts, code of each text, probability of each text)."""
    texts, codes, probs = [], [], []
    for code, items in groups.items():
        w = 1.0 if weights is None else float(weights.get(code, 0.0))
        for t in items:
            texts.append(t)
            codes.append(code)
            probs.append(w / len(items))
    arr = np.asarray(probs, dtype=float)
    return texts, codes, arr / arr.sum() if arr.sum() > 0 else arr


def _pick(rng: np.random.Generator, groups: np.ndarray, choices: dict[int, np.ndarray], size_hint: int) -> np.ndarray:
    """For each row, an index drawn with the probability vector of its group (groups in sorted order)."""
    out = np.full(size_hint, -1, dtype=np.int32)
    for g in sorted(choices):
        mask = groups == g
        n = int(mask.sum())
        if n:
            p = choices[g]
            out[mask] = rng.choice(len(p), size=n, p=p)
    return out


# ---------------------------------------------------------------- the generator


@dataclass
class FilePlan:
    office: int
    shape: str = "csv_utf8"
    fields: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    follow_up_headers: list[str] = field(default_factory=list)
    follow_up: bool = False
    date_cells: bool = False
    bom: bool = False
    nulls: bool = False
    relpath: str = ""
    bad: list[tuple[str, int]] = field(default_factory=list)  # (kind, position among data rows)


class Generator:
    def __init__(self, terlapor: int, seed: int):
        self.n = terlapor
        self.seed = seed
        self.p = params()
        self.world = world()
        self.rng = np.random.default_rng(seed)
        by_code = {e.kode: e for e in vocab.elections()}
        self.elections = [by_code[code] for code in self.p["pemilihan"]]
        self._build_tables()

    # ------------------------------------------------------------ vocab tables

    def _build_tables(self) -> None:
        p = self.p
        platforms = list(p["platform"])
        pw = np.asarray([p["platform"][k] for k in platforms], dtype=float)
        pw /= pw.sum()
        jenis_groups: dict[str, list[str]] = {}
        jenis_inner: dict[str, list[float]] = {}
        for code, phrases in p["teks_jenis"].items():
            for ph in phrases:
                if "{platform}" in ph:
                    for name, w in zip(platforms, pw, strict=True):
                        jenis_groups.setdefault(code, []).append(ph.format(platform=name))
                        jenis_inner.setdefault(code, []).append(w / len(phrases))
                else:
                    jenis_groups.setdefault(code, []).append(ph)
                    jenis_inner.setdefault(code, []).append(1.0 / len(phrases))
        texts = [t for items in jenis_groups.values() for t in items]
        self.jenis = Table(texts)
        # mixes: 0 = bawaan, 1.. = per-election overrides
        self.mix_names = list(p["jenis_pelanggaran"])
        self.jenis_p = {}
        for i, mix in enumerate(self.mix_names):
            weights = p["jenis_pelanggaran"][mix]
            probs = np.concatenate([np.asarray(jenis_inner[c]) * float(weights.get(c, 0.0)) for c in jenis_groups])
            self.jenis_p[i] = probs / probs.sum()
        self.jab_mix_names = list(p["jabatan"])
        jt, _, _ = _flat(p["teks_jabatan"])
        self.jabatan = Table(jt)
        self.jabatan_p = {i: _flat(p["teks_jabatan"], p["jabatan"][m])[2] for i, m in enumerate(self.jab_mix_names)}

        tt, tc, _ = _flat(p["teks_tahap"])
        self.tahap = Table(tt)
        self.tahap_p = {i: np.where(np.asarray(tc) == o, 1.0, 0.0) / tc.count(o) for i, o in enumerate(OUTCOMES)}
        sanksi_groups = dict(p["teks_sanksi"])
        st, sc, _ = _flat(sanksi_groups)
        self.sanksi = Table([*st, None])
        sanksi_codes = np.asarray([*sc, "-"], dtype=object)
        self.sanksi_cats = list(p["sanksi"])
        cat_w = np.asarray([p["sanksi"][c] for c in self.sanksi_cats], dtype=float)
        cat_w /= cat_w.sum()
        self.sanksi_p: dict[int, np.ndarray] = {}
        for i, cat in enumerate(self.sanksi_cats):  # group = sanctioned row's category
            v = np.where(sanksi_codes == cat, 1.0, 0.0)
            self.sanksi_p[i] = v / v.sum()
        belum = np.where(sanksi_codes == "belum", 1.0, 0.0)
        self.sanksi_p[100] = 0.4 * belum / belum.sum() + 0.6 * (sanksi_codes == "-")  # proven, not sanctioned
        self.sanksi_p[101] = (sanksi_codes == "-").astype(float)  # not proven / in process
        self.sanksi_cat_p = cat_w
        self.rekomendasi = Table([*p["teks_rekomendasi"], None])
        self.uraian = Table(list(p["teks_uraian"]))
        self.instansi = {k: Table(v) for k, v in p["teks_instansi"].items()}
        lt, lc, _ = _flat(p["teks_pemilihan"])
        self.pemilihan = Table(lt)
        self.pemilihan_p = {
            i: np.where(np.asarray(lc) == e.kode, 1.0, 0.0) / lc.count(e.kode) for i, e in enumerate(self.elections)
        }
        self.sumber = {True: Table(p["teks_sumber"]["temuan"]), False: Table(p["teks_sumber"]["laporan"])}

    # ------------------------------------------------------------ plan

    def plan_offices(self) -> None:
        p, rng, offices = self.p, self.rng, self.world.offices
        n_off = len(offices)
        is_prov = np.asarray([o.tingkat == "provinsi" for o in offices])
        mult = np.asarray([float(p["kantor"]["pengali_provinsi"].get(o.kode_provinsi, 1.0)) for o in offices])
        w = mult * rng.lognormal(0.0, p["kantor"]["sigma"], n_off)
        share = p["kantor"]["porsi_provinsi"]
        w = np.where(is_prov, w / w[is_prov].sum() * share, w / w[~is_prov].sum() * (1 - share))
        self.office_w = w / w.sum()
        self.is_prov = is_prov
        optional = list(p["kolom_opsional"])
        draws = rng.random((n_off, len(optional)))
        self.has = {name: draws[:, j] < p["kolom_opsional"][name] for j, name in enumerate(optional)}
        self.plans = [FilePlan(i) for i in range(n_off)]

    def sample_rows(self) -> None:
        """Case rows: office, number of terlapor (summing to exactly N) and every row-level value."""
        p, rng, n = self.p, self.rng, self.n
        n_off = len(self.world.offices)
        forced = rng.permutation(n_off)[: min(n, n_off)]  # one row per office first: every office appears
        extra = n - len(forced)
        office = np.concatenate([forced, rng.choice(n_off, size=extra, p=self.office_w)]).astype(np.int32)
        u = rng.random(n)
        kind = np.zeros(n, dtype=np.int8)  # 0 one name, 1 several names, 2 count only
        p_count, p_multi = p["porsi_baris_jumlah"], p["porsi_baris_beberapa_nama"]
        kind[(u < p_count) & self.has["jumlah"][office]] = 2
        kind[(u >= p_count) & (u < p_count + p_multi)] = 1
        kind[: len(forced)] = 0
        k = np.ones(n, dtype=np.int32)
        multi = kind == 1
        k[multi] = 2 + (rng.random(int(multi.sum())) < 0.25)
        counted = kind == 2
        k[counted] = np.minimum(1 + rng.geometric(0.3, int(counted.sum())), 9)
        cum = np.cumsum(k)
        rows = int(np.searchsorted(cum, n)) + 1
        office, kind, k = office[:rows], kind[:rows], k[:rows]
        k[-1] -= int(cum[rows - 1]) - n
        if k[-1] == 1:
            kind[-1] = 0
        assert int(k.sum()) == n

        # elections and dates
        ew = np.asarray([self.p["pemilihan"][e.kode]["bobot"] for e in self.elections], dtype=np.float64)
        e = rng.choice(len(ew), size=rows, p=ew / ew.sum()).astype(np.int8)
        all_votes = sorted(x.pemungutan for x in vocab.elections())
        days = np.zeros(rows, dtype=np.int32)
        vote = np.zeros(rows, dtype=np.int32)
        ramp_share = p["porsi_menjelang"]
        for j, el in enumerate(self.elections):
            cfg = p["pemilihan"][el.kode]
            previous = [v for v in all_votes if v < el.pemungutan]
            window = int(cfg["jendela_hari"])
            if previous:  # stay after the previous voting day, so the ETL infers the right election
                window = min(window, (el.pemungutan - previous[-1]).days - 35)
            mask = e == j
            m = int(mask.sum())
            tau = float(cfg["skala_hari"])
            uu = rng.random(m)
            ramp = np.floor(-tau * np.log1p(-uu * (1 - math.exp(-window / tau)))).astype(np.int32)
            flat = rng.integers(0, window + 1, m)
            days[mask] = np.where(rng.random(m) < ramp_share, np.minimum(ramp, window), flat)
            vote[mask] = el.pemungutan.toordinal()
        incident = vote - days
        lag = np.minimum(rng.geometric(p["jeda_laporan_p"], rows) - 1, 30).astype(np.int32)
        report = incident + lag
        lo, hi = p["jeda_sanksi_hari"]
        sanction_day = report + rng.integers(lo, hi + 1, rows)
        month_only = rng.random(rows) < p["porsi_tanggal_bulan"]
        temuan_share = np.asarray(
            [p["porsi_temuan"].get(el.kode, p["porsi_temuan"]["lainnya"]) for el in self.elections]
        )
        tm = rng.random(rows) < temuan_share[e]

        # outcome funnel
        funnel = [p["corong"].get(el.kode, p["corong"]["lainnya"]) for el in self.elections]
        ps = np.asarray([f["disanksi"] for f in funnel])[e]
        pt = np.asarray([f["terbukti"] for f in funnel])[e]
        pn = np.asarray([f["tidak_terbukti"] for f in funnel])[e]
        u = rng.random(rows)
        outcome = np.where(u < ps, 3, np.where(u < pt, 2, np.where(u < pt + pn, 1, 0))).astype(np.int8)

        # texts
        jenis_mix = np.asarray(
            [self.mix_names.index(el.kode) if el.kode in self.mix_names else 0 for el in self.elections]
        )[e]
        jenis = _pick(rng, jenis_mix, self.jenis_p, rows)
        tahap = _pick(rng, outcome.astype(np.int32), self.tahap_p, rows)
        cat = np.full(rows, -1, dtype=np.int32)
        sanctioned = outcome == 3
        cat[sanctioned] = rng.choice(len(self.sanksi_cat_p), size=int(sanctioned.sum()), p=self.sanksi_cat_p)
        sgroup = np.where(sanctioned, cat, np.where(outcome == 2, 100, 101))
        sanksi = _pick(rng, sgroup, self.sanksi_p, rows)
        n_rek = len(self.rekomendasi.raw) - 1
        rek = np.where(outcome >= 2, rng.integers(0, n_rek, rows), n_rek)
        instansi = rng.integers(0, 1 << 30, rows)  # reduced modulo the office's list when written
        instansi_named = rng.random(rows) < p["porsi_instansi_bernama_wilayah"]
        uraian = rng.integers(0, len(self.uraian.raw), rows)
        uraian_names = rng.random(rows) < p["porsi_uraian_menyebut_nama"]
        pemilihan = _pick(rng, e.astype(np.int32), self.pemilihan_p, rows)
        sumber = rng.integers(0, 2, rows)
        blank_share = np.where(self.is_prov[office], p["porsi_wilayah_kosong_provinsi"], p["porsi_wilayah_kosong"])
        blank_region = rng.random(rows) < blank_share
        count_style = rng.integers(0, 3, rows)  # 9 | "9 orang" | "sembilan"
        show_count = rng.random(rows) < 0.5  # a named row writes its count half the time
        has_nip = rng.random(rows) < p["porsi_nip"]
        nip_spaced = rng.random(rows) < p["porsi_nip_berspasi"]

        # registers are kept in report order within each office
        order = np.lexsort((report, office))
        self.rows = {
            "office": office,
            "kind": kind,
            "k": k,
            "e": e,
            "incident": incident,
            "report": report,
            "sanction_day": sanction_day,
            "month_only": month_only,
            "tm": tm,
            "outcome": outcome,
            "jenis": jenis,
            "tahap": tahap,
            "sanksi": sanksi,
            "rek": rek,
            "instansi": instansi,
            "instansi_named": instansi_named,
            "uraian": uraian,
            "uraian_names": uraian_names,
            "pemilihan": pemilihan,
            "sumber": sumber,
            "blank_region": blank_region,
            "count_style": count_style,
            "show_count": show_count,
            "has_nip": has_nip,
            "nip_spaced": nip_spaced,
        }
        # compact dtypes: a million rows of these stay well under 100 MB
        self.rows = {
            name: (arr[order].astype(np.int32) if arr.dtype == np.int64 else arr[order])
            for name, arr in self.rows.items()
        }
        self.n_rows = rows
        self.pstart = np.concatenate([[0], np.cumsum(self.rows["k"])[:-1]]).astype(np.int64)
        self.bounds = np.searchsorted(self.rows["office"], np.arange(len(self.world.offices) + 1))

    def sample_persons(self) -> None:
        """Per terlapor: position (jabatan), a unique name, a unique NIP."""
        rng, n, w = self.rng, self.n, self.world
        row_of = np.repeat(np.arange(self.n_rows), self.rows["k"])
        e = self.rows["e"][row_of]
        jab_mix = np.asarray(
            [self.jab_mix_names.index(el.kode) if el.kode in self.jab_mix_names else 0 for el in self.elections]
        )[e]
        self.p_jabatan = _pick(rng, jab_mix, self.jabatan_p, n)
        # names: distinct (first, middle, [middle2], last) tuples; 4 words only when 3 run short
        nf, nm, nl = len(w.first), len(w.middle), len(w.last)
        k3 = nf * nm * nl
        n3 = min(n, k3 // 2)
        idx3 = rng.choice(k3, size=n3, replace=False) if n3 else np.zeros(0, dtype=np.int64)
        n4 = n - n3
        idx4 = self._unique_draw(lambda size: rng.integers(0, k3 * (nm - 1), size), n4)
        self.name_f = np.concatenate([idx3 % nf, idx4 % nf])
        self.name_m = np.concatenate([(idx3 // nf) % nm, (idx4 // nf) % nm])
        self.name_l = np.concatenate([(idx3 // (nf * nm)) % nl, (idx4 // (nf * nm)) % nl])
        # the second middle name is never the first one ("Dwi Dwi"): offset from it, still one-to-one
        self.name_m2 = np.concatenate([np.full(n3, -1), (self.name_m[n3:] + 1 + idx4 // k3) % nm])
        shuffle = rng.permutation(n)
        self.name_f, self.name_m, self.name_l, self.name_m2 = (
            a[shuffle] for a in (self.name_f, self.name_m, self.name_l, self.name_m2)
        )

        # NIP: birth date (1965-1999), appointment month (age 22-35), sex digit, serial
        def draw_nip(size: int) -> np.ndarray:
            birth = np.datetime64("1965-01-01") + rng.integers(0, 35 * 365, size).astype("timedelta64[D]")
            y = birth.astype("datetime64[Y]").astype(np.int64) + 1970
            mo = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
            d = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
            ty = np.minimum(y + rng.integers(22, 36, size), 2023)
            tmo = rng.integers(1, 13, size)
            sex = rng.integers(1, 3, size)
            serial = rng.integers(1, 1000, size)
            return ((y * 10000 + mo * 100 + d) * 10**10 + (ty * 100 + tmo) * 10**4 + sex * 1000 + serial).astype(
                np.int64
            )

        self.nip = self._unique_draw(draw_nip, n)

    @staticmethod
    def _unique_draw(draw, size: int) -> np.ndarray:
        """``size`` distinct values from ``draw``, redrawing collisions (rare) in order."""
        values = draw(size).astype(np.int64)
        while size:
            _, first = np.unique(values, return_index=True)
            dup = np.ones(size, dtype=bool)
            dup[first] = False
            if not dup.any():
                break
            values[dup] = draw(int(dup.sum()))
        return values

    def finish_plans(self) -> None:
        """Shapes, columns and headers per office file; then where the bad rows go."""
        p, rng = self.p, self.rng
        offices = self.world.offices
        n_off = len(offices)
        rows_per_office = np.diff(self.bounds)
        active = np.flatnonzero(rows_per_office > 0)
        sw = np.asarray([p["bentuk"][s] for s in SHAPES], dtype=float)
        shape_idx = rng.choice(len(SHAPES), size=n_off, p=sw / sw.sum())
        # every shape present whenever there are enough files
        for s in range(len(SHAPES)):
            present = shape_idx[active]
            if len(active) >= len(SHAPES) and s not in present:
                counts = np.bincount(present, minlength=len(SHAPES))
                donors = [i for i in active if counts[shape_idx[i]] > 1]
                shape_idx[donors[int(rng.integers(len(donors)))]] = s
        flags = rng.random((n_off, 5))
        for i, plan in enumerate(self.plans):
            o = offices[i]
            plan.shape = SHAPES[shape_idx[i]]
            plan.follow_up = plan.shape == "xlsx" and flags[i, 0] < p["porsi_xlsx_tindak_lanjut"]
            plan.date_cells = plan.shape == "xlsx" and flags[i, 1] < p["porsi_xlsx_tanggal_sel"]
            plan.bom = plan.shape == "csv_utf8" and flags[i, 2] < p["porsi_csv_bom"]
            plan.nulls = plan.shape == "jsonl" and flags[i, 3] < p["porsi_jsonl_null"]
            fields = []
            for name in FIELD_ORDER:
                if name in REQUIRED_FIELDS or (name in self.has and self.has[name][i]):
                    fields.append(name)
            if plan.follow_up and "nomor_register" not in fields:
                fields.insert(fields.index("tanggal_kejadian"), "nomor_register")
            # an empty region cell beside a Provinsi cell reads as the province: such offices write none
            if (o.tingkat == "provinsi" or not o.spellings) and "provinsi" in fields:
                fields.remove("provinsi")
            if plan.shape == "jsonl" and "no" in fields:
                fields.remove("no")
            if "nomor_register" not in fields:
                fields.insert(fields.index("tahap"), "sumber_jenis")
            plan.fields = fields
            style = "en" if plan.shape == "jsonl" else "id"
            synonyms = p["judul_kolom"][style]
            picks = rng.integers(0, 1 << 30, len(fields) + len(OUTCOME_FIELDS) + 1)
            plan.headers = [synonyms[f][int(picks[j]) % len(synonyms[f])] for j, f in enumerate(fields)]
            if plan.follow_up:
                fu = ["nomor_register"] + [f for f in OUTCOME_FIELDS if f in fields]
                base = len(fields)
                plan.follow_up_headers = [
                    synonyms[f][int(picks[base + j]) % len(synonyms[f])] for j, f in enumerate(fu)
                ]
            name = {"xlsx": "register", "csv_cp1252": "rekap", "csv_utf8": "data", "jsonl": "ekspor"}[plan.shape]
            plan.relpath = f"{o.folder}/{name}_netralitas_{o.slug}{SUFFIX[plan.shape]}"

        # bad rows: only where the shape allows that kind; at least one of each available kind
        kinds = [k for k in BAD_KINDS if any(self._supports(self.plans[i], k) for i in active)]
        n_bad = max(len(kinds), round(self.n * p["porsi_baris_rusak"])) if kinds else 0
        for j in range(n_bad):
            kind = kinds[j % len(kinds)]
            candidates = [i for i in active if self._supports(self.plans[i], kind)]
            office_i = candidates[int(rng.integers(len(candidates)))]
            n_rows = int(rows_per_office[office_i])
            pos = n_rows if kind == "subtotal" else int(rng.integers(0, n_rows + 1))
            self.plans[office_i].bad.append((kind, pos))

    @staticmethod
    def _supports(plan: FilePlan, kind: str) -> bool:
        if plan.shape not in BAD_SHAPES[kind]:
            return False
        return plan.follow_up if kind == "tindak_lanjut_tanpa_register" else True

    # ------------------------------------------------------------ cells of one file

    def _dates(self, ords: np.ndarray, fmt: np.ndarray, how: str, cells: bool) -> list:
        """Date texts (or Excel serials when ``cells``) for day ordinals and format indices."""
        if cells:
            serial = (ords - EXCEL_EPOCH_ORDINAL).tolist()
            month = np.isin(fmt, MONTH_ONLY)
            if month.any():  # month-only dates stay text even in a date-cell column
                texts = self.date_table.enc(how)[fmt, ords - self.date_min]
                serial = [t if m else s for s, t, m in zip(serial, texts.tolist(), month.tolist(), strict=True)]
            return serial
        return self.date_table.enc(how)[fmt, ords - self.date_min].tolist()

    def build_date_table(self) -> None:
        r = self.rows
        lo = int(min(r["incident"].min(), r["report"].min()))
        hi = int(max(r["sanction_day"].max(), r["report"].max()))
        self.date_min = lo
        days = [dt.date.fromordinal(d) for d in range(lo, hi + 1)]
        grid = [[DATE_FORMATS[name](d) for d in days] for name in DATE_FORMAT_NAMES]
        self.date_table = _Grid(grid)
        self.register_month = np.asarray([f"{ROMAN[d.month]}/{d.year}" for d in days], dtype=object)

    def file_rng(self, plan: FilePlan) -> np.random.Generator:
        """The file's own random stream: its bytes do not depend on the order files are written in."""
        return np.random.default_rng(np.random.SeedSequence([self.seed, 1 + plan.office]))

    def file_cells(self, plan: FilePlan, rng: np.random.Generator) -> tuple[dict[str, list], dict]:
        """Column name -> cells (already encoded for the shape) for the office's rows."""
        p = self.p
        o = self.world.offices[plan.office]
        a, b = int(self.bounds[plan.office]), int(self.bounds[plan.office + 1])
        n = b - a
        how = _shape_encoding(plan.shape)
        r = {name: arr[a:b] for name, arr in self.rows.items()}
        k, kind = r["k"], r["kind"]
        ps = self.pstart[a:b]
        p0, p1 = int(ps[0]), int(ps[-1] + k[-1])
        cols: dict[str, list] = {}

        # per-file draws, always in this order (determinism)
        spelling = rng.choice(len(o.spellings), size=n, p=o.spelling_p) if o.spellings else np.zeros(n, dtype=int)
        fw = p["format_tanggal"][plan.shape]
        fmt_names = list(fw)
        fmt = np.asarray([DATE_FORMAT_NAMES.index(f) for f in fmt_names])[
            rng.choice(len(fmt_names), size=n, p=np.asarray(list(fw.values())) / sum(fw.values()))
        ]
        month_fmt = np.asarray(MONTH_ONLY)[rng.integers(0, 2, n)]
        kejadian_fmt = np.where(r["month_only"], month_fmt, fmt)

        # people
        w = self.world
        f, m, l2, m2 = (arr[p0:p1] for arr in (self.name_f, self.name_m, self.name_l, self.name_m2))
        first, middle, last = w.first[f], w.middle[m], w.last[l2]
        second = np.where(m2 >= 0, w.middle[np.maximum(m2, 0)] + " ", "")
        names = first + " " + middle + " " + second + last  # object array, one per terlapor
        rel = ps - p0
        counted = kind == 2
        multi = np.flatnonzero(kind == 1).tolist()
        with_nip = ("nip" in plan.fields) & r["has_nip"] & ~counted
        jab = self.jabatan.raw[self.p_jabatan[p0:p1]]
        name_arr = names[rel]
        name_arr[counted] = None
        nip_arr = self.nip[p0:p1].astype(str).astype(object)[rel]
        spaced = np.flatnonzero(r["nip_spaced"] & with_nip).tolist()
        nip_arr[spaced] = [_spaced(x) for x in nip_arr[spaced].tolist()]
        nip_arr[~with_nip] = None
        first_name, first_nip = name_arr.tolist(), nip_arr.tolist()
        jab_arr = jab[rel]
        for i in multi:  # several names in one cell, "; "-separated and aligned with NIPs and positions
            s, kk = int(rel[i]), int(k[i])
            name_arr[i] = "; ".join(names[s : s + kk].tolist())
            jab_arr[i] = "; ".join(jab[s : s + kk].tolist())
            if with_nip[i]:
                ids = self.nip[p0 + s : p0 + s + kk].astype(str).tolist()
                nip_arr[i] = "; ".join(_spaced(x) if r["nip_spaced"][i] else x for x in ids)
        name_cells, nip_cells, jab_cells = name_arr.tolist(), nip_arr.tolist(), jab_arr.tolist()

        def dyn(values: list) -> list:
            return encode_many(values, how)

        for name in plan.fields:
            if name == "no":
                cols[name] = list(range(1, n + 1)) if how == "raw" else [str(i) for i in range(1, n + 1)]
            elif name == "nomor_register":
                cols[name] = dyn(self._registers(o, r))
            elif name == "tanggal_kejadian":
                cols[name] = self._dates(r["incident"], kejadian_fmt, how, plan.date_cells)
            elif name == "tanggal_laporan":
                cols[name] = self._dates(r["report"], fmt, how, plan.date_cells)
            elif name == "tanggal_sanksi":
                dates = self._dates(r["sanction_day"], fmt, how, plan.date_cells)
                empty = encode(None, how)
                cols[name] = [d if s else empty for d, s in zip(dates, (r["outcome"] == 3).tolist(), strict=True)]
            elif name == "wilayah":
                empty = encode(None, how)
                texts = Table(list(o.spellings)).take(spelling, how) if o.spellings else [empty] * n
                if "provinsi" not in plan.fields:  # the folder's sumber.yml fills an empty cell
                    texts = [empty if bl else t for t, bl in zip(texts, r["blank_region"].tolist(), strict=True)]
                cols[name] = texts
            elif name == "provinsi":
                cols[name] = [encode(o.nama_provinsi, how)] * n
            elif name == "nama":
                cols[name] = dyn(name_cells)
            elif name == "nip":
                cols[name] = dyn(nip_cells)
            elif name == "jabatan":
                cols[name] = dyn(jab_cells)
            elif name == "instansi":
                cols[name] = dyn(self._instansi(o, r))
            elif name == "jenis_pelanggaran":
                cols[name] = self.jenis.take(r["jenis"], how)
            elif name == "uraian":
                texts = self.uraian.raw[r["uraian"]].tolist()
                tpl = p["uraian_menyebut_nama"]
                for i in np.flatnonzero(r["uraian_names"]).tolist():
                    if first_name[i] and first_nip[i]:
                        texts[i] = tpl.format(nama=first_name[i], nip=_spaced(first_nip[i].replace(" ", "")))
                cols[name] = dyn(texts)
            elif name == "pemilihan":
                cols[name] = self.pemilihan.take(r["pemilihan"], how)
            elif name == "jumlah":
                cols[name] = dyn(self._counts(r, how))
            elif name == "sumber_jenis":
                temuan, laporan = self.sumber[True].enc(how).tolist(), self.sumber[False].enc(how).tolist()
                cols[name] = [
                    temuan[q % len(temuan)] if t else laporan[q % len(laporan)]
                    for t, q in zip(r["tm"].tolist(), r["sumber"].tolist(), strict=True)
                ]
            elif name == "tahap":
                cols[name] = self.tahap.take(r["tahap"], how)
            elif name == "rekomendasi":
                cols[name] = self.rekomendasi.take(r["rek"], how)
            elif name == "sanksi":
                cols[name] = self.sanksi.take(r["sanksi"], how)
        extra = {"k": k, "outcome": r["outcome"], "incident": r["incident"], "names": first_name}
        return cols, extra

    def _registers(self, o: Office, r: dict) -> list[str]:
        n = len(r["k"])
        width = max(3, len(str(n)))
        level = {"provinsi": "Prov", "kabupaten": "Kab", "kota": "Kota"}[o.tingkat]
        pilkada = np.asarray([el.jenis == "pilkada" for el in self.elections])[r["e"]]
        mids = [f"/{kind}/{tier}/{level}/{o.bawaslu_code}/" for kind in ("LP", "TM") for tier in ("PL", "PW")]
        mid = np.asarray(mids, dtype=object)[r["tm"].astype(int) * 2 + pilkada.astype(int)].tolist()
        tail = self.register_month[r["report"] - self.date_min].tolist()
        return [f"{i:0{width}d}{m}{t}" for i, m, t in zip(range(1, n + 1), mid, tail, strict=True)]

    def _instansi(self, o: Office, r: dict) -> list[str]:
        table = self.instansi["provinsi" if o.tingkat == "provinsi" else "kabupaten_kota"].raw
        base = table[r["instansi"] % len(table)].tolist()
        suffix = f" Provinsi {o.nama}" if o.tingkat == "provinsi" else f" {o.nama}"
        return [b + suffix if named else b for b, named in zip(base, r["instansi_named"].tolist(), strict=True)]

    def _counts(self, r: dict, how: str) -> list:
        out: list = []
        for kk, kd, style, show in zip(
            r["k"].tolist(), r["kind"].tolist(), r["count_style"].tolist(), r["show_count"].tolist(), strict=True
        ):
            if kd != 2 and not show:
                out.append(None)
            elif style == 0 or kd != 2:
                out.append(kk if how in ("raw", "json") else str(kk))
            elif style == 1:
                out.append(f"{kk} orang")
            else:
                out.append(ANGKA[kk])
        return out

    # ------------------------------------------------------------ bad rows

    def _bad_cells(
        self, plan: FilePlan, kind: str, cols: dict[str, list], extra: dict, rng: np.random.Generator
    ) -> list:
        """One deliberately bad row, as cells in the file's column order (encoded)."""
        how = _shape_encoding(plan.shape)
        if kind == "judul_berulang":
            return [encode(h, how) for h in _pasted_header(plan.fields, plan.headers)]
        if kind == "subtotal":
            row = [encode(None, how)] * len(plan.fields)
            row[0] = encode("JUMLAH", how)
            if "jumlah" in plan.fields:
                row[plan.fields.index("jumlah")] = encode(int(extra["k"].sum()), how if how != "raw" else "raw")
            return row
        # an ordinary-looking case in a region that does not exist
        fake = self.world.fictional_regions[int(rng.integers(len(self.world.fictional_regions)))]
        first = int(rng.integers(len(cols["wilayah"])))
        values = {
            name: (
                col[first]
                if name in ("tanggal_kejadian", "jenis_pelanggaran", "tahap", "jabatan", "pemilihan")
                else encode(None, how)
            )
            for name, col in cols.items()
        }
        values["wilayah"] = encode(fake, how)
        values["nama"] = encode(extra["names"][first] or "Tanpa Nama", how)
        return [values[name] for name in plan.fields]

    # ------------------------------------------------------------ writers

    def write_file(self, root: Path, plan: FilePlan) -> dict:
        rng = self.file_rng(plan)
        cols, extra = self.file_cells(plan, rng)
        stats: dict[str, Any] = {
            "case_rows": len(extra["k"]),
            "terlapor": int(extra["k"].sum()),
            "follow_up": 0,
            "blank": 0,
            "bad": {},
        }
        path = root / plan.relpath
        bad_at: dict[int, list[str]] = {}
        for kind, pos in plan.bad:
            bad_at.setdefault(pos, []).append(kind)
            stats["bad"][kind] = stats["bad"].get(kind, 0) + 1
        register_fields = [f for f in plan.fields if not (plan.follow_up and f in OUTCOME_FIELDS)]
        rows = list(zip(*(cols[f] for f in plan.fields), strict=True))

        def with_bad(data_rows: list, skip: set[str]) -> list:
            if not bad_at:
                return data_rows
            out: list = []
            for pos in range(len(data_rows) + 1):
                for kind in bad_at.get(pos, []):
                    if kind in skip:
                        continue
                    if kind == "subtotal" and plan.shape != "xlsx":
                        out.append(None)  # a blank line above the subtotal, as spreadsheets export it
                        stats["blank"] += 1
                    out.append(_Bad(kind))
                if pos < len(data_rows):
                    out.append(data_rows[pos])
            return out

        if plan.shape == "jsonl":
            keys = [json.dumps(h, ensure_ascii=False) + ": " for h in plan.headers]
            null = "null" if plan.nulls else None

            def keyed(values) -> list[str | None]:
                return [
                    kp + v if v is not None else (kp + null if null else None)
                    for kp, v in zip(keys, values, strict=True)
                ]

            # "key": value pieces built column by column (fast), then one object per line
            pieces = [
                [kp + v if v is not None else (kp + null if null else None) for v in cols[f]]
                for kp, f in zip(keys, plan.fields, strict=True)
            ]
            lines: list[str] = []
            for item in with_bad(list(zip(*pieces, strict=True)), set()):
                if isinstance(item, _Bad):
                    if item.kind == "jsonl_rusak":
                        last = lines[-1] if lines else "{" + keys[0] + '"'
                        lines.append(last[: max(2, len(last) // 2)])
                        continue
                    item = keyed(self._bad_cells(plan, item.kind, cols, extra, rng))
                lines.append("{" + ", ".join(filter(None, item)) + "}")
            data = ("\n".join(lines) + "\n").encode("utf-8")
        elif plan.shape in ("csv_cp1252", "csv_utf8"):
            delim = ";" if plan.shape == "csv_cp1252" else ","
            newline = "\r\n" if plan.shape == "csv_cp1252" else "\n"
            header = delim.join(str(encode(h, "csv" + delim)) for h in plan.headers)
            lines = [header]
            for item in with_bad(rows, set()):
                if item is None:
                    lines.append("")
                elif isinstance(item, _Bad):
                    lines.append(delim.join(self._bad_cells(plan, item.kind, cols, extra, rng)))
                else:
                    lines.append(delim.join(item))
            text = newline.join(lines) + newline
            data = (
                text.encode("cp1252")
                if plan.shape == "csv_cp1252"
                else (("\ufeff" if plan.bom else "") + text).encode("utf-8")
            )
        else:
            data, follow_rows = self._xlsx(plan, cols, extra, rows, register_fields, with_bad, rng)
            stats["follow_up"] = follow_rows
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        stats["bytes"] = len(data)
        return stats

    def _xlsx(self, plan, cols, extra, rows, register_fields, with_bad, rng) -> tuple[bytes, int]:
        o = self.world.offices[plan.office]
        idx = [plan.fields.index(f) for f in register_fields]
        headers = [plan.headers[i] for i in idx]
        date_cols = {j for j, f in enumerate(register_fields) if f.startswith("tanggal_")} if plan.date_cells else set()
        register_rows: list[tuple] = []
        for item in with_bad(rows, {"tindak_lanjut_tanpa_register"}):
            if isinstance(item, _Bad):
                if item.kind == "judul_berulang":
                    register_rows.append(tuple(_pasted_header(register_fields, headers)))
                elif item.kind == "subtotal":
                    row: list[object] = [None] * len(register_fields)
                    row[0] = "JUMLAH"
                    if "jumlah" in register_fields:
                        row[register_fields.index("jumlah")] = int(extra["k"].sum())
                    register_rows.append(tuple(row))
                else:
                    full = self._bad_cells(plan, item.kind, cols, extra, rng)
                    register_rows.append(tuple(full[i] for i in idx))
            else:
                register_rows.append(tuple(item[i] for i in idx))
        titles = [
            t.format(kantor=("PROVINSI " if o.tingkat == "provinsi" else "") + o.nama.upper())
            for t in self.p["judul_xlsx"]
        ]
        sheets = [("Register", titles, headers, register_rows, date_cols)]
        follow_rows = 0
        if plan.follow_up:
            fu_fields = ["nomor_register"] + [f for f in OUTCOME_FIELDS if f in plan.fields]
            fidx = [plan.fields.index(f) for f in fu_fields]
            keep = (extra["outcome"] != 0) | (rng.random(len(rows)) < 0.5)
            fu_rows = [tuple(row[i] for i in fidx) for row, kp in zip(rows, keep.tolist(), strict=True) if kp]
            level = {"provinsi": "Prov", "kabupaten": "Kab", "kota": "Kota"}[o.tingkat]
            follow_rows = len(fu_rows)
            unknowns = sum(1 for kind, _ in plan.bad if kind == "tindak_lanjut_tanpa_register")
            for j in range(unknowns):  # numbers past the register's last one: joined to nothing
                unknown = f"{len(rows) + 901 + j:04d}/LP/PW/{level}/{o.bawaslu_code}/XII/2024"
                fu_rows.append((unknown, self.tahap.raw[0]) + (None,) * (len(fu_fields) - 2))
            fu_dates = {j for j, f in enumerate(fu_fields) if f.startswith("tanggal_")} if plan.date_cells else set()
            sheets.append(("Tindak Lanjut", [], plan.follow_up_headers, fu_rows, fu_dates))
        return xlsx_bytes(sheets, title=f"Register netralitas ASN – Bawaslu {o.nama} (data sintetis)"), follow_rows


@dataclass(frozen=True)
class _Bad:
    """A deliberately bad row to write at this point."""

    kind: str


class _Grid:
    """A 2-D table of strings (format x day) with per-shape encodings."""

    def __init__(self, grid: list[list[str]]):
        self.raw = np.asarray(grid, dtype=object)
        self._enc: dict[str, np.ndarray] = {}

    def enc(self, how: str) -> np.ndarray:
        if how == "raw":
            return self.raw
        if how not in self._enc:
            self._enc[how] = np.asarray([[encode(v, how) for v in row] for row in self.raw.tolist()], dtype=object)
        return self._enc[how]


def _pasted_header(fields: list[str], headers: list[str]) -> list[str | None]:
    """A header row pasted mid-file, its person cells blank (a partial paste): the ETL scrubs every
    name it reads, even from rows it then quarantines, and "Terlapor" is no one's name."""
    return [None if f in ("nama", "nip") else h for f, h in zip(fields, headers, strict=True)]


def _spaced(nip: str) -> str:
    """``198503152010011002`` -> ``19850315 201001 1 002`` (how NIPs are often typed)."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


# ---------------------------------------------------------------- XLSX (SpreadsheetML written directly)

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    _XML + f"<styleSheet {_NS}>"
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _esc(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        s = chr(65 + rem) + s
    return s


def _sheet_xml(
    titles: list[str], header: list[str], rows: list[tuple], date_cols: set[int], sst: dict[str, int]
) -> str:
    ncols = len(header)
    letters = [_col_letter(i) for i in range(ncols)]
    sd = sst.setdefault
    out: list[str] = []
    r = 0
    for title in titles:
        r += 1
        out.append(f'<row r="{r}"><c r="A{r}" t="s" s="2"><v>{sd(title, len(sst))}</v></c></row>')
    if titles:
        r += 1  # an empty row between the titles and the header
    merges = [f"A{i}:{letters[-1]}{i}" for i in range(1, len(titles) + 1)] if ncols > 1 else []
    r += 1
    out.append(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{L}{r}" t="s" s="2"><v>{sd(h, len(sst))}</v></c>' for L, h in zip(letters, header, strict=True)
        )
        + "</row>"
    )
    first = r + 1
    if rows:
        rnums = [str(i) for i in range(first, first + len(rows))]
        cell_cols = []
        for j, col in enumerate(zip(*rows, strict=True)):
            L = letters[j]
            style = ' s="1"' if j in date_cols else ""
            cell_cols.append(
                [
                    ""
                    if v is None
                    else f'<c r="{L}{rn}" t="s"><v>{sd(v, len(sst))}</v></c>'
                    if v.__class__ is str
                    else f'<c r="{L}{rn}"{style}><v>{v}</v></c>'
                    for v, rn in zip(col, rnums, strict=True)
                ]
            )
        out += [
            f'<row r="{rn}">{"".join(cells)}</row>'
            for rn, cells in zip(rnums, zip(*cell_cols, strict=True), strict=True)
        ]
    last = first + len(rows) - 1 if rows else r
    merge_xml = (
        (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
        if merges
        else ""
    )
    return (
        f'{_XML}<worksheet {_NS} {_NS_R}><dimension ref="A1:{letters[-1]}{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
        f"<sheetData>{''.join(out)}</sheetData>{merge_xml}</worksheet>"
    )


def xlsx_bytes(sheets: list[tuple[str, list[str], list[str], list[tuple], set[int]]], title: str = "") -> bytes:
    """A minimal, valid XLSX: shared strings, a date style, merged title rows, fixed timestamps,
    members in a fixed order with a fixed zip date, so the same content gives the same bytes."""
    import io

    sst: dict[str, int] = {}
    sheet_xml = [_sheet_xml(titles, header, rows, dates, sst) for _, titles, header, rows, dates in sheets]
    n = len(sheets)
    members = {
        "[Content_Types].xml": _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>",
        "_rels/.rels": _XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
        "docProps/core.xml": _XML
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_esc(title)}</dc:title><dc:creator>Pantau Netralitas (data sintetis)</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIMESTAMP}</dcterms:modified></cp:coreProperties>',
        "docProps/app.xml": _XML
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Pantau Netralitas</Application></Properties>",
        "xl/workbook.xml": _XML
        + f"<workbook {_NS} {_NS_R}><bookViews><workbookView/></bookViews><sheets>"
        + "".join(f'<sheet name="{_esc(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, *_) in enumerate(sheets, 1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": _XML
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/styles.xml": _STYLES,
        "xl/sharedStrings.xml": _XML
        + f'<sst {_NS} count="{len(sst)}" uniqueCount="{len(sst)}">'
        + "".join(f"<si><t>{_esc(s)}</t></si>" for s in sst)
        + "</sst>",
    }
    for i, xml in enumerate(sheet_xml, 1):
        members[f"xl/worksheets/sheet{i}.xml"] = xml
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"), compresslevel=1)
    return buf.getvalue()


# ---------------------------------------------------------------- entry points


_ACTIVE: tuple[Generator, Path] | None = None  # what forked writer processes work on


def _write_one(office: int) -> tuple[int, dict]:
    assert _ACTIVE is not None, "set by the parent before forking"
    g, root = _ACTIVE
    return office, g.write_file(root, g.plans[office])


def workers_for(terlapor: int) -> int:
    """Writer processes: ``NETRALITAS_SINTETIS_WORKERS``, else 2 for big sets where fork exists.
    Each file has its own random stream, so the bytes are the same whatever the count."""
    configured = config.synthetic_workers()
    if configured is not None:
        return configured
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return min(2, os.cpu_count() or 1) if forkable and terlapor >= 200_000 else 1


def _write_all(g: Generator, root: Path, todo: list[int]):
    """``(plan, stats)`` per office file, written here or by forked processes (biggest first)."""
    global _ACTIVE
    workers = workers_for(g.n)
    if workers <= 1 or len(todo) < 2:
        for office in todo:
            yield g.plans[office], g.write_file(root, g.plans[office])
        return
    order = sorted(todo, key=lambda i: -(int(g.bounds[i + 1]) - int(g.bounds[i])))
    _ACTIVE = (g, root)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for office, stats in pool.imap_unordered(_write_one, order, chunksize=4):
                yield g.plans[office], stats
    finally:
        _ACTIVE = None


def _prepare_target(out: Path) -> Path:
    """A fresh temporary folder beside ``out``. ``out`` itself may be missing, empty, or an
    earlier synthetic output (it has the marker); anything else is refused, never deleted."""
    if out.exists():
        if not out.is_dir():
            raise FileExistsError(f"{out} sudah ada dan bukan folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise FileExistsError(
                f"folder {out} sudah berisi berkas lain (bukan keluaran sintetis); pilih folder kosong"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.sintetis-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


def _sumber_yml(seed: int, kode: str | None) -> str:
    lines = [f"# Data sintetis dari `python -m etl sintetis` (seed {seed}): BUKAN kasus nyata.", "sintetis: true"]
    if kode:
        lines.append(f'wilayah: "{kode}"  # kantor Bawaslu pemilik register ini')
    return "\n".join(lines) + "\n"


def generate(out: Path, terlapor: int, seed: int = 2024) -> SyntheticReport:
    """Write the synthetic national raw folder to ``out``; see the module docstring."""
    started = time.perf_counter()
    if terlapor < 1:
        raise ValueError("jumlah terlapor harus minimal 1")
    out = Path(out)
    tmp = _prepare_target(out)
    try:
        g = Generator(terlapor, seed)
        g.plan_offices()
        g.sample_rows()
        g.sample_persons()
        g.finish_plans()
        g.build_date_table()
        (tmp / "sumber.yml").write_text(_sumber_yml(seed, None), encoding="utf-8")
        (tmp / MARKER).write_text(json.dumps({"terlapor": terlapor, "seed": seed}) + "\n", encoding="utf-8")
        files = dict.fromkeys(SHAPES, 0)
        rows_per_shape = dict.fromkeys(SHAPES, 0)
        terlapor_per_shape = dict.fromkeys(SHAPES, 0)
        bad: dict[str, int] = dict.fromkeys(BAD_KINDS, 0)
        follow = blank = size = with_rows = 0
        for plan in g.plans:
            o = g.world.offices[plan.office]
            folder = tmp / o.folder
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "sumber.yml").write_text(_sumber_yml(seed, o.kode), encoding="utf-8")
        # fewer terlapor than offices: some offices have no register
        todo = [plan.office for plan in g.plans if g.bounds[plan.office + 1] > g.bounds[plan.office]]
        for plan, stats in _write_all(g, tmp, todo):
            with_rows += 1
            files[plan.shape] += 1
            rows_per_shape[plan.shape] += stats["case_rows"]
            terlapor_per_shape[plan.shape] += stats["terlapor"]
            follow += stats["follow_up"]
            blank += stats["blank"]
            size += stats["bytes"]
            for kind, count in stats["bad"].items():
                bad[kind] += count
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    n_bad = sum(bad.values())
    case_rows = sum(rows_per_shape.values())
    return SyntheticReport(
        out=out,
        seed=seed,
        expected_terlapor=terlapor,
        input_rows=case_rows + follow + n_bad,
        expected_quarantined=n_bad,
        files_per_shape=files,
        rows_per_shape=rows_per_shape,
        terlapor_per_shape=terlapor_per_shape,
        case_rows=case_rows,
        follow_up_rows=follow,
        blank_rows=blank,
        bad_rows={k: v for k, v in bad.items() if v},
        offices=len(g.plans),
        offices_with_rows=with_rows,
        bytes_written=size,
        seconds=time.perf_counter() - started,
    )


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m etl sintetis",
        description="Tulis data mentah sintetis nasional (semua kantor Bawaslu, campuran bentuk berkas) untuk demo dan uji beban.",
    )
    parser.add_argument("--terlapor", type=int, required=True, help="jumlah baris terlapor yang akan dimuat ETL")
    parser.add_argument(
        "--seed", type=int, default=2024, help="benih acak (default 2024); seed sama = berkas sama persis"
    )
    parser.add_argument("--out", required=True, help="folder keluaran (kosong, atau keluaran sintetis sebelumnya)")
    args = parser.parse_args(argv)
    if args.terlapor < 1:
        parser.error("--terlapor harus minimal 1")
    try:
        report = generate(Path(args.out), args.terlapor, args.seed)
    except (FileExistsError, ValueError, OSError) as exc:
        print(f"GAGAL: {exc}", file=sys.stderr)
        return 1
    shapes = ", ".join(f"{s} {_fmt(n)}" for s, n in report.files_per_shape.items())
    bad = ", ".join(f"{k} {_fmt(v)}" for k, v in report.bad_rows.items())
    print(f"Data sintetis (seed {report.seed}) ditulis ke {report.out.resolve()}")
    print(f"  {_fmt(report.files)} berkas register ({shapes}) di {_fmt(report.offices)} folder kantor Bawaslu")
    print(
        f"  {_fmt(report.input_rows)} baris masuk ({_fmt(report.case_rows)} baris kasus, "
        f"{_fmt(report.follow_up_rows)} baris tindak lanjut, {_fmt(report.expected_quarantined)} baris rusak)"
    )
    print(
        f"  {_fmt(report.expected_terlapor)} terlapor akan dimuat; {_fmt(report.expected_quarantined)} baris "
        f"sengaja rusak akan dikarantina ({bad})"
    )
    print(f"  {report.bytes_written / 1e6:.1f} MB dalam {report.seconds:.1f} detik".replace(".", ","))
    print(f"Lanjutkan: python -m etl run --raw {args.out} --out <folder gudang>")
    return 0
