"""Write the two warehouses (internal and public) aside, validate them, swap them in.

Layout under OUT::

    netralitas.duckdb, pelanggaran.parquet, wilayah.parquet, peta_*.geojson    internal build
    publik/  the same files, without personal columns and with free text scrubbed

Everything is written into ``OUT/.tmp-<run>/`` first and checked (declared schema
compiled to SQL checks, conservation); only then is each file ``os.replace``d onto
the live path, the DuckDB files last. A failure or a kill at any point leaves the
previous warehouse untouched; readers holding the old file keep reading it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import itertools
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl import rollup
from etl.angka_resmi import ReferenceLoad
from etl.kolom import ARROW_TYPES, pelanggaran_arrays
from etl.partisi import RowSpool
from etl.pipeline import FileResult, QuarantineRow, raw_json
from etl.privacy import Scrubber, name_words
from netralitas import config, schema

#: DuckDB's memory per build while writing (see :func:`_write_build`); past it DuckDB spills to its own
#: temporary files. At a million rows the run's peak memory is the parent's, in this phase: 2.09 GB
#: sampled with 1 GB per build, 1.89 GB with 512 MB, 1.90 GB with 256 MB, the 1M write no slower
#: (one run each, 4 Dec): the rest is the rows themselves, as Arrow. At 10M the write took 162 and
#: 136 s in two bench runs against 129 s with 1 GB: no consistent cost (the machine varies as much).
WRITE_MEMORY_LIMIT = "512MB"
#: DuckDB's threads per build while writing: the two builds already run side by side (and the public
#: one scrubs in Python), so one thread each keeps two cores busy; two each made DuckDB spend about a
#: fifth more CPU on the same work and the write phase at a million rows slower (20.7 s -> 17.2 s
#: with one, measured on 2 cores).
WRITE_THREADS = 1
#: DuckDB's row group (its storage constant).
DUCKDB_ROW_GROUP = 122_880
#: Rows of ``pelanggaran`` scrubbed (public build), written to Parquet (its row-group size) and inserted
#: into DuckDB at a time, with a CHECKPOINT after each insert: DuckDB holds at most that many rows
#: uncompressed and the public build one chunk of scrubbed copy, not the whole table's (a few hundred
#: MB less per build at a million rows); the checks and rollups then read compressed row groups. Whole
#: DuckDB row groups, so no CHECKPOINT writes a partial row group that the next insert fills and the
#: next CHECKPOINT writes again (a million rows inserted 250,000 at a time: about 40 % more DuckDB CPU
#: for the inserts and CHECKPOINTs, measured). Only a partition's last chunk is shorter; its rows wait
#: for the next partition's (:func:`_write_build`).
WRITE_CHUNK_ROWS = INSERT_ROWS = 2 * DUCKDB_ROW_GROUP
#: Free-text columns of ``pelanggaran`` scrubbed in the public build.
FREE_TEXT = (
    "jabatan",
    "instansi",
    "uraian",
    "catatan",
    "rekomendasi",
    "sanksi",
    "dasar_hukum",
    "masalah_data",
    "media_sumber",
    "artikel",
    # Provenance written by people can carry a name too ("klarifikasi_<nama>.xlsx", a sheet per ASN).
    "sumber_berkas",
    "sumber_lain",
    "nomor_register",
    "dokumen_sumber",
)
#: Link columns of ``pelanggaran`` scrubbed in the public build (a link whose path names a terlapor).
LINKS = ("sumber_url",)
#: The columns of ``pelanggaran`` the rollups may read: published as they are in the public build
#: (neither personal nor scrubbed). Each rollup is computed once, by one of the two builds, through a
#: view of only these columns (a rollup that read another column would fail there), so it has the
#: same rows whichever build computes it: the other build inserts the same table.
ROLLUP_SOURCE_COLUMNS = tuple(
    c.name for c in schema.PELANGGARAN if not c.pribadi and c.name not in FREE_TEXT and c.name not in LINKS
)


class WarehouseError(RuntimeError):
    """The run cannot produce a trustworthy warehouse; nothing was swapped in."""


@dataclass
class RunSummary:
    id_run: str
    mulai: dt.datetime
    versi_kode: str
    files: list[FileResult]
    pelanggaran: pa.Table | None  # the rows (etl.kolom); None in a partitioned run, or once handed to the writer
    resmi: ReferenceLoad | None = None  # the official figures (table angka_resmi), read beside the registers
    spool: RowSpool | None = None  # a partitioned run's rows (etl/partisi.py); ``pelanggaran`` is then None
    rows_handed_over: int = 0  # rows of ``pelanggaran`` the writer took (then freed here)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "berkas": len(self.files),
            "berkas_tidak_terbaca": sum(1 for f in self.files if f.error),
            "baris_masuk": sum(f.rows_in for f in self.files),
            "dimuat": sum(f.loaded for f in self.files),
            "karantina": sum(len(f.quarantined) for f in self.files),
            "duplikat": sum(f.duplicates for f in self.files),
            "tindak_lanjut": sum(f.follow_up_joined for f in self.files),
            "terlapor": (self.pelanggaran.num_rows if self.pelanggaran is not None else 0)
            + self.rows_handed_over
            + (len(self.spool) if self.spool else 0),
        }


def check_conservation(files: list[FileResult]) -> None:
    """Per file: rows in = loaded + quarantined + merged duplicates + joined follow-up rows."""
    broken = [
        f"{f.input.relpath}: masuk {f.rows_in} != dimuat {f.loaded} + karantina {len(f.quarantined)} "
        f"+ duplikat {f.duplicates} + tindak lanjut {f.follow_up_joined}"
        for f in files
        if f.rows_in != f.loaded + len(f.quarantined) + f.duplicates + f.follow_up_joined
    ]
    if broken:
        raise WarehouseError("konservasi baris dilanggar (ada baris hilang):\n  " + "\n  ".join(broken))


# ------------------------------------------------------------------ arrow tables


def _arrow(columns: tuple[schema.Column, ...], records: Iterator[dict[str, object]], public: bool) -> pa.Table:
    cols = [c for c in columns if not (public and c.pribadi)]
    data: dict[str, list] = {c.name: [] for c in cols}
    for rec in records:
        for c in cols:
            data[c.name].append(rec.get(c.name))
    return pa.table({c.name: pa.array(data[c.name], type=ARROW_TYPES[c.dtype]) for c in cols})


def _scrubbed(array: pa.Array, clean: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """``clean`` applied to the distinct values once (free text repeats: a million rows carry a
    few thousand distinct job titles or sanctions), then spread back by index."""
    encoded = array.dictionary_encode()
    return pa.DictionaryArray.from_arrays(encoded.indices, clean(encoded.dictionary)).cast(pa.string())


def _each(clean: Callable[[str | None], str | None]) -> Callable[[pa.Array], pa.Array]:
    """A per-value cleaner as one over an Arrow array (for :func:`_scrubbed`)."""
    return lambda values: pa.array([clean(v) for v in values.to_pylist()], type=pa.string())


def _pelanggaran_arrow(arrays: dict[str, pa.Array], scrub: Scrubber | None) -> pa.Table:
    """The internal table as is; the public one without personal columns and with free text scrubbed."""
    if scrub is None:
        return pa.table(arrays)
    public = {}
    for c in schema.PELANGGARAN:
        if c.pribadi:
            continue
        if c.name in FREE_TEXT:
            public[c.name] = _scrubbed(arrays[c.name], scrub.texts)
        elif c.name in LINKS:
            public[c.name] = _scrubbed(arrays[c.name], _each(scrub.url))
        else:
            public[c.name] = arrays[c.name]
    return pa.table(public)


def _chunk(array: pa.Array | pa.ChunkedArray, offset: int) -> pa.Array:
    """Rows ``offset`` .. ``offset + WRITE_CHUNK_ROWS`` of a column as one array (the rows arrive in
    one chunk per file: see etl/kolom.py)."""
    piece = array.slice(offset, WRITE_CHUNK_ROWS)
    return piece.combine_chunks() if isinstance(piece, pa.ChunkedArray) else piece


def _chunks(parts: Parts, scrub: Scrubber | None) -> Iterator[pa.Table]:
    """``pelanggaran`` as this build publishes it, :data:`WRITE_CHUNK_ROWS` rows at a time, in row order."""
    for arrays in parts():  # a partitioned run streams its partitions: one in memory at a time
        rows = len(next(iter(arrays.values()))) if arrays else 0
        for offset in range(0, rows, WRITE_CHUNK_ROWS):
            yield _pelanggaran_arrow({k: _chunk(a, offset) for k, a in arrays.items()}, scrub)


def _text(scrub: Scrubber | None, value: str | None) -> str | None:
    """Free text as the build may publish it: as is internally, scrubbed in the public build."""
    return scrub.text(value) if scrub is not None else value


def _karantina_records(files: list[FileResult], scrub: Scrubber | None, name_headers: set[str]) -> Iterator[dict]:
    for f in files:
        rows: list[QuarantineRow] = list(f.quarantined)
        for q in rows:
            raw = q.isi
            if scrub is not None and q.isi_pribadi:
                raw = {}
            elif scrub is not None:
                raw = {
                    k: (scrub.text(str(v)) if isinstance(v, str) else v)
                    for k, v in raw.items()
                    if k not in name_headers
                }
            yield {
                "sumber_berkas": _text(scrub, q.sumber_berkas),
                "sumber_baris": q.sumber_baris,
                "lembar": _text(scrub, q.lembar),
                "alasan": _text(scrub, q.alasan),
                "isi_mentah": raw_json(raw) if raw else None,
                "data_sintetis": q.data_sintetis,
            }
        if f.error:
            yield {
                "sumber_berkas": _text(scrub, f.input.relpath),
                "sumber_baris": 0,
                "lembar": None,
                "alasan": _text(scrub, f"berkas tidak terbaca: {f.error}"),
                "isi_mentah": None,
                "data_sintetis": f.input.defaults.sintetis,
            }


def _reference_quarantine(resmi: ReferenceLoad | None, scrub: Scrubber | None) -> Iterator[dict]:
    for q in resmi.quarantined if resmi else ():
        yield {**q, "alasan": _text(scrub, q["alasan"]), "isi_mentah": _text(scrub, q["isi_mentah"])}


def _sumber_records(files: list[FileResult], scrub: Scrubber | None) -> Iterator[dict]:
    for f in files:
        yield {
            "sumber_berkas": _text(scrub, f.input.relpath),
            "bentuk": f.shape if not f.error else f"{f.shape} (tidak_terbaca)",
            "sha256": f.sha256,
            "ukuran_byte": f.size,
            "baris_masuk": f.rows_in,
            "baris_dimuat": f.loaded,
            "baris_karantina": len(f.quarantined),
            "baris_duplikat": f.duplicates,
            "baris_tindak_lanjut": f.follow_up_joined,
            "baris_dilewati": f.blank,
            "terlapor_dimuat": f.terlapor,
            "kolom_tidak_dikenal": _text(scrub, "; ".join(f.unrecognised) or None),
            "status": f.status,
            "pesan": _text(scrub, f.error or f.note),
            "data_sintetis": f.input.defaults.sintetis,
        }


# ------------------------------------------------------------------ validation


def validate(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[schema.Column, ...], public: bool) -> None:
    """The declared schema's checks, compiled to SQL (NOT NULL is enforced by the DDL itself)."""
    problems = []
    actual = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    expected = [c.name for c in columns if not (public and c.pribadi)]
    if actual != expected:
        problems.append(f"{table}: kolom {actual} != deklarasi {expected}")
    for c in columns:
        if public and c.pribadi:
            continue
        allowed = c.allowed()
        if allowed:
            bad = con.execute(
                f"SELECT DISTINCT {c.name} FROM {table} WHERE {c.name} IS NOT NULL AND NOT list_contains(?, {c.name}) LIMIT 5",
                [allowed],
            ).fetchall()
            if bad:
                problems.append(f"{table}.{c.name}: nilai di luar kosakata {[b[0] for b in bad]}")
        pattern = schema.PATTERNS.get(c.name)
        if pattern and table in ("pelanggaran", "angka_resmi"):
            bad = con.execute(
                f"SELECT DISTINCT {c.name} FROM {table} WHERE {c.name} IS NOT NULL AND NOT regexp_full_match({c.name}, ?) LIMIT 5",
                [pattern],
            ).fetchall()
            if bad:
                problems.append(f"{table}.{c.name}: format salah {[b[0] for b in bad]}")
    if table == "angka_resmi":
        dup = con.execute("SELECT id_angka FROM angka_resmi GROUP BY 1 HAVING count(*) > 1 LIMIT 3").fetchall()
        if dup:
            problems.append(f"id_angka tidak unik: {dup}")
    if table == "pelanggaran":
        dup = con.execute("SELECT id_terlapor FROM pelanggaran GROUP BY 1 HAVING count(*) > 1 LIMIT 3").fetchall()
        if dup:
            problems.append(f"id_terlapor tidak unik: {dup}")
    if problems:
        raise WarehouseError("validasi skema gagal:\n  " + "\n  ".join(problems))


