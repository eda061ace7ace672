"""Readers: one input file -> tables of raw rows with the line numbers a person sees.

Every shape of the input contract ends up as :class:`Table` objects: the header row
(found below any title rows) and an iterator of ``(line, cells)``. Line numbers are
what a person sees opening the file: the Excel row, the CSV/JSONL line (header is
line 1), the line where a JSON array's object starts.

Anything that makes a whole file unreadable raises :class:`UnreadableFile` with an
Indonesian reason; the pipeline records it in ``sumber`` and carries on with the
other files.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from etl.headers import MIN_HEADER_FIELDS, header_score, match_header
from etl.limits import Limits
from etl.textnorm import clean_cell

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES | JSON_SUFFIXES

#: How far below the top a header row may sit (title rows above it are skipped).
HEADER_SEARCH_ROWS = 30


class UnreadableFile(Exception):
    """The whole file cannot be read; ``str(exc)`` is the reason shown to users."""


@dataclass
class Table:
    sheet: str | None
    header_line: int
    header: list[object]
    rows: Iterator[tuple[int, list[object]]]
    shape: str  # csv | xlsx | json | jsonl


def shape_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in {".jsonl", ".ndjson"}:
        return "jsonl"
    if suffix == ".json":
        return "json"
    return None


def read_tables(path: Path, limits: Limits, overrides: dict[str, str] | None = None) -> list[Table]:
    shape = shape_of(path)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("berkas kosong (0 byte)")
    if size > limits.max_file_bytes:
        raise UnreadableFile(
            f"berkas terlalu besar: {size:,} byte > batas {limits.max_file_bytes:,} byte (NETRALITAS_MAX_FILE_MB)"
        )
    if shape == "csv":
        return [_read_csv(path, limits, overrides)]
    if shape == "xlsx":
        return _read_xlsx(path, limits, overrides)
    if shape in ("json", "jsonl"):
        return [_read_json(path, limits, overrides, shape)]
    raise UnreadableFile(f"format berkas tidak didukung: {path.suffix or '(tanpa akhiran)'}")


# ---------------------------------------------------------------- header detection


def _find_header(
    rows: Iterator[tuple[int, list[object]]], overrides: dict[str, str] | None
) -> tuple[int, list[object], list[tuple[int, list[object]]]]:
    """Consume rows until the header (title rows above it are dropped). Returns the header line, its
    cells, and rows read past it that are data (to be read before the rest of the iterator).

    A two-row header (group titles such as "Terlapor" over "Nama | NIP | Jabatan", often merged
    cells) is read as one: see :func:`_merge_header_rows`."""
    seen: list[tuple[int, list[object]]] = []
    for line, cells in rows:
        seen.append((line, cells))
        if header_score(cells, overrides) >= MIN_HEADER_FIELDS:
            following = next(rows, None)
            if following is None:
                return line, cells, []
            merged = _merge_header_rows(cells, following[1], overrides)
            if merged is None:
                return line, cells, [following]
            return line, merged, []
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    first = next(((ln, c) for ln, c in seen if any(x not in (None, "") for x in c)), None)
    preview = "" if first is None else " | ".join(str(c)[:30] for c in first[1][:8] if c not in (None, ""))
    raise UnreadableFile(
        f"judul kolom tidak dikenali dalam {HEADER_SEARCH_ROWS} baris pertama"
        + (f" (baris {first[0]}: {preview})" if first is not None and preview else "")
    )


def _merge_header_rows(
    upper: list[object], lower: list[object], overrides: dict[str, str] | None
) -> list[object] | None:
    """The two rows of a two-row header as one, or None when ``lower`` is not a sub-header.

    ``lower`` is a sub-header when it names known columns itself, holds only text without digits
    (a data row has a number, a date or a NIP) and sits under a group title: a cell of ``upper``
    that is empty or repeats its left neighbour (a merged cell) above a filled cell. Per column the
    combined text wins when it is a known column ("Tanggal" over "Kejadian" -> "Tanggal Kejadian"),
    else the lower text, else the upper."""
    texts_up = [clean_cell(c) for c in upper]
    texts_low = [clean_cell(c) for c in lower]
    if header_score(lower, overrides) < MIN_HEADER_FIELDS:
        return None
    if any(c is not None and (not isinstance(c, str) or any(ch.isdigit() for ch in c)) for c in lower):
        return None
    width = max(len(upper), len(lower))
    grouped = False
    merged: list[object] = []
    for i in range(width):
        up = texts_up[i] if i < len(texts_up) else None
        low = texts_low[i] if i < len(texts_low) else None
        if low is not None and (up is None or (i > 0 and up == texts_up[i - 1] and up != low)):
            grouped = True
        if up is None or up == low:
            merged.append(low)
        elif low is None:
            merged.append(up)
        else:
            combined = f"{up} {low}"
            if match_header(combined, overrides) is not None:
                merged.append(combined)
            elif match_header(low, overrides) is not None:
                merged.append(low)
            elif match_header(up, overrides) is not None:
                merged.append(up)
            else:
                merged.append(combined)
    return merged if grouped else None


# ---------------------------------------------------------------- CSV


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableFile("berkas UTF-16 rusak") from exc
    if b"\x00" in data[:65536]:
        raise UnreadableFile("berkas biner, bukan teks CSV (berisi byte NUL)")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, and such a file is
        # almost certainly Windows text with a stray byte.
        text = data.decode("latin-1")
    if sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:4096]) < 0.95 * min(len(text), 4096):
        raise UnreadableFile("berkas bukan teks yang terbaca (encoding tidak dikenali)")
    return text, "latin-1"


def _sniff_delimiter(text: str, overrides: dict[str, str] | None = None) -> str:
    """The delimiter under which a top line reads as a header (most known column names); ties go to
    the delimiter that splits most lines into the same width. Data cells full of commas cannot win."""
    sample = [ln for ln in text[:65536].splitlines()[:HEADER_SEARCH_ROWS] if ln.strip()]
    best, best_score = ",", (-1, -1)
    for delim in (",", ";", "\t", "|"):
        try:
            parsed = list(csv.reader(sample, delimiter=delim))
        except csv.Error:
            continue
        header = 0
        for cells in parsed:
            # A line scores at most one per cell: one with no more cells than the best score so far
            # cannot beat it, and scoring is the costly part (every cell is matched as a header).
            if len(cells) > header:
                header = max(header, header_score(cells, overrides))
        widths = [len(c) for c in parsed if len(c) > 1]
        width = max(set(widths), key=widths.count) if widths else 1
        score = (header, widths.count(width) * 1000 + width if widths else 0)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(path: Path, limits: Limits, overrides: dict[str, str] | None) -> Table:
    text, _encoding = _decode(path.read_bytes())
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff_delimiter(text, overrides)
    csv.field_size_limit(max(limits.max_file_bytes, 131072))

    def rows() -> Iterator[tuple[int, list[object]]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise UnreadableFile(f"CSV rusak sekitar baris {reader.line_num}: {exc}") from exc
            yield start, cast("list[object]", cells)  # csv gives str cells; the rows type is shared
            start = reader.line_num + 1

    iterator = rows()
    header_line, header, pending = _find_header(iterator, overrides)
    return Table(None, header_line, header, _limited(itertools.chain(pending, iterator), limits, path), "csv")


def _limited(
    rows: Iterator[tuple[int, list[object]]], limits: Limits, path: Path
) -> Iterator[tuple[int, list[object]]]:
    for count, row in enumerate(rows, 1):
        if count > limits.max_rows:
            raise RowLimitExceeded(limits.max_rows)
        yield row


class RowLimitExceeded(Exception):
    """A file has more data rows than the configured limit; rows past it are not read."""

    def __init__(self, limit: int):
        super().__init__(f"berkas melebihi batas {limit:,} baris (NETRALITAS_MAX_ROWS); sisa baris tidak dibaca")
        self.limit = limit


# ---------------------------------------------------------------- XLSX


def _check_zip(path: Path, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            bad = zf.testzip() if path.stat().st_size < 20_000_000 else None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise UnreadableFile(f"XLSX rusak atau terpotong (bukan arsip zip yang utuh): {exc}") from exc
    if bad is not None:
        raise UnreadableFile(f"XLSX rusak: bagian {bad} gagal diperiksa (CRC)")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > limits.max_unzipped_bytes or total / packed > limits.max_zip_ratio:
        raise UnreadableFile(
            f"XLSX ditolak sebagai bom dekompresi: {total:,} byte setelah dibuka dari {packed:,} byte "
            f"(batas {limits.max_unzipped_bytes:,} byte, rasio {limits.max_zip_ratio:g}×)"
        )
    if not any(i.filename == "xl/workbook.xml" for i in infos):
        raise UnreadableFile("bukan berkas XLSX (xl/workbook.xml tidak ada)")


def _read_xlsx(path: Path, limits: Limits, overrides: dict[str, str] | None) -> list[Table]:
    """Every sheet with a recognisable header. Read with calamine (Rust; about ten times faster than
    openpyxl on registers), cached values only: a formula is never evaluated, and one without a
    cached result reads as empty. Line numbers are Excel's own row numbers."""
    from python_calamine import CalamineWorkbook

    _check_zip(path, limits)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheets = [(name, wb.get_sheet_by_name(name)) for name in wb.sheet_names]
    except Exception as exc:  # calamine raises its own error types for broken workbooks
        raise UnreadableFile(f"XLSX tidak dapat dibuka: {type(exc).__name__}: {str(exc)[:200]}") from exc
    tables: list[Table] = []
    problems: list[str] = []
    for name, ws in sheets:
        if ws.total_width > limits.max_columns:
            problems.append(f"lembar {name!r}: {ws.total_width:,} kolom > batas {limits.max_columns:,}")
            continue
        iterator = _xlsx_rows(ws)
        try:
            header_line, header, pending = _find_header(iterator, overrides)
        except UnreadableFile as exc:
            problems.append(f"lembar {name!r}: {exc}")
            continue
        rows = _limited(itertools.chain(pending, iterator), limits, path)
        tables.append(Table(name, header_line, header, rows, "xlsx"))
    if not tables:
        raise UnreadableFile("; ".join(problems) or "XLSX tanpa lembar berisi data")
    return tables


