"""Recognise column headers by synonyms (``netralitas/referensi/kolom.yml``).

Matching ignores case, spaces and punctuation (``Kab/Kota`` == ``kab kota`` ==
``KABKOTA``). A ``sumber.yml`` may add per-folder overrides (``kolom:``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from etl.textnorm import clean_cell, fold, squash
from netralitas import vocab

IGNORED = "_abaikan"


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, spellings in vocab.header_synonyms().items():
        for spelling in (canonical, *spellings):
            index.setdefault(squash(str(spelling)), canonical)
    return index


def canonical_fields() -> set[str]:
    return {k for k in vocab.header_synonyms() if k != IGNORED}


def match_header(text: object, overrides: dict[str, str] | None = None) -> str | None:
    """The canonical field for one header cell, or None when unrecognised.

    In order: the folder's overrides, the exact synonyms of ``kolom.yml``, a nested JSON key by its
    last parts (``payload.terlapor.nama`` -> ``terlapor.nama`` -> ``nama``), then word rules for long
    headers (``kolom_kata.yml``: "Nama ASN yang Dilaporkan", "Kabupaten/Kota Kejadian")."""
    cell = clean_cell(text)
    if cell is None:
        return None
    key = squash(cell)
    if overrides:
        for header, target in overrides.items():
            if squash(str(header)) == key:
                return str(target)
    exact = _synonym_index().get(key)
    if exact is not None:
        return exact
    if "." in cell and _DOTTED_KEY.fullmatch(cell):
        return _nested_key(cell)
    return _by_words(cell)


#: A nested JSON key as flattened by the reader: identifiers joined by dots (not "S.Pd." or a date).
_DOTTED_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


def _nested_key(path: str) -> str | None:
    """A dotted JSON path by its longest known tail; never under a parent that is not the case
    (``pelapor.nama`` is the reporter, not the terlapor)."""
    parts = [p for p in path.split(".") if p]
    refused = {squash(str(w)) for w in vocab.header_keywords()["induk_ditolak"]}
    if any(squash(p) in refused for p in parts[:-1]):
        return None
    for start in range(1, len(parts)):
        tail = "".join(squash(p) for p in parts[start:])
        if tail in _synonym_index():
            return _synonym_index()[tail]
    return _by_words(" ".join(parts[-2:]).replace("_", " "))


#: Word rules apply to header-like cells only: a long sentence is data, not a column title.
_MAX_HEADER_WORDS = 10
_LONGEST_WORD_HEADER = 80


@lru_cache(maxsize=1)
def _word_rules() -> tuple[
    frozenset[str], frozenset[str], tuple[tuple[frozenset[str], frozenset[str], str | None], ...]
]:
    """(refusing words, every word any rule looks at, rules as (all of, one of, field))."""
    spec = vocab.header_keywords()
    rules = tuple(
        (frozenset(r.get("semua") or ()), frozenset(r.get("salah_satu") or ()), r["kolom"]) for r in spec["aturan"]
    )
    known = frozenset().union(*(all_of | one_of for all_of, one_of, _ in rules))
    return frozenset(spec["tolak"]), known, rules


@lru_cache(maxsize=4096)
def _by_words(cell: str) -> str | None:
    if len(cell) > _LONGEST_WORD_HEADER:
        return None
    words = fold(cell).split()
    if not words or len(words) > _MAX_HEADER_WORDS:
        return None
    present = set(words)
    refused, known, rules = _word_rules()
    if present & refused or not present & known:  # most data cells name no header word at all
        return None
    for all_of, one_of, target in rules:
        if all_of <= present and (not one_of or present & one_of):
            return None if target is None else str(target)
    return None


@dataclass
class HeaderMap:
    """Column index -> canonical field for one table, plus what was not recognised."""

    fields: dict[int, str]
    unrecognised: list[str] = field(default_factory=list)

    @property
    def recognised(self) -> set[str]:
        return {f for f in self.fields.values() if f != IGNORED}


def map_headers(cells: Sequence[object], overrides: dict[str, str] | None = None) -> HeaderMap:
    fields: dict[int, str] = {}
    unrecognised: list[str] = []
    taken: set[str] = set()
    for i, cell in enumerate(cells):
        target = match_header(cell, overrides)
        if target is None:
            text = clean_cell(cell)
            if text is not None:
                unrecognised.append(text[:80])
            continue
        if target != IGNORED and target in taken:
            # A second column for the same field (e.g. "Tanggal" and "Tgl Kejadian"): keep the first,
            # report the second so nothing is silently ignored.
            unrecognised.append(f"{clean_cell(cell)} (duplikat {target})")
            continue
        taken.add(target)
        fields[i] = target
    return HeaderMap(fields, unrecognised)


def header_score(cells: Sequence[object], overrides: dict[str, str] | None = None) -> int:
    """How many distinct canonical fields a row names (a header row names several)."""
    if overrides:
        return len(map_headers(cells, overrides).recognised)
    # The same count without building a HeaderMap: this runs on every line a delimiter is tried on.
    found = {_synonym_of(cell) for cell in cells if cell.__class__ is str and len(cell) <= _LONGEST_HEADER}
    found.discard(None)
    found.discard(IGNORED)
    return len(found)


#: No header spelling is longer than this (the synonyms are short); longer cells are data.
_LONGEST_HEADER = 120


@lru_cache(maxsize=65536)
def _synonym_of(cell: str) -> str | None:
    return match_header(cell)


#: A row is taken as the header when it names at least this many fields.
MIN_HEADER_FIELDS = 2