# ------------------------------------------------------------------ writing


#: The ``pelanggaran`` columns part by part: one part in memory, or a partitioned run's files.
Parts = Callable[[], Iterator[dict[str, pa.Array]]]


def _write_build(
    folder: Path,
    summary: RunSummary,
    parts: Parts,
    sintetis: bool,
    public: bool,
    make_scrubber: Callable[[], Scrubber] | None,
    wilayah,
    name_headers: set[str],
    rollups: dict[bool, Future[dict[str, pa.Table]]],
) -> None:
    """One build. Right after its ``pelanggaran`` it computes its share of the rollups
    (:func:`etl.rollup.share`) and hands them to the other build through ``rollups[public]``; it
    inserts the other build's share from ``rollups[not public]``."""
    scrub = make_scrubber() if make_scrubber is not None else None
    folder.mkdir(parents=True, exist_ok=True)
    kar = _arrow(
        schema.KARANTINA,
        itertools.chain(
            _karantina_records(summary.files, scrub, name_headers), _reference_quarantine(summary.resmi, scrub)
        ),
        public,
    )
    sumber = _arrow(schema.SUMBER, _sumber_records(summary.files, scrub), public)

    db_path = folder / config.DB_FILENAME
    con = duckdb.connect(str(db_path))
    # DuckDB would buffer up to 80 % of RAM per connection; two builds side by side at ten million
    # rows took the run past 18 GB. Past this limit it writes to its own temporary files instead.
    con.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'")
    con.execute(f"SET threads = {WRITE_THREADS}")
    try:
        con.execute(schema.duckdb_ddl("pelanggaran", schema.PELANGGARAN, public=public))
        parquet: pq.ParquetWriter | None = None
        chunks = _chunks(parts, scrub)
        pending: list[pa.Table] = []  # written to Parquet, not yet inserted: less than INSERT_ROWS rows
        pending_rows = 0
        try:
            for pel in chunks:
                if parquet is None:
                    parquet = pq.ParquetWriter(folder / config.PARQUET_FILENAME, pel.schema, compression="zstd")
                parquet.write_table(pel)
                pending.append(pel)
                pending_rows += pel.num_rows
                del pel
                while pending_rows >= INSERT_ROWS:
                    batch = pa.concat_tables(pending)
                    _insert_pelanggaran(con, batch.slice(0, INSERT_ROWS))
                    rest = batch.slice(INSERT_ROWS)
                    pending, pending_rows = ([rest] if rest.num_rows else []), rest.num_rows
                    del batch, rest
            if pending:
                _insert_pelanggaran(con, pa.concat_tables(pending))
                pending.clear()
            if parquet is None:  # no rows at all: the files exist all the same, with the declared columns
                empty = _pelanggaran_arrow(pelanggaran_arrays([]), scrub)
                pq.write_table(empty, folder / config.PARQUET_FILENAME, compression="zstd")
        finally:
            if parquet is not None:
                parquet.close()
        validate(con, "pelanggaran", schema.PELANGGARAN, public)
        rollups[public].set_result(compute_rollups(con, rollup.share(public)))
        for name, columns, arrow in (
            ("karantina", schema.KARANTINA, kar),
            ("sumber", schema.SUMBER, sumber),
        ):
            con.execute(schema.duckdb_ddl(name, columns, public=public))
            con.register("incoming", arrow)
            con.execute(f"INSERT INTO {name} SELECT * FROM incoming")
            con.unregister("incoming")
            validate(con, name, columns, public)
        write_rollups(con, public, rollups[not public].result())
        totals = summary.totals
        con.execute(schema.duckdb_ddl("etl_run", schema.ETL_RUN))
        con.execute(
            "INSERT INTO etl_run VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                summary.id_run,
                summary.mulai,
                dt.datetime.now(),
                summary.versi_kode,
                totals["berkas"],
                totals["berkas_tidak_terbaca"],
                totals["baris_masuk"],
                totals["dimuat"],
                totals["karantina"],
                totals["duplikat"],
                totals["tindak_lanjut"],
                totals["terlapor"],
                sintetis,
                "sebagian" if totals["berkas_tidak_terbaca"] else "ok",
            ],
        )
        if wilayah is not None:
            con.execute(schema.duckdb_ddl("wilayah", schema.WILAYAH))
            con.register("incoming", wilayah)
            cols = ", ".join(c.name for c in schema.WILAYAH)
            con.execute(f"INSERT INTO wilayah SELECT {cols} FROM incoming ORDER BY kode")
            con.unregister("incoming")
            validate(con, "wilayah", schema.WILAYAH, public)
        # Official aggregate figures (no personal data): the same table in both builds.
        resmi = _arrow(schema.ANGKA_RESMI, iter(summary.resmi.records if summary.resmi else ()), public)
        con.execute(schema.duckdb_ddl("angka_resmi", schema.ANGKA_RESMI))
        con.register("incoming", resmi)
        con.execute("INSERT INTO angka_resmi SELECT * FROM incoming")
        con.unregister("incoming")
        validate(con, "angka_resmi", schema.ANGKA_RESMI, public)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _insert_pelanggaran(con: duckdb.DuckDBPyConnection, rows: pa.Table) -> None:
    con.register("incoming", rows)
    try:
        con.execute("INSERT INTO pelanggaran SELECT * FROM incoming")
    finally:
        con.unregister("incoming")
    con.execute("CHECKPOINT")