def _xlsx_rows(ws) -> Iterator[tuple[int, list[object]]]:
    """Rows from A1 (so a row's number is the one Excel shows), merged ranges filled with their
    top-left value (a merged cell means "this value for all these rows")."""
    try:
        grid = ws.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine's own error types: the sheet, so the whole file, is unreadable
        raise UnreadableFile(f"lembar {ws.name!r} tidak terbaca: {type(exc).__name__}: {str(exc)[:200]}") from exc
    for (r0, c0), (r1, c1) in ws.merged_cell_ranges or ():
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value
    for line, values in enumerate(grid, 1):
        yield line, [_xlsx_value(v) for v in values]


def _xlsx_value(value: object) -> object:
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)  # Excel stores every number as a float: 9.0 ASN is 9
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if value == "":
        return None
    return value


# ---------------------------------------------------------------- JSON / JSON Lines


def _json_cell(value: object) -> object:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)[:2000]
    return value


def flatten_record(record: dict, prefix: str = "") -> dict[str, object]:
    """Nested app and webhook records as dotted paths the header synonyms can match
    (``{"terlapor": {"nama": …}}`` -> ``terlapor.nama``; see :func:`etl.headers.match_header`).

    A list of objects is several people (``"terlapor": [{…}, {…}]``): each of their fields becomes one
    cell joining the values in order with ``; `` (``-`` where one person lacks it), which is how a
    register writes several terlapor in one row, so names, NIPs and positions stay aligned. A list
    of plain values is joined the same way."""
    if not prefix and not any(isinstance(value, (dict, list)) for value in record.values()):
        return dict(record)  # the common flat record: its own flattening (JSON keys are text)
    flat: dict[str, object] = {}
    for key, value in record.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            flat.update(flatten_record(value, path))
        elif isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            people = [flatten_record(x) for x in value]
            subkeys = list(dict.fromkeys(k for person in people for k in person))
            for sub in subkeys:
                cells = [person.get(sub) for person in people]
                flat[f"{path}.{sub}"] = "; ".join("-" if c in (None, "") else str(c) for c in cells)
        elif isinstance(value, list):
            items = [x for x in value if x not in (None, "")]
            flat[path] = "; ".join(str(_json_cell(x)) for x in items) or None
        else:
            flat[path] = value
    return flat


