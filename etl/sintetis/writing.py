"""Writing per format: one office's register as JSON Lines, ``;`` cp1252 or ``,`` UTF-8 CSV, or XLSX
(register sheet with title rows, optional follow-up sheet), with the deliberately bad rows in place."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from etl.sintetis import cells
from etl.sintetis.encoding import _pasted_header, encode
from etl.sintetis.sampling import FilePlan, Generator
from etl.sintetis.shapes import OUTCOME_FIELDS
from etl.sintetis.xlsx import xlsx_bytes


@dataclass
class _Draft:
    """One file's drawn cells, ready for the writer of its format."""

    g: Generator
    plan: FilePlan
    cols: dict[str, list]
    extra: dict
    rng: np.random.Generator
    rows: list[tuple]
    with_bad: Callable[[list, set[str]], list]  # the rows with the plan's bad rows in place


def write_file(g: Generator, root: Path, plan: FilePlan) -> dict:
    """Write one office's register file (its cells drawn from the file's own random stream); returns its counts."""
    rng = cells.file_rng(g, plan)
    cols, extra = cells.file_cells(g, plan, rng)
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

    draft = _Draft(g, plan, cols, extra, rng, rows, with_bad)
    data, stats["follow_up"] = WRITERS[plan.shape](draft, register_fields)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stats["bytes"] = len(data)
    return stats


def _jsonl(d: _Draft, register_fields: list[str]) -> tuple[bytes, int]:
    """JSON Lines: one object per line; a broken line where the plan puts one."""
    g, plan, cols, extra, rng = d.g, d.plan, d.cols, d.extra, d.rng
    keys = [json.dumps(h, ensure_ascii=False) + ": " for h in plan.headers]
    null = "null" if plan.nulls else None

    def keyed(values) -> list[str | None]:
        return [kp + v if v is not None else (kp + null if null else None) for kp, v in zip(keys, values, strict=True)]

    # "key": value pieces built column by column (fast), then one object per line
    pieces = [
        [kp + v if v is not None else (kp + null if null else None) for v in cols[f]]
        for kp, f in zip(keys, plan.fields, strict=True)
    ]
    lines: list[str] = []
    for item in d.with_bad(list(zip(*pieces, strict=True)), set()):
        if isinstance(item, _Bad):
            if item.kind == "jsonl_rusak":
                last = lines[-1] if lines else "{" + keys[0] + '"'
                lines.append(last[: max(2, len(last) // 2)])
                continue
            item = keyed(cells.bad_cells(g, plan, item.kind, cols, extra, rng))
        lines.append("{" + ", ".join(filter(None, item)) + "}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return data, 0


def _csv(d: _Draft, register_fields: list[str]) -> tuple[bytes, int]:
    """``;`` cp1252 (CRLF) or ``,`` UTF-8 (some with BOM) CSV, a blank line above a subtotal."""
    g, plan, cols, extra, rng = d.g, d.plan, d.cols, d.extra, d.rng
    delim = ";" if plan.shape == "csv_cp1252" else ","
    newline = "\r\n" if plan.shape == "csv_cp1252" else "\n"
    header = delim.join(str(encode(h, "csv" + delim)) for h in plan.headers)
    lines = [header]
    for item in d.with_bad(d.rows, set()):
        if item is None:
            lines.append("")
        elif isinstance(item, _Bad):
            lines.append(delim.join(cells.bad_cells(g, plan, item.kind, cols, extra, rng)))
        else:
            lines.append(delim.join(item))
    text = newline.join(lines) + newline
    data = (
        text.encode("cp1252") if plan.shape == "csv_cp1252" else (("\ufeff" if plan.bom else "") + text).encode("utf-8")
    )
    return data, 0


def _xlsx(d: _Draft, register_fields: list[str]) -> tuple[bytes, int]:
    """A register sheet under title rows (dates as date cells in some files) and, for some offices,
    a follow-up sheet joined by register number; returns the bytes and the follow-up rows written."""
    g, plan, cols, extra, rows, with_bad, rng = d.g, d.plan, d.cols, d.extra, d.rows, d.with_bad, d.rng
    o = g.world.offices[plan.office]
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
                full = cells.bad_cells(g, plan, item.kind, cols, extra, rng)
                register_rows.append(tuple(full[i] for i in idx))
        else:
            register_rows.append(tuple(item[i] for i in idx))
    titles = [
        t.format(kantor=("PROVINSI " if o.tingkat == "provinsi" else "") + o.nama.upper()) for t in g.p["judul_xlsx"]
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
            fu_rows.append((unknown, g.tahap.raw[0]) + (None,) * (len(fu_fields) - 2))
        fu_dates = {j for j, f in enumerate(fu_fields) if f.startswith("tanggal_")} if plan.date_cells else set()
        sheets.append(("Tindak Lanjut", [], plan.follow_up_headers, fu_rows, fu_dates))
    return xlsx_bytes(sheets, title=f"Register netralitas ASN – Bawaslu {o.nama} (data sintetis)"), follow_rows


#: One writer per format: (draft, register fields) -> (bytes, follow-up rows written).
WRITERS: dict[str, Callable[[_Draft, list[str]], tuple[bytes, int]]] = {
    "jsonl": _jsonl,
    "csv_cp1252": _csv,
    "csv_utf8": _csv,
    "xlsx": _xlsx,
}


@dataclass(frozen=True)
class _Bad:
    """A deliberately bad row to write at this point."""

    kind: str
