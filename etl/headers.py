"""Recognise column headers by synonyms (``netralitas/referensi/kolom.yml``).

Matching ignores case, spaces and punctuation (``Kab/Kota`` == ``kab kota`` ==
``KABKOTA``). A ``sumber.yml`` may add per-folder overrides (``kolom:``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from etl.textnorm import clean_cell, squash
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
    """The canonical field for one header cell, or None when unrecognised."""
    cell = clean_cell(text)
    if cell is None:
        return None
    key = squash(cell)
    if overrides:
        for header, target in overrides.items():
            if squash(str(header)) == key:
                return str(target)
    return _synonym_index().get(key)


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