def _records_to_table(
    records: list[tuple[int, dict]], shape: str, overrides: dict[str, str] | None, extra: list[tuple[int, str]]
) -> Table:
    records = [(line, flatten_record(rec)) for line, rec in records]
    keys: list[str] = []
    seen: set[str] = set()
    for _, rec in records:
        for k in rec:
            if k not in seen:
                seen.add(k)
                keys.append(k)
    if header_score(keys, overrides) < 1:
        raise UnreadableFile("tidak ada kunci JSON yang dikenali sebagai kolom kasus: " + ", ".join(keys[:10]))

    def rows() -> Iterator[tuple[int, list[object]]]:
        bad = dict(extra)
        ordered = sorted([(ln, rec) for ln, rec in records] + [(ln, None) for ln in bad], key=lambda x: x[0])
        for line, rec in ordered:
            if rec is None:
                yield line, [BadLine(bad[line])]
            else:
                yield line, [_json_cell(rec.get(k)) for k in keys]

    return Table(None, 0, list(keys), rows(), shape)


@dataclass(frozen=True)
class BadLine:
    """A JSON Lines line that did not parse: quarantined with this reason."""

    reason: str


def _read_json(path: Path, limits: Limits, overrides: dict[str, str] | None, shape: str) -> Table:
    """The whole document as JSON first (a pretty-printed ``{"data": [ … ], "meta": { … }}`` spreads
    one object over many lines); JSON Lines only when that fails, or for a ``.jsonl`` file holding
    single records (a one-line JSON Lines file is also a valid JSON document)."""
    text, _ = _decode(path.read_bytes())
    try:
        data = json.loads(text)
    except RecursionError as exc:
        if shape == "jsonl":
            return _read_jsonl(text, limits, overrides)
        raise UnreadableFile("JSON terlalu dalam bersarang (ditolak)") from exc
    except json.JSONDecodeError as exc:
        stripped = text.lstrip()
        if shape == "jsonl" or (stripped[:1] == "{" and "\n" in stripped.strip()):
            return _read_jsonl(text, limits, overrides)
        raise UnreadableFile(f"JSON tidak valid: {exc.msg} (baris {exc.lineno}, kolom {exc.colno})") from exc
    records = _record_list(data)
    if records is None:
        if shape == "jsonl" and isinstance(data, dict):
            return _read_jsonl(text, limits, overrides)
        raise UnreadableFile('JSON bukan larik objek (harus [ {...}, ... ], {"data": [ {...} ]} atau JSON Lines)')
    if len(records) > limits.max_rows:
        raise UnreadableFile(f"JSON melebihi batas {limits.max_rows:,} objek (NETRALITAS_MAX_ROWS)")
    lines = _object_start_lines(text, len(records)) if records is data else _wrapped_start_lines(text, records)
    return _records_to_table(list(zip(lines, records, strict=True)), "json", overrides, [])


