"""Safe exports: the only way data leaves the dashboard as a file.

CSV is written by DuckDB straight from the warehouse (fast at a million rows; only one
copy of the rows is ever held, as the file's bytes), UTF-8 with BOM so Excel reads it,
columns exactly as in the data dictionary (each code column followed by a ``<kolom>_label``
column with the vocabulary's words), and every text cell that starts with
``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with ``'`` so a
spreadsheet never runs it as a formula (OWASP CSV injection). XLSX (for spreadsheets set to
Indonesian, where a comma CSV opens as one column and ``61.10`` turns into a number) goes through
the same columns and the same rule, with the data dictionary and the citation as extra sheets.
"""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import replace

from dashboard.filters import Filter
from dashboard.warehouse import Warehouse, connection
from netralitas import schema, vocab

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


def _select_list(fields: list[tuple[str, str, schema.Column]]) -> str:
    parts = []
    for i, (name, expr, c) in enumerate(fields):
        # The byte-order mark rides at the start of the first column's name, so DuckDB writes the
        # whole file, BOM included, and the file is read back once (no second copy to prepend it).
        alias = f'"{BOM.decode("utf-8")}{name}"' if i == 0 else name
        if c.dtype == "teks" and name == c.name:
            parts.append(
                f"CASE WHEN regexp_matches({expr}, '{FORMULA_START}') THEN '''' || {expr} ELSE {expr} END AS {alias}"
            )
        else:  # dates, numbers, and label columns (vocabulary text, never user text)
            parts.append(f"{expr} AS {alias}")
    return ", ".join(parts)


def csv_bytes(wh: Warehouse, f: Filter, search: str = "") -> bytes:
    """The filtered rows as CSV bytes (BOM + header + rows), in warehouse order (source file, then line).
    ``search`` is a shortcut for the filter's own ``cari``."""
    if search:
        f = replace(f, cari=search)
    where, params = f.where()
    fields = export_fields(wh)
    cur = connection(wh)
    fd, path = tempfile.mkstemp(suffix=".csv")
    os.close(fd)
    try:
        # DuckDB streams the query to the file (parameters bound, no copy held in memory). No ORDER
        # BY: DuckDB keeps the stored order, which is already the export order (source file, then
        # line), and sorting a million rows would cost more than writing them.
        cur.execute(
            f"COPY (SELECT {_select_list(fields)} FROM pelanggaran {where}) TO '{path}' "
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


# ---------------------------------------------------------------------- labels beside codes

PRESISI_LABELS = {"hari": "Hari", "bulan": "Bulan", "tahun": "Tahun", "tidak_diketahui": "Tidak diketahui"}


def code_labels(column: schema.Column) -> dict[str, str] | None:
    """The vocabulary's own words for a code column (None for a column that holds no codes)."""
    if column.kosakata == "pemilihan":
        return vocab.election_names()
    if column.kosakata:
        return vocab.labels(column.kosakata)
    if column.name == "presisi_tanggal":
        return PRESISI_LABELS
    return None


def label_column(column: schema.Column) -> str:
    return f"{column.name}_label"


def _label_case(column: schema.Column, labels: dict[str, str]) -> str:
    """``CASE col WHEN 'kode' THEN 'Label' ... END``: vocabulary text (ours, quotes doubled), no user text."""
    whens = " ".join(
        f"WHEN '{k.replace(chr(39), chr(39) * 2)}' THEN '{v.replace(chr(39), chr(39) * 2)}'" for k, v in labels.items()
    )
    return f"CASE {column.name} {whens} ELSE {column.name} END"


def export_fields(wh: Warehouse) -> list[tuple[str, str, schema.Column]]:
    """(output name, SQL expression, declared column) of every export column: the dictionary's
    columns in order, each code column followed by its label column."""
    out = []
    for c in export_columns(wh):
        out.append((c.name, c.name, c))
        labels = code_labels(c)
        if labels:
            out.append((label_column(c), _label_case(c, labels), c))
    return out


# ---------------------------------------------------------------------- XLSX

#: openpyxl writes about 2,000 rows a second here (100,000 rows: 54 s); above this the CSV carries every row.
MAX_XLSX_ROWS = 20_000


def xlsx_bytes(wh: Warehouse, f: Filter, *, citation: str, link: str) -> bytes:
    """The filtered rows as an Excel workbook: sheet 1 the data (codes and region codes as text,
    dates as dates, a label column beside each code column), sheet 2 the data dictionary, sheet 3
    the citation and the link to the view. Formula-looking text is neutralised like the CSV."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    fields = export_fields(wh)
    where, params = f.where()
    cur = connection(wh)
    try:
        rows = cur.execute(
            f"SELECT {', '.join(f'{expr} AS {name}' for name, expr, _ in fields)} FROM pelanggaran {where} "
            f"LIMIT {MAX_XLSX_ROWS}",
            params,
        ).fetchall()
    finally:
        cur.close()

    wb = Workbook(write_only=True)
    data = wb.create_sheet("Data")
    bold = Font(bold=True)
    data.freeze_panes = "A2"
    data.append([WriteOnlyCell(data, value=name) for name, _, _ in fields])
    # Plain values (no per-cell objects: ten times faster): a str stays a text cell, so "61.10" is never
    # the number 61.1; a date gets openpyxl's date format; formula-looking text is neutralised.
    text = [isinstance(c, schema.Column) and (name != c.name or c.dtype == "teks") for name, _, c in fields]
    for row in rows:
        data.append([neutralise(v) if is_text and v is not None else v for v, is_text in zip(row, text, strict=True)])

    kamus = wb.create_sheet("Kamus data")
    kamus.append([WriteOnlyCell(kamus, value=h) for h in ("kolom", "label", "tipe", "keterangan", "nilai yang boleh")])
    for name, _, c in fields:
        if name == c.name:
            allowed = c.allowed()
            kamus.append([name, c.label, c.dtype, c.keterangan, ", ".join(allowed) if allowed else None])
        else:
            kamus.append(
                [name, f"{c.label} (label)", "teks", f"Label yang terbaca untuk kode di kolom {c.name}.", None]
            )

    kutipan = wb.create_sheet("Kutipan")
    for key, value in (
        ("Kutipan yang disarankan", citation),
        ("Tautan ke tampilan ini", link),
        ("Baris", len(rows)),
        ("Catatan", PRIVACY_NOTE[wh.mode == "internal"]),
    ):
        label = WriteOnlyCell(kutipan, value=key)
        label.font = bold
        kutipan.append([label, neutralise(value)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


PRIVACY_NOTE = {
    False: "Build publik: tanpa nama dan NIP terlapor; teks bebas disamarkan dari nama, NIP, akun, telepon dan e-mail.",
    True: "Build internal: memuat nama dan NIP terlapor; hanya untuk petugas, jangan dibagikan.",
}