def compute_rollups(con: duckdb.DuckDBPyConnection, only: list[str] | None = None) -> dict[str, pa.Table]:
    """The rollup tables ``only`` names (default: every one; ``etl/rollup.py``) written on ``con`` from its
    ``pelanggaran``'s :data:`ROLLUP_SOURCE_COLUMNS` only, and returned as Arrow for the other build."""
    con.execute(f"CREATE TEMP VIEW rollup_sumber AS SELECT {', '.join(ROLLUP_SOURCE_COLUMNS)} FROM pelanggaran")
    try:
        rollup.write(con, source="rollup_sumber", only=only)
    finally:
        con.execute("DROP VIEW rollup_sumber")
    return rollup.fetch(con, only)


def write_rollups(con: duckdb.DuckDBPyConnection, public: bool, others: dict[str, pa.Table]) -> None:
    """The other build's share of the rollups (:func:`compute_rollups`) inserted beside this build's
    own; then every rollup table validated against its declaration and checked to add up to this
    build's own ``pelanggaran``."""
    rollup.insert(con, others)
    others.clear()  # handed over: the other build holds them in its file, nobody reads these again
    for name, columns, _ in schema.ROLLUP_TABLES:
        validate(con, name, columns, public)
    try:
        rollup.check(con)
    except rollup.RollupError as exc:
        raise WarehouseError(str(exc)) from exc


