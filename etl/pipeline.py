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
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from etl.headers import IGNORED, map_headers
from etl.limits import Limits
from etl.normalize import Case, Normaliser, Quarantine, is_subtotal
from etl.readers import BadLine, RowLimitExceeded, Table, UnreadableFile, read_tables, shape_of
from etl.sources import InputFile
from etl.textnorm import clean_cell, fold, squash

#: Fields that make a row a case register row; a sheet with a register number and none of
#: these is a follow-up (tindak lanjut) sheet joined to the register.
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


@dataclass
class LoadedRow:
    sumber_berkas: str
    sumber_baris: int
    case: Case
    duplicate_persons: int = 0


@dataclass
class FileResult:
    input: InputFile
    shape: str
    sha256: str | None = None
    size: int | None = None
    rows_in: int = 0
    blank: int = 0
    loaded: list[LoadedRow] = field(default_factory=list)
    quarantined: list[QuarantineRow] = field(default_factory=list)
    follow_up_joined: int = 0
    duplicates: int = 0  # rows whose every person merged into an earlier row (set by dedupe)
    unrecognised: list[str] = field(default_factory=list)
    error: str | None = None  # the whole file is unreadable
    note: str | None = None
    names_seen: set[str] = field(default_factory=set)  # every terlapor name read, for public scrubbing

    @property
    def status(self) -> str:
        if self.error:
            return "tidak_terbaca"
        if self.note and self.duplicates == self.rows_in:
            return "duplikat"
        return "sebagian" if self.quarantined else "ok"