def _record_list(data: object, depth: int = 0) -> list[dict] | None:
    """The array of records: the document itself, or the one array of objects inside a wrapper
    object (``{"data": [ … ], "meta": { … }}``, ``{"hasil": {"items": [ … ]}}``), searched a few
    levels down. Two candidate arrays are ambiguous: None."""
    if isinstance(data, list):
        return data if data and all(isinstance(x, dict) for x in data) else None
    if not isinstance(data, dict) or depth >= 3:
        return None
    found = [r for r in (_record_list(v, depth + 1) for v in data.values()) if r is not None]
    return found[0] if len(found) == 1 else None


def _wrapped_start_lines(text: str, records: list[dict]) -> list[int]:
    """Line numbers of records inside a wrapper object: where each record's first key appears in
    order, else counting from 1 (the provenance still names the file)."""
    lines: list[int] = []
    position = 0
    for record in records:
        if not record:
            return list(range(1, len(records) + 1))
        key = json.dumps(next(iter(record)), ensure_ascii=False)
        found = text.find(key, position)
        if found < 0:
            return list(range(1, len(records) + 1))
        lines.append(text.count("\n", 0, found) + 1)
        position = found + len(key)
    return lines


def _object_start_lines(text: str, count: int) -> list[int]:
    """Line number where each top-level object of a JSON array starts (what a person sees)."""
    lines: list[int] = []
    depth = 0
    in_string = escape = False
    line = 1
    for ch in text:
        if ch == "\n":
            line += 1
        if in_string:
            if escape:
                escape = False
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
        elif ch in "[{":
            if ch == "{" and depth == 1:
                lines.append(line)
            depth += 1
        elif ch in "]}":
            depth -= 1
    if len(lines) != count:  # e.g. the array sits under a key: fall back to the object's position
        return list(range(1, count + 1))
    return lines


def _read_jsonl(text: str, limits: Limits, overrides: dict[str, str] | None) -> Table:
    records: list[tuple[int, dict]] = []
    bad: list[tuple[int, str]] = []
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        if len(records) + len(bad) >= limits.max_rows:
            raise UnreadableFile(f"JSON Lines melebihi batas {limits.max_rows:,} baris (NETRALITAS_MAX_ROWS)")
        try:
            obj = json.loads(raw)
        except RecursionError:
            bad.append((line, "baris JSON terlalu dalam bersarang"))
            continue
        except json.JSONDecodeError as exc:
            bad.append((line, f"baris JSON tidak valid: {exc.msg}"))
            continue
        if not isinstance(obj, dict):
            bad.append((line, "baris JSON bukan objek"))
            continue
        records.append((line, obj))
    if not records:
        raise UnreadableFile("JSON Lines tanpa satu pun objek yang terbaca" + (f" ({bad[0][1]})" if bad else ""))
    return _records_to_table(records, "jsonl", overrides, bad)