@contextlib.contextmanager
def run_lock(out_dir: Path):
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".etl.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise WarehouseError(f"ETL lain sedang menulis ke {out_dir}; coba lagi setelah selesai") from exc
        yield


def write_warehouse(out_dir: Path, summary: RunSummary, geo_writer=None, wilayah=None, on_phase=None) -> dict[str, int]:
    """Write both builds aside, validate, then swap them in. Returns file sizes. ``on_phase(name)``
    is called as each step ends (the run reports seconds per step)."""
    on_phase = on_phase or (lambda name: None)
    check_conservation(summary.files)
    out_dir = Path(out_dir)
    for stale in out_dir.glob(".tmp-*"):  # left by a run that was killed (we hold the lock: nobody else writes)
        shutil.rmtree(stale, ignore_errors=True)
    tmp = out_dir / f".tmp-{summary.id_run}"
    parts: Parts
    names: Callable[[], Iterable[str]]  # the terlapor names not already among the files' name words
    if summary.spool is not None:
        spool = summary.spool
        sintetis = spool.sintetis
        parts = spool.arrays
        names = tuple
    else:
        table = summary.pelanggaran if summary.pelanggaran is not None else pa.table(pelanggaran_arrays([]))
        # Handed over: the summary lets go of the rows, so they are freed once both builds are written.
        summary.rows_handed_over += table.num_rows
        summary.pelanggaran = None
        arrays = {name: table[name] for name in table.column_names}
        del table
        sintetis = bool(pc.any(arrays["data_sintetis"]).as_py())

        def parts() -> Iterator[dict[str, pa.Array]]:
            yield arrays

        def names() -> Iterable[str]:
            return (str(n) for n in pc.unique(arrays["nama_terlapor"]).to_pylist() if n)

    def public_scrubber() -> Scrubber:
        """Every name's words, worked out in the public build's thread while the internal build
        writes (a million names: seconds the internal build need not wait for)."""
        words: set[str] = set()
        for f in summary.files:
            words |= f.name_words
        if summary.spool is not None:
            words |= summary.spool.name_words
        return Scrubber(words=words | name_words(names()))

    name_headers = _name_headers()
    on_phase("kolom_dan_nama")
    try:
        # The two builds side by side: most of the work is DuckDB's and Parquet's, which run outside
        # Python's lock, so two threads use two cores.
        # Each build's share of the rollups, for the other build (True: the public build's).
        rollups: dict[bool, Future[dict[str, pa.Table]]] = {False: Future(), True: Future()}

        def build(*args, **kwargs) -> None:
            public = bool(kwargs["public"])
            try:
                _write_build(*args, **kwargs)
            except BaseException:
                if not rollups[public].done():  # the other build waits for them: it stops too
                    which = "publik" if public else "internal"
                    rollups[public].set_exception(WarehouseError(f"build {which} gagal sebelum agregatnya dihitung"))
                raise

        with ThreadPoolExecutor(max_workers=2) as pool:
            builds = [
                pool.submit(
                    build,
                    tmp,
                    summary,
                    parts,
                    sintetis,
                    public=False,
                    make_scrubber=None,
                    wilayah=wilayah,
                    name_headers=name_headers,
                    rollups=rollups,
                ),
                pool.submit(
                    build,
                    tmp / config.PUBLIC_SUBDIR,
                    summary,
                    parts,
                    sintetis,
                    public=True,
                    make_scrubber=public_scrubber,
                    wilayah=wilayah,
                    name_headers=name_headers,
                    rollups=rollups,
                ),
            ]
            for written in builds:
                written.result()  # re-raises a build's error (a failed validation stops the swap)
        on_phase("tulis_internal_dan_publik")
        if geo_writer is not None:
            geo_writer(tmp)
            geo_writer(tmp / config.PUBLIC_SUBDIR)
            on_phase("peta")
        sizes = _swap_in(tmp, out_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return sizes


def _name_headers() -> set[str]:
    """Raw headers that hold names/NIP (or may: evidence): dropped from the public quarantine's raw content."""
    from netralitas import vocab

    syn = vocab.header_synonyms()
    # "bukti" (evidence sentences from news articles, see etl/berita) may quote names too.
    return {str(h) for key in ("nama", "nip", "bukti") for h in (key, *syn.get(key, ()))}


def _swap_in(tmp: Path, out_dir: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for sub in (config.PUBLIC_SUBDIR, ""):
        src_dir = tmp / sub if sub else tmp
        dst_dir = out_dir / sub if sub else out_dir
        dst_dir.mkdir(parents=True, exist_ok=True)
        files = sorted(p for p in src_dir.iterdir() if p.is_file())
        # The DuckDB file goes last so a reader never sees a new database beside old side files it points to.
        files.sort(key=lambda p: p.name == config.DB_FILENAME)
        for src in files:
            dst = dst_dir / src.name
            sizes[(f"{sub}/" if sub else "") + src.name] = src.stat().st_size
            os.replace(src, dst)
    return sizes
