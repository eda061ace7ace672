"""Loaders for the vocabulary files in ``referensi/``.

The vocabulary (elections calendar, violation/sanction/position/media/stage
taxonomies, header synonyms, region aliases) is data: adding an alias or an
election is a line in a file. Both the ETL and the dashboard read it from here.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

REFERENCE_DIR = Path(__file__).resolve().parent / "referensi"


def _load_yaml(name: str):
    with open(REFERENCE_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class Term:
    """One value of a controlled vocabulary (a taxonomy entry)."""

    kode: str
    label: str
    kata_kunci: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@cache
def taxonomy(name: str) -> tuple[Term, ...]:
    """Entries of ``referensi/<name>.yml`` in priority order."""
    entries = _load_yaml(f"{name}.yml")
    terms = []
    for e in entries:
        extra = {k: v for k, v in e.items() if k not in {"kode", "label", "kata_kunci"}}
        terms.append(Term(e["kode"], e["label"], tuple(e.get("kata_kunci") or ()), extra))
    return tuple(terms)


def codes(name: str) -> list[str]:
    return [t.kode for t in taxonomy(name)]


def labels(name: str) -> dict[str, str]:
    return {t.kode: t.label for t in taxonomy(name)}


def sanctioned_codes() -> list[str]:
    """Sanction categories that mean a sanction was imposed (``dijatuhkan: true`` in ``referensi/sanksi.yml``)."""
    return [t.kode for t in taxonomy("sanksi") if t.extra.get("dijatuhkan")]


@cache
def stage_order() -> dict[str, int]:
    """Stage code -> how far handling has gone (``urutan`` in ``referensi/tahap.yml``; 0 = reported)."""
    return {t.kode: int(t.extra["urutan"]) for t in taxonomy("tahap")}


@cache
def stage_outcome() -> dict[str, str | None]:
    """Stage code -> the outcome (``hasil``) it implies, or None when the stage implies none."""
    return {t.kode: t.extra.get("hasil") for t in taxonomy("tahap")}


@cache
def stages_before(kode: str) -> tuple[str, ...]:
    """Stages not yet as far as ``kode``."""
    order = stage_order()
    return tuple(s for s, rank in order.items() if rank < order[kode])


@cache
def stages_reached(kode: str) -> tuple[str, ...]:
    """Stages at or past ``kode`` that did not end as not proven, in file order."""
    order, outcome = stage_order(), stage_outcome()
    return tuple(s for s, rank in order.items() if rank >= order[kode] and outcome[s] != "tidak_terbukti")


@dataclass(frozen=True)
class Milestone:
    nama: str
    mulai: dt.date
    selesai: dt.date | None = None


@dataclass(frozen=True)
class Election:
    kode: str
    nama: str
    jenis: str
    pemungutan: dt.date
    tahapan: tuple[Milestone, ...]


@cache
def elections() -> tuple[Election, ...]:
    """Elections calendar, ordered by voting day."""
    out = []
    for e in _load_yaml("pemilihan.yml"):
        milestones = tuple(Milestone(m["nama"], m["mulai"], m.get("selesai")) for m in e.get("tahapan") or ())
        out.append(Election(e["kode"], e["nama"], e["jenis"], e["pemungutan"], milestones))
    return tuple(sorted(out, key=lambda x: x.pemungutan))


@cache
def election_names() -> dict[str, str]:
    """Election code -> display name (``pilkada_2024`` -> ``Pilkada 2024``), in calendar order."""
    return {e.kode: e.nama for e in elections()}


@cache
def election(kode: str) -> Election | None:
    return next((e for e in elections() if e.kode == kode), None)


@cache
def header_synonyms() -> dict[str, tuple[str, ...]]:
    """Canonical field -> header spellings (``_abaikan`` = known, deliberately not loaded)."""
    return {k: tuple(v) for k, v in _load_yaml("kolom.yml").items()}


@cache
def header_keywords() -> dict:
    """``referensi/kolom_kata.yml``: word rules for long headers, words that rule a header out,
    parents of nested JSON keys that are not about the terlapor."""
    return _load_yaml("kolom_kata.yml")


@cache
def non_case_rows() -> dict:
    """``referensi/baris_bukan_kasus.yml``: labels of subtotal, notes and signature-block rows."""
    return _load_yaml("baris_bukan_kasus.yml")


@cache
def degrees() -> frozenset[str]:
    """Academic and professional degrees written after a name (``referensi/gelar.yml``), dots dropped."""
    return frozenset(str(g) for g in _load_yaml("gelar.yml")["gelar"])


@cache
def region_aliases() -> tuple[tuple[str, str, str], ...]:
    """``(alias, kode, catatan)`` rows of ``referensi/wilayah_alias.csv``."""
    path = REFERENCE_DIR / "wilayah_alias.csv"
    if not path.exists():
        return ()
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("alias") and not r["alias"].startswith("#")]
    return tuple((r["alias"].strip(), r["kode"].strip(), (r.get("catatan") or "").strip()) for r in rows)


@cache
def month_names() -> tuple[str, ...]:
    """``("Januari", …, "Desember")``: index ``month - 1``."""
    return tuple(m["nama"] for m in _load_yaml("kalender.yml")["bulan"])


@cache
def month_abbreviations() -> tuple[str, ...]:
    """``("Jan", …, "Des")``: index ``month - 1``."""
    return tuple(m["singkat"] for m in _load_yaml("kalender.yml")["bulan"])


@cache
def month_spellings() -> dict[str, int]:
    """Every lower-case spelling of a month the ETL reads (name, abbreviation, other spellings) -> month."""
    out: dict[str, int] = {}
    for number, m in enumerate(_load_yaml("kalender.yml")["bulan"], start=1):
        for spelling in (m["nama"], m["singkat"], *m["ejaan_lain"]):
            out[str(spelling).lower()] = number
    return out


@cache
def day_names() -> tuple[str, ...]:
    """``("Senin", …, "Minggu")``: index ``date.weekday()``."""
    return tuple(d["nama"] for d in _load_yaml("kalender.yml")["hari"])


@cache
def day_spellings() -> frozenset[str]:
    """Every lower-case spelling of a weekday the ETL skips before a date."""
    return frozenset(str(s).lower() for d in _load_yaml("kalender.yml")["hari"] for s in (d["nama"], *d["ejaan_lain"]))


@cache
def region_spellings() -> dict:
    """How people write region prefixes (``referensi/wilayah_ejaan.yml``), for the region resolver."""
    return _load_yaml("wilayah_ejaan.yml")
