"""Encoding per shape: one value as a ``csv;``/``csv,`` cell, a JSON literal, or raw (XLSX), and
vocabulary tables pre-encoded once per shape so a column is a numpy ``take``."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

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
