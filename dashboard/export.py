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
    """The filtered rows as CSV bytes (BOM + header + rows), in warehouse order (source file, then line)."""
    from dashboard.queries import _with_search

    where, params = f.where()
    where, params = _with_search(where, params, search)
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


def table_columns(columns: tuple[schema.Column, ...], wh: Warehouse) -> list[str]:
    """Names of a declared table's columns a download may carry (public ones, unless internal)."""
    return [c.name for c in columns if wh.mode == "internal" or not c.pribadi]


def frame_csv_bytes(frame, columns: list[str]) -> bytes:
    """A small query result (e.g. the official figures shown on a page) as CSV: the same rules as
    :func:`csv_bytes` (BOM, declared column names, formulas neutralised), built in memory."""
    import csv
    import io

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in frame[columns].itertuples(index=False):
        writer.writerow(["" if _missing(v) else neutralise(_cell(v)) for v in row])
    return BOM + buf.getvalue().encode("utf-8")


def frame_xlsx_bytes(frame, columns: list[str], sheet: str = "data") -> bytes:
    """The same rows as an XLSX workbook (openpyxl): every text cell neutralised, numbers as numbers."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(columns)
    for row in frame[columns].itertuples(index=False):
        ws.append([None if _missing(v) else neutralise(_cell(v)) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _cell(value: object) -> object:
    """Dates as ISO text in CSV/XLSX alike; numpy scalars as Python numbers; 1997.0 as 1997."""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    value = value.item() if hasattr(value, "item") else value
    return int(value) if isinstance(value, float) and value.is_integer() else value
