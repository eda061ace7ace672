"""Safe exports: the only way data leaves the dashboard as a file.

CSV is written by DuckDB straight from the warehouse (fast at a million rows; only one
copy of the rows is ever held, as the file's bytes), UTF-8 with BOM so Excel reads it,
columns exactly as in the data dictionary, and every text cell that starts with
``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with ``'`` so a
spreadsheet never runs it as a formula (OWASP CSV injection).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace

from dashboard.filters import Filter
from dashboard.warehouse import Warehouse, connection
from netralitas import schema

BOM = b"\xef\xbb\xbf"
FORMULA_START = r"^[=+\-@\t\r]"


def export_columns(wh: Warehouse) -> list[schema.Column]:
    """Public columns in public mode; the internal build adds the personal ones."""
    return [c for c in schema.PELANGGARAN if wh.mode == "internal" or not c.pribadi]


def neutralise(value: object) -> object:
    """The same rule in Python, for the few exports built in memory (XLSX, tests)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _select_list(columns: list[schema.Column]) -> str:
    parts = []
    for i, c in enumerate(columns):
        # The byte-order mark rides at the start of the first column's name, so DuckDB writes the
        # whole file, BOM included, and the file is read back once (no second copy to prepend it).
        alias = f'"{BOM.decode("utf-8")}{c.name}"' if i == 0 else c.name
        if c.dtype == "teks":
            parts.append(
                f"CASE WHEN regexp_matches({c.name}, '{FORMULA_START}') THEN '''' || {c.name} ELSE {c.name} END AS {alias}"
            )
        else:
            parts.append(f"{c.name} AS {alias}")
    return ", ".join(parts)


def csv_bytes(wh: Warehouse, f: Filter, search: str = "") -> bytes:
    """The filtered rows as CSV bytes (BOM + header + rows), in warehouse order (source file, then line).
    ``search`` is a shortcut for the filter's own ``cari``."""
    if search:
        f = replace(f, cari=search)
    where, params = f.where()
    columns = export_columns(wh)
    cur = connection(wh)
    fd, path = tempfile.mkstemp(suffix=".csv")
    os.close(fd)
    try:
        # DuckDB streams the query to the file (parameters bound, no copy held in memory). No ORDER
        # BY: DuckDB keeps the stored order, which is already the export order (source file, then
        # line), and sorting a million rows would cost more than writing them.
        cur.execute(
            f"COPY (SELECT {_select_list(columns)} FROM pelanggaran {where}) TO '{path}' "
            "(HEADER, DELIMITER ',', QUOTE '\"', DATEFORMAT '%Y-%m-%d')",
            params,
        )
        with open(path, "rb") as fh:
            return fh.read()  # the only copy of the rows in memory: the file's bytes
    finally:
        cur.close()
        os.unlink(path)


def dictionary_markdown() -> bytes:
    return schema.data_dictionary_markdown().encode("utf-8")