def _raw_dict(header: list[object], cells: list[object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for i, cell in enumerate(cells):
        value = clean_cell(cell) if not isinstance(cell, (int, float)) or isinstance(cell, bool) else cell
        if value is None:
            continue
        key = str(clean_cell(header[i]) if i < len(header) else None) if i < len(header) else f"kolom_{i + 1}"
        out[key if key != "None" else f"kolom_{i + 1}"] = value if isinstance(value, (int, float)) else str(value)
    return out


def _is_blank(cells: list[object]) -> bool:
    return all(clean_cell(c) is None for c in cells)


class FileProcessor:
    def __init__(self, normaliser: Normaliser, limits: Limits):
        self.normaliser = normaliser
        self.limits = limits

    def process(self, item: InputFile, seen_checksums: dict[str, str]) -> FileResult:
        result = FileResult(item, shape_of(item.path) or "tidak_didukung")
        if item.problem:
            result.error = item.problem
            return result
        try:
            data = item.path.read_bytes() if item.path.stat().st_size <= self.limits.max_file_bytes else None
        except OSError as exc:
            result.error = f"berkas tidak dapat dibaca: {exc.strerror or exc}"
            return result
        result.size = item.path.stat().st_size
        if data is not None:
            result.sha256 = hashlib.sha256(data).hexdigest()
            del data
        overrides = item.defaults.overrides
        try:
            tables = read_tables(item.path, self.limits, overrides)
            self._process_tables(result, tables, overrides)
        except (UnreadableFile, RowLimitExceeded) as exc:
            # Nothing of a file that fails mid-way is loaded: a half-read register would
            # silently drop its tail. The whole file is reported instead.
            result.error = str(exc)
            result.loaded.clear()
            result.quarantined.clear()
            result.rows_in = result.blank = result.follow_up_joined = 0
        except (MemoryError, RecursionError) as exc:
            result.error = f"berkas terlalu berat untuk dibaca ({type(exc).__name__})"
            result.loaded.clear()
            result.quarantined.clear()
            result.rows_in = result.blank = result.follow_up_joined = 0
        if not result.error and result.sha256 and result.sha256 in seen_checksums:
            # The same file twice: every row is a duplicate of the first copy.
            result.note = f"isi sama persis dengan {seen_checksums[result.sha256]}"
            result.duplicates = len(result.loaded)
            for row in result.loaded:
                row.duplicate_persons = len(row.case.persons)
            result.loaded.clear()
        elif result.sha256 and not result.error:
            seen_checksums[result.sha256] = item.relpath
        return result

    # ---------------------------------------------------------------- tables

    def _process_tables(self, result: FileResult, tables: list[Table], overrides: dict[str, str]) -> None:
        registers: list[tuple[Table, dict[int, str], list[tuple[int, list[object], dict[str, object]]]]] = []
        follow_ups: list[tuple[Table, dict[int, str], list[tuple[int, list[object], dict[str, object]]]]] = []
        for table in tables:
            hmap = map_headers(table.header, overrides)
            for name in hmap.unrecognised:
                if name not in result.unrecognised and len(result.unrecognised) < MAX_UNRECOGNISED_LISTED:
                    result.unrecognised.append(name)
            if len(hmap.unrecognised) > MAX_UNRECOGNISED_LISTED:
                result.unrecognised.append(f"… dan {len(hmap.unrecognised) - MAX_UNRECOGNISED_LISTED:,} kolom lain")
            rows = []
            for line, cells in table.rows:
                if len(cells) == 1 and isinstance(cells[0], BadLine):
                    result.rows_in += 1
                    self._quarantine(result, table, line, cells[0].reason, {})
                    continue
                if _is_blank(cells):
                    result.blank += 1
                    continue
                if len(cells) > self.limits.max_columns:
                    cells = cells[: self.limits.max_columns]
                record = {f: cells[i] for i, f in hmap.fields.items() if i < len(cells) and f != IGNORED}
                rows.append((line, cells, record))
            is_follow_up = (
                table is not tables[0]
                and "nomor_register" in hmap.recognised
                and not (hmap.recognised & CASE_FIELDS)
                and bool(hmap.recognised & FOLLOW_UP_FIELDS)
            )
            (follow_ups if is_follow_up else registers).append((table, hmap.fields, rows))

        # Join follow-up sheets: the later sheet's non-empty cells win (they are newer news).
        by_register: dict[str, dict[str, object]] = {}
        for _, _, rows in registers:
            for _, _, record in rows:
                key = squash(str(record.get("nomor_register") or ""))
                if key:
                    by_register.setdefault(key, record)
        for table, _, rows in follow_ups:
            for line, cells, record in rows:
                result.rows_in += 1
                key = squash(str(record.get("nomor_register") or ""))
                target = by_register.get(key) if key else None
                if target is None:
                    self._quarantine(
                        result, table, line,
                        f"lembar tindak lanjut: nomor register {record.get('nomor_register')!r} tidak ada di lembar register",
                        _raw_dict(table.header, cells),
                    )
                    continue
                for fname, value in record.items():
                    if fname != "nomor_register" and clean_cell(value) is not None:
                        target[fname] = value
                result.follow_up_joined += 1

        for table, _, rows in registers:
            header_texts = frozenset(str(h).strip().lower() for h in table.header if clean_cell(h) is not None)
            for line, cells, record in rows:
                result.rows_in += 1
                self._process_row(result, table, line, cells, record, header_texts)

    def _process_row(
        self, result: FileResult, table: Table, line: int, cells: list[object], record: dict[str, object],
        header_texts: frozenset[str],
    ) -> None:
        texts = [clean_cell(c) for c in cells]
        present = [t for t in texts if t is not None]
        names = record.get("nama")
        if names:
            result.names_seen.update(n for n in (clean_cell(x) for x in str(names).split(";")) if n)
        too_long = next((t for t in present if len(t) > self.limits.max_cell_chars), None)
        if too_long is not None:
            self._quarantine(
                result, table, line,
                f"sel terlalu panjang: {len(too_long):,} karakter > batas {self.limits.max_cell_chars:,} (NETRALITAS_MAX_CELL_CHARS)",
                {"potongan": too_long[:200]},
            )
            return
        if _repeats_header(cells, header_texts):
            self._quarantine(result, table, line, "judul kolom berulang di tengah lembar (bukan kasus)", _raw_dict(table.header, cells))
            return
        if is_subtotal(present) and not record.get("nama") and not record.get("nip"):
            self._quarantine(result, table, line, "baris subtotal/jumlah (bukan kasus)", _raw_dict(table.header, cells))
            return
        if not record:
            self._quarantine(result, table, line, "baris tanpa isi pada kolom yang dikenali", _raw_dict(table.header, cells))
            return
        outcome = self.normaliser.normalise(record, result.input.defaults, self.limits.max_terlapor_per_row)
        if isinstance(outcome, Quarantine):
            self._quarantine(result, table, line, outcome.alasan, _raw_dict(table.header, cells))
            return
        extra = [c for i, c in enumerate(cells) if i >= len(table.header) and clean_cell(c) is not None]
        if extra:
            outcome.masalah.append(f"{len(extra)} sel tanpa judul kolom diabaikan")
        result.loaded.append(LoadedRow(result.input.relpath, line, outcome))

    def _quarantine(self, result: FileResult, table: Table, line: int, reason: str, raw: dict[str, object]) -> None:
        result.quarantined.append(
            QuarantineRow(result.input.relpath, line, table.sheet, reason, raw, result.input.defaults.sintetis)
        )


def _repeats_header(cells: list[object], header_texts: frozenset[str]) -> bool:
    """A header copied mid-sheet (common when registers are pasted together): two or more cells
    equal to header texts of this table. A set lookup per cell, since it runs on every row."""
    same = 0
    for c in cells:
        if isinstance(c, str) and c.strip().lower() in header_texts:
            same += 1
            if same >= 2:
                return True
    return False


# ------------------------------------------------------------------ across files


@dataclass
class TerlaporRow:
    values: dict[str, object]
    sources: list[str]


def _case_key(f: dict[str, object], relpath: str) -> str:
    region = f.get("kode_kabupaten_kota") or f.get("kode_provinsi")
    if f.get("nomor_register"):
        basis = f"reg|{region}|{squash(str(f['nomor_register']))}"
    else:
        basis = "|".join(
            str(x) for x in (
                "isi", region, f.get("pemilihan"), f.get("tanggal_kejadian"), fold(str(f.get("uraian") or "")),
                fold(str(f.get("instansi") or "")), relpath,
            )
        )
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]


def _person_key(person, f: dict[str, object]) -> tuple | None:
    if person.nip:
        return ("nip", person.nip)
    if person.nama:
        region = f.get("kode_kabupaten_kota") or f.get("kode_provinsi")
        return ("nama", fold(person.nama), region, f.get("pemilihan"), f.get("jenis_pelanggaran"))
    return None


def build_rows(results: list[FileResult], on_progress: Callable[[str], None] | None = None) -> list[TerlaporRow]:
    """One row per terlapor per case, duplicates merged, ids assigned; deterministic order."""
    rows: list[TerlaporRow] = []
    by_person: dict[tuple, TerlaporRow] = {}
    case_ids: dict[str, int] = {}  # case key -> persons numbered so far
    for result in results:
        for loaded in result.loaded:
            f = loaded.case.fields
            ref = f"{loaded.sumber_berkas}:{loaded.sumber_baris}"
            key = _case_key(f, loaded.sumber_berkas)
            new_rows = 0
            for person in loaded.case.persons:
                pkey = _person_key(person, f)
                if pkey is not None and pkey in by_person:
                    first = by_person[pkey]
                    first.sources.append(ref)
                    _merge_into(first.values, f)
                    loaded.duplicate_persons += 1
                    continue
                number = case_ids.get(key, 0) + 1
                case_ids[key] = number
                values = dict(f)
                values.update(
                    id_kasus=f"NK-{key}",
                    id_terlapor=f"NK-{key}-{number:02d}",
                    nama_terlapor=person.nama,
                    nip=person.nip,
                    jabatan=person.jabatan,
                    sumber_berkas=loaded.sumber_berkas,
                    sumber_baris=loaded.sumber_baris,
                    masalah_data="; ".join(dict.fromkeys(loaded.case.masalah)) or None,
                )
                values["kategori_jabatan"] = _kategori_jabatan(person.jabatan)
                row = TerlaporRow(values, [])
                rows.append(row)
                new_rows += 1
                if pkey is not None:
                    by_person[pkey] = row
        # A source row whose every person merged into earlier rows counts as a duplicate row.
        still_loaded = []
        for loaded in result.loaded:
            if loaded.duplicate_persons and loaded.duplicate_persons == len(loaded.case.persons):
                result.duplicates += 1
            else:
                still_loaded.append(loaded)
        result.loaded = still_loaded
    for row in rows:
        row.values["sumber_lain"] = "; ".join(row.sources) or None
    return rows


#: Handling outcome travels as a group: the source that is further along wins it whole.
OUTCOME_FIELDS = ("tahap", "hasil", "rekomendasi", "sanksi", "kategori_sanksi", "tindak_lanjut_ppk", "tanggal_sanksi")
STAGE_RANK = {"dilaporkan": 0, "klarifikasi": 1, "kajian": 2, "rekomendasi": 3, "sanksi_dijatuhkan": 4, "selesai": 5, "dihentikan": 5}
#: Codes that mean "not known" and so may be filled from another source.
UNKNOWN_CODES = {None, "", "tidak_diketahui", "lainnya"}


def _merge_into(first: dict[str, object], other: dict[str, object]) -> None:
    """Merge a duplicate source's case fields into the first row (which keeps its provenance)."""
    if STAGE_RANK.get(str(other.get("tahap")), 0) > STAGE_RANK.get(str(first.get("tahap")), 0):
        for name in OUTCOME_FIELDS:
            first[name] = other.get(name)
    for name, value in other.items():
        if name in OUTCOME_FIELDS or name == "data_sintetis":
            continue
        if first.get(name) in UNKNOWN_CODES and value not in UNKNOWN_CODES:
            first[name] = value


def _kategori_jabatan(jabatan: str | None) -> str:
    from etl.classify import classifiers

    return classifiers()["jabatan"].classify(jabatan)


def raw_json(raw: dict[str, object]) -> str:
    text = json.dumps(raw, ensure_ascii=False, default=str)
    return text if len(text) <= RAW_PREVIEW_CHARS else text[: RAW_PREVIEW_CHARS - 1] + "…"
