"""Writers of REAL input files for the ETL tests (openpyxl workbooks, byte-exact CSVs)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import openpyxl


def write_csv(
    path: Path, rows: list[list[object]], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False
) -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_xlsx(path: Path, sheets: dict[str, dict]) -> Path:
    """``sheets``: name -> {"title": [rows above the header], "rows": [header, *data], "merge": ["A1:F1"]}."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, spec in sheets.items():
        ws = wb.create_sheet(name)
        for row in spec.get("title", []):
            ws.append(row)
        for row in spec["rows"]:
            ws.append(row)
        for rng in spec.get("merge", []):
            ws.merge_cells(rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_json(path: Path, records: list[dict], *, lines: bool = False, indent: int | None = 2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if lines:
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    else:
        path.write_text(json.dumps(records, ensure_ascii=False, indent=indent), encoding="utf-8")
    return path


def query(warehouse: Path, sql: str, params: list | None = None, public: bool = False) -> list[tuple]:
    db = warehouse / ("publik" if public else "") / "netralitas.duckdb"
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def rows_as_dicts(warehouse: Path, sql: str, params: list | None = None, public: bool = False) -> list[dict]:
    db = warehouse / ("publik" if public else "") / "netralitas.duckdb"
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
