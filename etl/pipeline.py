"""The ETL run: files -> raw records -> cases -> deduplicated terlapor rows.

Per file: read tables (:mod:`etl.readers`), map headers (:mod:`etl.headers`), join an
XLSX follow-up sheet to its register by ``nomor_register``, skip blank rows,
quarantine rows that are not cases, normalise the rest (:mod:`etl.normalize`).
Across files: merge the same person in the same case from two sources, assign
stable ids. Conservation (rows in = loaded + quarantined + merged) is counted here
and checked by :mod:`etl.warehouse` before anything is written.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.classify import classifiers
from etl.dates import infer_order
from etl.headers import IGNORED, HeaderMap, map_headers
from etl.kolom import ARROW_TYPES, COL, COLUMNS, SCHEMA, patch_rows, pelanggaran_table
from etl.limits import Limits
from etl.noncase import SIGNATURE, NonCaseRows
from etl.normalize import NormalisedRows, Normaliser, Person, SourceDefaults, name_without_degrees
from etl.privacy import name_words
from etl.readers import BadLine, RowLimitExceeded, Table, UnreadableFile, read_tables, shape_of
from etl.sources import InputFile
from etl.textnorm import EMPTY_TEXTS, clean_cell, fold, squash
from netralitas import schema, vocab

#: Fields that make a row a case register row; a sheet with a register number and none of
#: these is a follow-up (tindak lanjut) sheet joined to the register.
DATE_FIELDS = ("tanggal_kejadian", "tanggal_laporan", "tanggal_sanksi")
#: What a continuation row (the next terlapor of the case above) carries itself.
PERSON_ROW_FIELDS = frozenset({"nama", "nip", "jabatan", "instansi"})
CONTINUATION_NOTE = "baris lanjutan: kolom kasus diisi dari baris kasus di atasnya (terlapor lain dari kasus yang sama)"
DATE_ORDER_SAMPLE_ROWS = 500
#: Rows normalised together (column by column): enough for each column's values to repeat, few
#: enough that a big sheet is never held whole.
NORMALISE_BATCH_ROWS = 4096
MONTH_FIRST_NOTE = "tanggal dibaca bulan/hari/tahun: tanggal berkas ini hanya masuk akal bila bulan ditulis dahulu"
#: Fields that name a person; and fields that only a register of individual cases has.
PERSON_FIELDS = {"nama", "nip"}
INDIVIDUAL_FIELDS = {"nama", "nip", "nomor_register", "tanggal_kejadian", "uraian", "instansi", "jabatan"}
RECAP_SHEET = "lembar rekap jumlah di samping lembar register per orang (bukan kasus baru)"
CASE_FIELDS = {"wilayah", "provinsi", "nama", "nip", "jenis_pelanggaran", "uraian", "tanggal_kejadian", "jumlah"}
FOLLOW_UP_FIELDS = {"tahap", "rekomendasi", "sanksi", "tanggal_sanksi", "dasar_hukum"}
RAW_PREVIEW_CHARS = 2000
MAX_UNRECOGNISED_LISTED = 50


@dataclass
class QuarantineRow:
    sumber_berkas: str
    sumber_baris: int
    lembar: str | None
    alasan: str
    isi: dict[str, object]  # header -> cell, for the internal build; names stripped for public
    data_sintetis: bool
    #: The whole content is personal (a signature block: signatories' names and NIPs): the public
    #: build keeps the reason and the line, never the cells.
    isi_pribadi: bool = False


@dataclass
class FileResult:
    input: InputFile
    shape: str
    sha256: str | None = None
    size: int | None = None
    rows_in: int = 0
    blank: int = 0
    loaded: int = 0  # source rows that gave at least one terlapor row
    quarantined: list[QuarantineRow] = field(default_factory=list)
    follow_up_joined: int = 0
    duplicates: int = 0  # source rows whose every person merged into an earlier row
    terlapor: int = 0  # pelanggaran rows that come from this file
    unrecognised: list[str] = field(default_factory=list)
    error: str | None = None  # the whole file is unreadable
    note: str | None = None
    names_seen: set[str] = field(default_factory=set)  # every terlapor name read, while the file is read
    name_words: set[str] = field(default_factory=set)  # their words, masked in the public build (kept)

    @property
    def status(self) -> str:
        if self.error:
            return "tidak_terbaca"
        if self.note and self.duplicates == self.rows_in:
            return "duplikat"
        return "sebagian" if self.quarantined else "ok"

    def reset_rows(self) -> None:
        """Forget everything read from a file that failed mid-way (it is reported whole instead)."""
        self.loaded = self.rows_in = self.blank = self.follow_up_joined = self.duplicates = self.terlapor = 0
        self.quarantined.clear()


def _raw_dict(header: list[object], cells: list[object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for i, cell in enumerate(cells):
        value = clean_cell(cell) if not isinstance(cell, (int, float)) or isinstance(cell, bool) else cell
        if value is None:
            continue
        key = str(clean_cell(header[i]) if i < len(header) else None) if i < len(header) else f"kolom_{i + 1}"
        out[key if key != "None" else f"kolom_{i + 1}"] = value if isinstance(value, (int, float)) else str(value)
    return out


class FileProcessor:
    """Reads one file at a time (:meth:`read_file`: its cases, and its rows as Arrow), then merges it
    into the run's :class:`RowBuilder` (:meth:`replay`), in file order. A one-process run does both
    here (:meth:`process`); with workers, they read and this process replays (see :mod:`etl.run`)."""

    def __init__(self, normaliser: Normaliser, limits: Limits, builder: RowBuilder):
        self.normaliser = normaliser
        self.limits = limits
        self.builder = builder
        self.seen_checksums: dict[str, str] = {}

    def process(self, item: InputFile) -> FileResult:
        """Read one file and merge its cases into the builder (what a one-process run does per file)."""
        return self.replay(*self.read_file(item))

    def read_file(self, item: InputFile) -> tuple[FileResult, FileCases]:
        """The per-file stage (a worker process or a Dask worker runs this part): the file read and
        normalised, its cases prepared and its rows converted to Arrow, ready for :meth:`replay`."""
        collector = CaseCollector()
        result = self.read(item, collector)
        return result, collector.handover()

    def read(self, item: InputFile, sink: CaseCollector) -> FileResult:
        """Read one file into ``sink``. A byte-identical copy of an earlier file is recognised later,
        by :meth:`replay` (a worker does not see the other workers' files)."""
        result = FileResult(item, shape_of(item.path) or "tidak_didukung")
        if item.problem:
            result.error = item.problem
            return result
        try:
            result.size = item.path.stat().st_size
            if result.size <= self.limits.max_file_bytes:
                digest = hashlib.sha256()
                with open(item.path, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(chunk)
                result.sha256 = digest.hexdigest()
        except OSError as exc:
            result.error = f"berkas tidak dapat dibaca: {exc.strerror or exc}"
            return result
        try:
            tables = read_tables(item.path, self.limits, item.defaults.overrides)
            self._process_tables(result, tables, item.defaults.overrides, sink)
        except (UnreadableFile, RowLimitExceeded) as exc:
            # Nothing of a file that fails mid-way is loaded: a half-read register would
            # silently drop its tail. The whole file is reported instead.
            result.error = str(exc)
        except (MemoryError, RecursionError) as exc:
            result.error = f"berkas terlalu berat untuk dibaca ({type(exc).__name__})"
        # Only the names' words are kept past the file (10 million names would weigh a gigabyte).
        result.name_words = name_words(result.names_seen)
        result.names_seen = set()
        if result.error:
            sink.clear()  # forget the cases read before the failure
            result.reset_rows()
            result.note = None
        return result

    def replay(self, result: FileResult, cases: FileCases) -> FileResult:
        """Merge a file read by :meth:`read_file` (here or in a worker) into the builder, in file order."""
        if result.error:
            return result
        first_copy = self._first_copy(result)
        self.builder.add_file(result, cases, duplicate_file=bool(first_copy))
        self._remember(result, first_copy)
        return result

    def _first_copy(self, result: FileResult) -> str | None:
        first_copy = self.seen_checksums.get(result.sha256) if result.sha256 else None
        if first_copy:
            # The same file twice: every row is a duplicate of the first copy's.
            result.note = f"isi sama persis dengan {first_copy}"
        return first_copy

    def _remember(self, result: FileResult, first_copy: str | None) -> None:
        if result.sha256 and not first_copy:
            self.seen_checksums[result.sha256] = result.input.relpath

    # ---------------------------------------------------------------- tables

    def _process_tables(
        self, result: FileResult, tables: list[Table], overrides: dict[str, str], sink: CaseCollector
    ) -> None:
        maps = []
        for table in tables:
            hmap = map_headers(table.header, overrides)
            for name in hmap.unrecognised[:MAX_UNRECOGNISED_LISTED]:
                if name not in result.unrecognised and len(result.unrecognised) < MAX_UNRECOGNISED_LISTED:
                    result.unrecognised.append(name)
            if len(hmap.unrecognised) > MAX_UNRECOGNISED_LISTED:
                result.unrecognised.append(f"… dan {len(hmap.unrecognised) - MAX_UNRECOGNISED_LISTED:,} kolom lain")
            is_follow_up = (
                table is not tables[0]
                and "nomor_register" in hmap.recognised
                and not (hmap.recognised & CASE_FIELDS)
                and bool(hmap.recognised & FOLLOW_UP_FIELDS)
            )
            maps.append((table, hmap, is_follow_up))

        # A recap sheet (counts per region) beside a sheet of named terlapor counts the same cases
        # again: its rows would invent unnamed terlapor. They are quarantined, not loaded.
        if any(hmap.recognised & PERSON_FIELDS for _, hmap, _ in maps):
            for table, hmap, _ in [m for m in maps if _is_recap(m[1])]:
                for line, cells, *_ in self._rows(result, table, hmap):
                    result.rows_in += 1
                    self._quarantine(result, table, line, RECAP_SHEET, _raw_dict(table.header, cells))
            maps = [m for m in maps if not _is_recap(m[1])]

        if not any(follow for _, _, follow in maps):
            # The common case streams: rows are normalised as they are read, never all held at once.
            for table, hmap, _ in maps:
                stream, defaults = self._with_date_order(result, table, self._rows(result, table, hmap))
                ctx = TableContext.of(table, defaults)
                for line, cells, texts, record, text in stream:
                    self._process_row(result, table, line, cells, texts, record, text, ctx, sink)
                self._flush(result, table, ctx, sink)
            return

        # A workbook with a follow-up sheet: hold the register rows, apply the follow-up, then normalise.
        held = [(table, hmap, follow, list(self._rows(result, table, hmap))) for table, hmap, follow in maps]
        by_register: dict[str, dict[str, object]] = {}
        for _, _, follow, rows in held:
            if not follow:
                for _, _, _, record, _ in rows:
                    key = squash(str(record.get("nomor_register") or ""))
                    if key:
                        by_register.setdefault(key, record)
        joined: set[int] = set()  # id() of the register records that took follow-up cells
        for table, _, follow, rows in held:
            if not follow:
                continue
            for line, cells, _, record, _ in rows:
                result.rows_in += 1
                key = squash(str(record.get("nomor_register") or ""))
                target = by_register.get(key) if key else None
                if target is None:
                    self._quarantine(
                        result,
                        table,
                        line,
                        f"lembar tindak lanjut: nomor register {record.get('nomor_register')!r} tidak ada di lembar register",
                        _raw_dict(table.header, cells),
                    )
                    continue
                # The later sheet's non-empty cells win: they are the newer news.
                for fname, value in record.items():
                    if fname != "nomor_register" and clean_cell(value) is not None:
                        target[fname] = value
                joined.add(id(target))
                result.follow_up_joined += 1
        for table, _, follow, rows in held:
            if follow:
                continue
            ctx = TableContext.of(table, result.input.defaults)
            for line, cells, texts, record, text in rows:
                if id(record) in joined:  # it took follow-up cells: its cleaned text is worked out again
                    text = {f: clean_cell(v) for f, v in record.items()}
                self._process_row(result, table, line, cells, texts, record, text, ctx, sink)
            self._flush(result, table, ctx, sink)

    def _with_date_order(self, result: FileResult, table: Table, rows: Iterator) -> tuple[Iterator, SourceDefaults]:
        """A CSV whose numeric dates can only be month first (9/24/2024: a Google Forms export from an
        account set to the US) is read month first, unless ``sumber.yml`` sets ``urutan_tanggal``.
        Decided on the first rows; a CSV has no bad lines, so reading them ahead changes no order."""
        defaults = result.input.defaults
        if table.shape != "csv" or defaults.urutan_tanggal_ditetapkan:
            return rows, defaults
        head = list(itertools.islice(rows, DATE_ORDER_SAMPLE_ROWS))
        texts = (t for *_, text in head for f in DATE_FIELDS if (t := text.get(f)))
        order = infer_order(texts)
        defaults = replace(defaults, urutan_tanggal=order) if order else defaults
        return itertools.chain(head, rows), defaults

    def _rows(self, result: FileResult, table: Table, hmap):
        """Non-blank rows as (line, cells, cleaned texts, canonical record, its cleaned texts); counts
        blanks and bad lines."""
        fields = [(i, f) for i, f in hmap.fields.items() if f != IGNORED]
        # A row wide enough for every field (nearly all) picks them with one C-level gather; a dict
        # built from (name, value) pairs in the same order equals the comprehension's.
        names = [f for _, f in fields]
        need = max((i for i, _ in fields), default=-1) + 1
        pick = operator.itemgetter(*(i for i, _ in fields)) if len(fields) > 1 else None
        all_text = table.shape == "csv"  # the csv module gives str cells only: these apply to them
        join = cast("Callable[[list[object]], str]", "".join)
        strip = cast("Callable[[object], str]", str.strip)
        max_columns = self.limits.max_columns
        for line, cells in table.rows:
            if len(cells) == 1 and isinstance(cells[0], BadLine):
                result.rows_in += 1
                self._quarantine(result, table, line, cells[0].reason, {})
                continue
            if len(cells) > max_columns:
                cells = cells[:max_columns]
            if all_text and "\u00a0" not in join(cells):
                # clean_cell of a str without a no-break space, inline (most cells are distinct texts)
                texts = [None if t in EMPTY_TEXTS else t for t in map(strip, cells)]
            else:
                # clean_cell, inline for str cells (a memo of distinct texts cost more than it saved)
                texts = [
                    (None if (t := c.replace("\u00a0", " ").strip()) in EMPTY_TEXTS else t)
                    if c.__class__ is str
                    else (None if c is None else clean_cell(c))
                    for c in cells
                ]
            if not any(texts):  # a cleaned text is None or non-empty
                result.blank += 1
                continue
            width = len(cells)
            if pick is not None and width >= need:
                yield (
                    line,
                    cells,
                    texts,
                    dict(zip(names, pick(cells), strict=True)),
                    dict(zip(names, pick(texts), strict=True)),
                )
                continue
            record = {f: cells[i] for i, f in fields if i < width}
            yield line, cells, texts, record, {f: texts[i] for i, f in fields if i < width}

    def _process_row(
        self,
        result: FileResult,
        table: Table,
        line: int,
        cells: list[object],
        texts: list[str | None],
        record: dict[str, object],
        text: dict[str, str | None],
        ctx: TableContext,
        sink: CaseCollector,
    ) -> None:
        """``record``: field -> cell as read (dates and numbers typed); ``text``: the same cells cleaned;
        ``ctx``: the table's context (non-case rows, date order, the case a continuation row belongs to).

        The row's structure is judged here, one row at a time (a repeated header, a subtotal, a
        continuation of the case above); a row that may be a case waits in ``ctx.pending`` and is
        normalised with its neighbours, column by column (:meth:`_flush`)."""
        result.rows_in += 1
        may_continue = _may_continue(text)
        if may_continue and ctx.pending:
            # Whether this row continues the case above depends on that row having loaded.
            self._flush(result, table, ctx, sink)
        # Only a row loaded right above can be continued: any row quarantined in between ends the case.
        case_above, ctx.previous_case = ctx.previous_case, None
        if _repeats_header(cells, texts, ctx.header_texts):
            self._flush(result, table, ctx, sink)  # quarantine rows stay in line order
            self._quarantine(
                result,
                table,
                line,
                "judul kolom berulang di tengah lembar (bukan kasus)",
                _raw_dict(table.header, cells),
            )
            return
        present = list(filter(None, texts))  # a cleaned text is None or non-empty
        # Every name read (loaded or quarantined) is scrubbed from the public build; a repeated header's
        # "Nama"/"Terlapor" is not a name, so this comes after that check.
        names = record.get("nama")
        if names.__class__ is str and ";" not in names:  # one name: its cleaned text is clean_cell(names)
            if name := text.get("nama"):
                result.names_seen.add(name)
        elif names:
            for piece in str(names).split(";"):
                name = clean_cell(piece)
                if name:
                    result.names_seen.add(name)
        limit, too_long = self.limits.max_cell_chars, None
        if max(map(len, present), default=0) > limit:  # one quick pass; the cell is looked for only then
            too_long = next(t for t in present if len(t) > limit)
        if too_long is not None:
            self._flush(result, table, ctx, sink)
            self._quarantine(
                result,
                table,
                line,
                f"sel terlalu panjang: {len(too_long):,} karakter > batas {self.limits.max_cell_chars:,} (NETRALITAS_MAX_CELL_CHARS)",
                {"potongan": too_long[:200]},
            )
            return
        not_a_case = ctx.non_case.reason(present, record.get("nama"))
        if not_a_case:
            self._flush(result, table, ctx, sink)
            raw = _raw_dict(table.header, cells)
            self._quarantine(result, table, line, not_a_case, raw, personal=not_a_case == SIGNATURE)
            return
        if not record or not any(text.values()):  # a cleaned text is None or non-empty
            self._flush(result, table, ctx, sink)
            self._quarantine(
                result, table, line, "baris tanpa isi pada kolom yang dikenali", _raw_dict(table.header, cells)
            )
            return
        notes = []
        if may_continue and ctx.continue_case(case_above, record, text):
            notes.append(CONTINUATION_NOTE)
            ctx.previous_case = case_above  # should the row load (see _flush)
        else:
            ctx.previous_case = record
        if ctx.defaults.urutan_tanggal != result.input.defaults.urutan_tanggal:
            notes.append(MONTH_FIRST_NOTE)
        if len(cells) > len(table.header) and any(t is not None for t in texts[len(table.header) :]):
            notes.append("sel tanpa judul kolom diabaikan")
        ctx.pending.append(PendingRow(line, cells, record, text, notes, ctx.previous_case))
        if len(ctx.pending) >= NORMALISE_BATCH_ROWS:
            self._flush(result, table, ctx, sink)

    def _flush(self, result: FileResult, table: Table, ctx: TableContext, sink: CaseCollector) -> None:
        """Normalise the rows waiting in ``ctx.pending`` (column by column) and hand the cases to
        ``sink``; the rows that cannot be loaded are quarantined, in line order."""
        pending, ctx.pending = ctx.pending, []
        if not pending:
            return
        done = self.normaliser.normalise_rows(
            [p.record for p in pending], [p.text for p in pending], ctx.defaults, self.limits.max_terlapor_per_row
        )
        loaded: list[PendingRow] = []
        for row, alasan in zip(pending, done.alasan, strict=True):
            if alasan is None:
                loaded.append(row)
            else:
                self._quarantine(result, table, row.line, alasan, _raw_dict(table.header, row.cells))
        if done.alasan[-1] is not None and ctx.previous_case is pending[-1].case_if_loaded:
            ctx.previous_case = None  # the last row did not load: the next row continues no case
        sink.add_rows(result.input.relpath, loaded, done)

    def _quarantine(
        self, result: FileResult, table: Table, line: int, reason: str, raw: dict[str, object], personal: bool = False
    ) -> None:
        result.quarantined.append(
            QuarantineRow(
                result.input.relpath, line, table.sheet, reason, raw, result.input.defaults.sintetis, personal
            )
        )


def _is_recap(hmap: HeaderMap) -> bool:
    """Counts per region (and perhaps per type or stage), nothing that identifies one case."""
    return "jumlah" in hmap.recognised and not (hmap.recognised & INDIVIDUAL_FIELDS)


@dataclass
class TableContext:
    """What one table's rows are read with, and what reading them has taught so far."""

    header_texts: frozenset[str]  # to recognise a header repeated mid-sheet
    defaults: SourceDefaults  # the folder's, with the date order this table was found to use
    non_case: NonCaseRows = field(default_factory=NonCaseRows)
    previous_case: dict[str, object] | None = None  # record of the last row loaded as a new case
    pending: list[PendingRow] = field(default_factory=list)  # rows waiting to be normalised (see _flush)

    @classmethod
    def of(cls, table: Table, defaults: SourceDefaults) -> TableContext:
        return cls(_header_texts(table), defaults)

    def continue_case(
        self, case_above: dict[str, object] | None, record: dict[str, object], text: dict[str, str | None]
    ) -> bool:
        """A row naming only another person (name, NIP, position, agency) right under a case is that
        case's next terlapor: a register exported from merged cells leaves the case cells blank below
        the first row. Fills them in place from the case above; True when it did."""
        if case_above is None or not _may_continue(text):
            return False
        for fname, value in case_above.items():
            if fname not in PERSON_ROW_FIELDS and fname != IGNORED:
                record[fname] = value
                text[fname] = clean_cell(value)
        return True


@dataclass(slots=True)
class PendingRow:
    """A row that may be a case, waiting to be normalised with its neighbours."""

    line: int
    cells: list[object]
    record: dict[str, object]
    text: dict[str, str | None]
    notes: list[str]  # masalah_data the row structure adds (a continuation, the date order, extra cells)
    #: What ``TableContext.previous_case`` is if this row loads: its record (a new case; it is not
    #: changed afterwards, so a continuation picks its case cells from it) or the case it continues.
    case_if_loaded: dict[str, object] | None


def _may_continue(text: dict[str, str | None]) -> bool:
    """A row naming only a person (name or NIP, perhaps position and agency): it may be the next
    terlapor of the case above (:meth:`TableContext.continue_case`)."""
    if not (text.get("nama") or text.get("nip")):
        return False
    return not any(v is not None for f, v in text.items() if f not in PERSON_ROW_FIELDS and f != IGNORED)


def _header_texts(table: Table) -> frozenset[str]:
    """The header's texts as cleaned cells compare (lower case)."""
    return frozenset(t.lower() for t in (clean_cell(h) for h in table.header) if t is not None)


def _repeats_header(cells: list[object], texts: list[str | None], header_texts: frozenset[str]) -> bool:
    """A header copied mid-sheet (common when registers are pasted together): two or more text
    cells equal to header texts of this table. A set lookup per cell, since it runs on every row."""
    # Fewer than two of all the texts lowered are header texts (nearly every row): no need to look
    # at which cells they came from. One C-level pass.
    if sum(map(header_texts.__contains__, map(str.lower, filter(None, texts)))) < 2:
        return False
    same = 0
    for c, t in zip(cells, texts, strict=False):
        if t is not None and c.__class__ is str and t.lower() in header_texts:
            same += 1
            if same >= 2:
                return True
    return False


# ------------------------------------------------------------------ across files

#: Handling outcome travels as a group: the source that is further along wins it whole.
OUTCOME_FIELDS = ("tahap", "hasil", "rekomendasi", "sanksi", "kategori_sanksi", "tindak_lanjut_ppk", "tanggal_sanksi")
STAGE_RANK = vocab.stage_order()  # referensi/tahap.yml `urutan`: the further stage wins in a merge
#: Codes that mean "not known" and so may be filled from another source.
UNKNOWN_CODES = {None, "", "tidak_diketahui", "lainnya"}
#: Columns a row gets from its case (:attr:`Case.fields`); the rest are per person or provenance.
PER_ROW_COLUMNS = (
    "id_kasus",
    "id_terlapor",
    "nama_terlapor",
    "nip",
    "jabatan",
    "kategori_jabatan",
    "sumber_berkas",
    "sumber_baris",
    "masalah_data",
    "sumber_lain",
)
CASE_COLUMNS = tuple(c for c in COLUMNS if c not in PER_ROW_COLUMNS)
#: Per-row columns that a case's people share (its source line), and those that are each person's.
CASE_PROVENANCE = ("sumber_berkas", "sumber_baris", "masalah_data")
PERSON_COLUMNS = ("nama_terlapor", "nip", "jabatan", "kategori_jabatan")
_ID_KASUS, _ID_TERLAPOR, _SUMBER_LAIN = COL["id_kasus"], COL["id_terlapor"], COL["sumber_lain"]


def _case_key(
    region: str | None,
    register: str | None,
    pemilihan: object,
    tanggal: object,
    uraian: object,
    instansi: object,
    relpath: str,
) -> str:
    """Stable across runs: a register number identifies a case in its region; otherwise its content.
    ``region``: the kabupaten/kota code, else the province's; ``register``: the register number as
    keys compare it (squashed), None when the case has none."""
    if register is not None:
        basis = f"reg|{region}|{register}"
    else:
        basis = "|".join(
            str(x)
            for x in ("isi", region, pemilihan, tanggal, fold(str(uraian or "")), fold(str(instansi or "")), relpath)
        )
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


def _person_keys(
    person: Person,
    region: str | None,
    pemilihan: object,
    tanggal: object,
    presisi: object,
    jenis: object,
    register: str | None,
) -> tuple[tuple, ...]:
    """The keys under which a terlapor row is the *same person in the same case* as another.

    A duplicate is the same person (NIP, else name without degrees in the same region and election)
    in the same incident: the same register number, or the same day and the same kind of act. The
    same NIP in two incidents is two rows: a person can violate twice. Without a register number or a
    day-precise date, the act and whatever date is known are all there is to go on. The arguments are
    the case's, as for :func:`_case_key`."""
    if person.nip:
        identity: tuple = ("nip", person.nip)
    elif person.nama:
        identity = ("nama", fold(name_without_degrees(person.nama)), region, pemilihan)
    else:
        return ()
    keys: list[tuple] = []
    if register is not None:
        keys.append((identity, ("reg", register)))
    if presisi == "hari":
        keys.append((identity, ("isi", tanggal, jenis)))
    if not keys:  # weakly identified: see RowBuilder._weak_match
        keys.append((identity, ("lemah", tanggal, jenis)))
    return tuple(keys)


#: How a merged source is described in ``sumber_lain``: which key made it the same case.
_MERGE_BASIS = {
    "reg": "nomor register sama",
    "isi": "tanggal dan jenis pelanggaran sama",
    "lemah": "tanpa nomor register dan tanggal harian; tanggal dan jenis pelanggaran sama atau tidak diketahui",
}


def _compatible(a: object, b: object) -> bool:
    """Two values that do not tell two incidents apart: equal, or one of them unknown."""
    return a == b or a in UNKNOWN_CODES or b in UNKNOWN_CODES


#: Which keys a terlapor row has, as one byte per person in :class:`FileCases` (cheap to pickle from a
#: worker and to read back: a nested tuple of strings and dates per person cost the merge about 7 µs
#: a row to unpickle). Bit 0: the identity is a NIP (else a name); bits 1-3: a key of that basis, in
#: the order :func:`_person_keys` gives them. No bits: the row names nobody to compare.
_KEY_BASES = ("reg", "isi", "lemah")
_NIP_BIT = 1
_WEAK_BIT = 2 << _KEY_BASES.index("lemah")


def _key_code(pkeys: tuple[tuple, ...]) -> int:
    code = _NIP_BIT if pkeys and pkeys[0][0][0] == "nip" else 0
    for pkey in pkeys:
        code |= 2 << _KEY_BASES.index(pkey[1][0])
    return code


#: code -> (the identity's kind, the bases of its keys in order).
_KEY_SHAPES: dict[int, tuple[str, tuple[str, ...]]] = {
    code: (
        "nip" if code & _NIP_BIT else "nama",
        tuple(basis for i, basis in enumerate(_KEY_BASES) if code & (2 << i)),
    )
    for code in range(16)
}
_DIGEST_BYTES = 16
#: code -> how many keys (digests) a row with that code has.
_DIGESTS_PER_CODE = np.array([len(_KEY_SHAPES[code][1]) for code in range(16)], dtype=np.int64)


def key_digest(pkey: tuple) -> bytes:
    """A person key as the duplicate index holds it: 16 bytes instead of a nested tuple of strings
    and dates (about a quarter of the memory; at ten million rows the index is most of the run's).
    128 bits: a collision among 10^8 keys has odds of about 10^-23. Deterministic across processes
    and machines (``repr`` of strings, dates and None; no salted ``hash``), so workers compute it."""
    return hashlib.blake2b(repr(pkey).encode("utf-8"), digest_size=_DIGEST_BYTES).digest()


@dataclass
class FileCases:
    """One file's cases as they leave the per-file stage, as flat columns (a worker pickles them to
    the merge): per case its line, key and number of terlapor rows; per terlapor row, in order, which
    keys it has (:data:`_KEY_SHAPES`, one byte each) and their digests (16 bytes each, concatenated);
    the full key of the weakly identified rows (:meth:`RowBuilder._weak_match` compares their dates);
    and every terlapor row in one Arrow table, in the same order (:mod:`etl.kolom`)."""

    lines: list[int]
    keys: list[str]
    people: list[int]
    key_codes: bytes
    digests: bytes
    weak: dict[int, tuple]  # terlapor row (of this file) -> its one "lemah" key
    table: pa.Table


class CaseCollector:
    """Where the per-file stage puts one file's cases (:meth:`FileProcessor.read_file`): per case its
    line, key and people's keys, and its people's rows as columns (schema column -> values)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.lines: list[int] = []
        self.keys: list[str] = []
        self.key_codes = bytearray()
        self.digests = bytearray()
        self.weak: dict[int, tuple] = {}
        #: Per case: its columns (the case's fields and provenance), and how many people it has.
        self.by_case: dict[str, list[object]] = {name: [] for name in (*CASE_COLUMNS, *CASE_PROVENANCE)}
        self.people: list[int] = []
        #: Per person: the columns that tell a case's people apart.
        self.by_person: dict[str, list[object]] = {name: [] for name in PERSON_COLUMNS}

    def add_rows(self, relpath: str, rows: list[PendingRow], done: NormalisedRows) -> None:
        """The loaded ``rows`` of a batch and what :meth:`Normaliser.normalise_rows` made of them.
        Everything about their cases that does not depend on other files (workers do this part):
        keys, and rows complete but for ``id_kasus`` and ``id_terlapor``, which only the merge across
        files can number."""
        f = done.fields
        regions = [kab or prov for kab, prov in zip(f["kode_kabupaten_kota"], f["kode_provinsi"], strict=True)]
        registers = [squash(str(nomor)) if nomor else None for nomor in f["nomor_register"]]
        lines = [row.line for row in rows]
        per_case = zip(
            done.persons,
            regions,
            registers,
            f["pemilihan"],
            f["tanggal_kejadian"],
            f["presisi_tanggal"],
            f["jenis_pelanggaran"],
            f["uraian"],
            f["instansi"],
            strict=True,
        )
        codes, digests, weak, keys = self.key_codes, self.digests, self.weak, self.keys
        for persons, region, register, pemilihan, tanggal, presisi, jenis, uraian, instansi in per_case:
            for person in persons:
                pkeys = _person_keys(person, region, pemilihan, tanggal, presisi, jenis, register)
                code = _key_code(pkeys)
                if code & _WEAK_BIT:
                    weak[len(codes)] = pkeys[0]
                codes.append(code)
                for pkey in pkeys:
                    digests += key_digest(pkey)
            keys.append(_case_key(region, register, pemilihan, tanggal, uraian, instansi, relpath))
        self.lines += lines

        masalah = [
            "; ".join(dict.fromkeys(problems + row.notes)) or None
            for problems, row in zip(done.masalah, rows, strict=True)
        ]
        by_case = self.by_case
        for name in CASE_COLUMNS:
            by_case[name] += f[name]
        by_case["sumber_berkas"] += [relpath] * len(lines)
        by_case["sumber_baris"] += lines
        by_case["masalah_data"] += masalah
        self.people += map(len, done.persons)
        people_rows = [person for persons in done.persons for person in persons]
        jabatan = [person.jabatan for person in people_rows]
        by_person = self.by_person
        by_person["nama_terlapor"] += [person.nama for person in people_rows]
        by_person["nip"] += [person.nip for person in people_rows]
        by_person["jabatan"] += jabatan
        by_person["kategori_jabatan"] += map(_kategori_jabatan, jabatan)

    def handover(self) -> FileCases:
        """The file's cases, and its rows as one Arrow table: a case's columns repeated for each of
        its people (nearly always one) by one Arrow ``take``."""
        people = np.asarray(self.people, dtype=np.int64)
        rows = int(people.sum())
        spread = None if rows == len(people) else pa.array(np.repeat(np.arange(len(people)), people))
        arrays = {}
        for column in schema.PELANGGARAN:
            kind = ARROW_TYPES[column.dtype]
            if column.name in self.by_person:
                arrays[column.name] = pa.array(self.by_person[column.name], type=kind)
            elif column.name in self.by_case:
                values = pa.array(self.by_case[column.name], type=kind)
                arrays[column.name] = values if spread is None else values.take(spread)
            else:  # id_kasus, id_terlapor, sumber_lain: filled by the merge across files
                arrays[column.name] = pa.nulls(rows, type=kind)
        return FileCases(
            self.lines,
            self.keys,
            self.people,
            bytes(self.key_codes),
            bytes(self.digests),
            self.weak,
            pa.Table.from_pydict(arrays, schema=SCHEMA),
        )


class RowBuilder:
    """The merge across files, in file order: recognises the same person in the same case from
    several sources, numbers terlapor per case and keeps each file's new rows as the Arrow table they
    arrived in (``id_kasus``/``id_terlapor`` filled). What a later duplicate source adds to a row is
    kept aside (:attr:`merges`, :attr:`other_sources`) and applied when the rows are finished
    (:meth:`finish`, or :meth:`etl.partisi.RowSpool.finish` for rows already in a partition): only
    those rows ever go back to Python objects.
    """

    def __init__(self) -> None:
        self.tables: list[pa.Table] = []  # each committed file's new rows, not yet sealed
        self.count = 0  # rows so far (the next row's index)
        self.other_sources: dict[int, list[str]] = {}  # row index -> the duplicate sources merged into it
        self.merges: dict[int, list[dict[str, object]]] = {}  # row index -> their case fields, in arrival order
        self.by_person: dict[bytes, int] = {}  # key_digest(person key) -> row index
        self.weak: dict[tuple, list[tuple[tuple, int]]] = {}  # identity -> weakly identified rows
        self.case_numbers: dict[str, int] = {}
        self.sealed = 0  # rows before this index were handed to a partition (see seal)

    def add_file(self, result: FileResult, cases: FileCases, duplicate_file: bool = False) -> None:
        """A file's cases, in order. ``duplicate_file``: a byte-identical copy of an earlier file
        (every row is a duplicate of that file's)."""
        if duplicate_file:
            result.duplicates += len(cases.lines)
            return
        relpath = result.input.relpath
        blob = cases.digests
        digests = [blob[i : i + _DIGEST_BYTES] for i in range(0, len(blob), _DIGEST_BYTES)]
        if self._all_new(cases, digests):
            self._add_all_new(result, cases, digests)
            return
        keep: list[int] = []  # rows of the file's table that are new terlapor rows
        id_kasus: list[str] = []
        id_terlapor: list[str] = []
        merged: list[tuple[int, str, int]] = []  # (row merged into, reference, row of the file's table)
        by_person, case_numbers, shapes = self.by_person, self.case_numbers, _KEY_SHAPES
        codes = cases.key_codes
        row = -1
        k = 0  # the next digest
        for line, key, n in zip(cases.lines, cases.keys, cases.people, strict=True):
            new_rows = 0
            for _ in range(n):  # a plain loop: this runs once per terlapor row
                row += 1
                kind, bases = shapes[codes[row]]
                mine = digests[k : k + len(bases)]
                k += len(bases)
                match = None
                for basis, digest in zip(bases, mine, strict=True):
                    target = by_person.get(digest)
                    if target is not None:
                        match = basis, target
                        break
                if match is None and bases == ("lemah",):
                    match = self._weak_match(cases.weak[row])
                if match is not None:
                    basis, target = match
                    ref = f"{relpath}:{line} ({'NIP' if kind == 'nip' else 'nama'} sama, {_MERGE_BASIS[basis]})"
                    merged.append((target, ref, row))
                    continue
                number = case_numbers.get(key, 0) + 1
                case_numbers[key] = number
                index = self.count + len(keep)
                keep.append(row)
                id_kasus.append(f"NK-{key}")
                id_terlapor.append(f"NK-{key}-{number:02d}")
                for digest in mine:
                    if digest not in by_person:
                        by_person[digest] = index
                if bases == ("lemah",):
                    pkey = cases.weak[row]
                    self.weak.setdefault(pkey[0], []).append((pkey, index))
                new_rows += 1
            if new_rows:
                result.loaded += 1
                result.terlapor += new_rows
            else:
                result.duplicates += 1  # every person of this row was already known from another row
        table = cases.table
        if merged:
            # A duplicate row's case fields, as the row it merges into will take them (in arrival order).
            others = table.take(pa.array([r for *_, r in merged], type=pa.int64())).select(CASE_COLUMNS).to_pylist()
            for (target, ref, _), other in zip(merged, others, strict=True):
                self.other_sources.setdefault(target, []).append(ref)
                self.merges.setdefault(target, []).append(other)
        if len(keep) != table.num_rows:
            table = table.take(pa.array(keep, type=pa.int64()))
        table = table.set_column(_ID_KASUS, "id_kasus", pa.array(id_kasus, type=pa.string()))
        table = table.set_column(_ID_TERLAPOR, "id_terlapor", pa.array(id_terlapor, type=pa.string()))
        self.tables.append(table)
        self.count += len(keep)

    def _all_new(self, cases: FileCases, digests: list[bytes]) -> bool:
        """Whether no row of the file can match another row (of this file or an earlier one): no
        weakly identified row, no key twice in the file, no key already known. Most files of a big run
        are like this, and their rows are then added in one go (:meth:`_add_all_new`)."""
        return not cases.weak and len(set(digests)) == len(digests) and self.by_person.keys().isdisjoint(digests)

    def _add_all_new(self, result: FileResult, cases: FileCases, digests: list[bytes]) -> None:
        """What the row-by-row merge of :meth:`add_file` gives for a file whose every row is new
        (:meth:`_all_new`), done column-wise: every row kept, each case's people numbered on from the
        case's earlier rows, every key indexed to its row."""
        rows = len(cases.key_codes)
        per_row = _DIGESTS_PER_CODE[np.frombuffer(cases.key_codes, dtype=np.uint8)]
        owners = np.repeat(np.arange(self.count, self.count + rows, dtype=np.int64), per_row)
        self.by_person.update(zip(digests, owners.tolist(), strict=True))
        case_numbers, before = self.case_numbers, []
        for key, n in zip(cases.keys, cases.people, strict=True):  # a case key may recur in a file
            first = case_numbers.get(key, 0)
            case_numbers[key] = first + n
            before.append(first)
        people = np.asarray(cases.people, dtype=np.int64)
        case_of_row = np.repeat(np.arange(len(people), dtype=np.int64), people)
        first_row = np.cumsum(people) - people
        numbers = np.asarray(before, dtype=np.int64)[case_of_row] + np.arange(rows) - first_row[case_of_row] + 1
        # id_kasus "NK-<key>", id_terlapor "NK-<key>-<number, two digits or more>" (as f"{n:02d}")
        id_kasus = pc.binary_join_element_wise("NK-", pa.array(cases.keys, type=pa.string()), "").take(case_of_row)
        padded = pc.utf8_lpad(pa.array(numbers).cast(pa.string()), 2, "0")
        id_terlapor = pc.binary_join_element_wise(id_kasus, padded, "-")
        named = int(np.count_nonzero(people))
        result.loaded += named
        result.duplicates += len(people) - named  # a case row without people adds none (as in add_file)
        result.terlapor += rows
        table = cases.table.set_column(_ID_KASUS, "id_kasus", id_kasus)
        table = table.set_column(_ID_TERLAPOR, "id_terlapor", id_terlapor)
        self.tables.append(table)
        self.count += rows

    def _weak_match(self, pkey: tuple) -> tuple[str, int] | None:
        """A row with neither a register number nor a day-precise date cannot name its incident: it
        is the same case as an earlier such row of the same person whose date and violation type do
        not differ (equal, or unknown on either side). A person's row *with* a day or a register number
        is never merged into this way. ``pkey``: the row's one key, of basis "lemah"."""
        identity, (_, date, jenis) = pkey
        for other, index in self.weak.get(identity, ()):
            _, (_, other_date, other_jenis) = other
            if _compatible(date, other_date) and _compatible(jenis, other_jenis):
                return "lemah", index
        return None

    def patch(self, index: int, row: list[object]) -> None:
        """What later sources add to row ``index`` (a list in schema column order, changed in place):
        their merges in arrival order, then ``sumber_lain``."""
        for other in self.merges.get(index, ()):
            merge_into(row, other)
        refs = self.other_sources.get(index)
        if refs:
            row[_SUMBER_LAIN] = "; ".join(refs)

    def finish(self) -> pa.Table:
        """The rows not yet sealed (all of them in a run without partitions), in deterministic order
        (file order, then line), with later sources' merges and ``sumber_lain`` applied."""
        tables, start = [], self.sealed
        for table in self.tables:
            touched = sorted(i - start for i in self.other_sources if start <= i < start + table.num_rows)
            tables.append(patch_rows(table, touched, self.patch, start))
            start += table.num_rows
        return pa.concat_tables(tables) if tables else pelanggaran_table([])

    # ---------------------------------------------------------------- partitions

    def unsealed(self) -> int:
        return self.count - self.sealed

    def seal(self) -> tuple[int, pa.Table]:
        """Hand over the rows added since the last seal (to be written to a partition and freed):
        (index of the first, rows). Called between files only. The rows stay known to the duplicate
        index; a later duplicate's merge into one of them is applied when the partition is finished
        (:meth:`etl.partisi.RowSpool.finish`)."""
        start = self.sealed
        table = pa.concat_tables(self.tables) if self.tables else pelanggaran_table([])
        self.tables = []
        self.sealed = self.count
        return start, table

    def sealed_touched(self) -> set[int]:
        """Indices of sealed rows that a later source merged into (their partition is rewritten)."""
        return {i for i in self.other_sources if i < self.sealed}

    def release_index(self) -> None:
        """Forget the duplicate index and the builder's hold on the rows once every file is merged: the
        writer needs neither, and at ten million rows the index weighs gigabytes."""
        self.by_person, self.weak, self.case_numbers = {}, {}, {}
        self.tables = []  # handed over by finish()/seal(): the caller holds the only reference
        self.other_sources, self.merges = {}, {}


def merge_into(row: list[object], other: dict[str, object]) -> None:
    """A duplicate source's case fields into the first row: the source further along in handling
    wins the outcome group whole; any other field the row does not know is filled."""
    if STAGE_RANK.get(str(other.get("tahap")), 0) > STAGE_RANK.get(str(row[COL["tahap"]]), 0):
        for name in OUTCOME_FIELDS:
            row[COL[name]] = other.get(name)
    for name, value in other.items():
        if name in OUTCOME_FIELDS or name == "data_sintetis":
            continue
        if row[COL[name]] in UNKNOWN_CODES and value not in UNKNOWN_CODES:
            row[COL[name]] = value


@lru_cache(maxsize=65536)
def _kategori_jabatan(jabatan: str | None) -> str:
    return classifiers()["jabatan"].classify(jabatan)


def raw_json(raw: dict[str, object]) -> str:
    text = json.dumps(raw, ensure_ascii=False, default=str)
    return text if len(text) <= RAW_PREVIEW_CHARS else text[: RAW_PREVIEW_CHARS - 1] + "…"
