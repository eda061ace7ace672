"""One ETL run: discover -> process each file -> merge -> write aside -> swap in."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from etl.angka_resmi import ReferenceLoad
from etl.angka_resmi import load as load_reference
from etl.limits import Limits
from etl.normalize import Normaliser
from etl.partisi import RowSpool
from etl.pipeline import FileCases, FileProcessor, FileResult, RowBuilder
from etl.sources import InputFile, discover
from etl.warehouse import RunSummary, run_lock, write_warehouse
from netralitas import config

CODE_ROOTS = ("etl", "netralitas")
#: Below this much input a process pool costs more than it saves (fork, pickling the cases back).
POOL_MIN_FILES = 8
POOL_MIN_BYTES = 8 * 1024 * 1024
#: Where the per-file stage runs: forked processes here, or a Dask cluster (etl/dask_engine.py).
ENGINES = ("proses", "dask")


def code_version() -> str:
    """Content hash of the ETL and domain code + vocabulary: changes whenever behaviour can."""
    digest = hashlib.sha256()
    for root in CODE_ROOTS:
        for path in sorted((config.REPO_ROOT / root).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yml", ".csv"}:
                digest.update(path.relative_to(config.REPO_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def default_workers(files: list[InputFile]) -> int:
    """``NETRALITAS_ETL_PROSES`` if set; else one per CPU core when the input is large enough."""
    configured = config.etl_workers()
    if configured is not None:
        return configured
    size = 0
    for item in files:
        try:
            size += item.path.stat().st_size if not item.problem else 0
        except OSError:
            pass
    if len(files) < POOL_MIN_FILES or size < POOL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def usable_workers(wanted: int, files: list[InputFile]) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1  # the pool relies on fork to share the resolver; elsewhere one process does it all
    return max(1, min(wanted, len(files)))


#: The processor a forked worker inherits (set just before the pool forks; read-only afterwards).
_WORKER_PROCESSOR: FileProcessor | None = None


def _read_in_worker(item: InputFile) -> tuple[FileResult, FileCases]:
    assert _WORKER_PROCESSOR is not None
    return _WORKER_PROCESSOR.read_file(item)


def _process_all(processor: FileProcessor, files: list[InputFile], workers: int) -> Iterator[FileResult]:
    """Every file's result in file order. With several workers, files are read and normalised in
    forked processes (they are independent) and only the merge across files (duplicates, case
    numbering) runs here, in the same order as a one-process run, so the rows are identical."""
    if workers == 1:
        for item in files:
            yield processor.process(item)
        return
    global _WORKER_PROCESSOR
    _WORKER_PROCESSOR = processor  # fork copies it, resolver and vocabulary caches included
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for result, cases in pool.imap(_read_in_worker, files, chunksize=1):
                yield processor.replay(result, cases)
    finally:
        _WORKER_PROCESSOR = None


def _reference_figures(path: Path | None, resolver, warnings: list[str]) -> ReferenceLoad:
    """The official figures, a reference table read beside (never among) the registers."""
    path = Path(path) if path else config.reference_figures_path()
    try:
        relpath = path.resolve().relative_to(config.REPO_ROOT / "data").as_posix()
    except ValueError:
        relpath = path.name
    loaded = load_reference(path, resolver, relpath)
    if loaded.error:
        warnings.append(loaded.error)
    if loaded.quarantined:
        warnings.append(f"{len(loaded.quarantined)} baris angka resmi dikarantina ({relpath})")
    return loaded


@dataclass
class RunReport:
    summary: RunSummary
    warnings: list[str]
    sizes: dict[str, int]
    seconds: float
    geo: dict | None
    workers: int = 1
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step of the run
    engine: str = "proses"

    @property
    def files(self) -> list[FileResult]:
        return self.summary.files

    @property
    def unreadable(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    def as_dict(self) -> dict:
        return {
            "id_run": self.summary.id_run,
            "versi_kode": self.summary.versi_kode,
            "detik": round(self.seconds, 3),
            "proses": self.workers,
            "mesin": self.engine,
            "detik_per_tahap": self.phases,
            "partisi": len(self.summary.spool.parts) if self.summary.spool else 0,
            "total": self.summary.totals,
            "angka_resmi": {
                "dimuat": len(self.summary.resmi.records) if self.summary.resmi else 0,
                "karantina": len(self.summary.resmi.quarantined) if self.summary.resmi else 0,
                "kontradiksi": self.summary.resmi.contradictions if self.summary.resmi else 0,
            },
            "peringatan": self.warnings,
            "ukuran_berkas": self.sizes,
            "geo": self.geo,
            "berkas": [
                {
                    "berkas": f.input.relpath,
                    "bentuk": f.shape,
                    "status": f.status,
                    "baris_masuk": f.rows_in,
                    "dimuat": f.loaded,
                    "karantina": len(f.quarantined),
                    "duplikat": f.duplicates,
                    "tindak_lanjut": f.follow_up_joined,
                    "pesan": f.error or f.note,
                    "alasan_karantina": sorted({q.alasan for q in f.quarantined})[:20],
                }
                for f in self.files
            ],
        }


class PhaseClock:
    """Seconds per step of a run: ``phase(name)`` ends the step ``name``."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._started = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self._started, 3)
        self._started = now


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector rescans every live container each time enough new ones pile up; a
    run keeps a million rows alive, so it spent about a third of the run rescanning them. The run
    creates no reference cycles worth collecting, so the collector waits until the run is over."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_etl(
    raw_dir: Path,
    out_dir: Path,
    *,
    geo_dir: Path | None = None,
    limits: Limits | None = None,
    on_file: Callable[[int, int, FileResult], None] | None = None,
    workers: int | None = None,
    engine: str = "proses",
    scheduler: str | None = None,
    reference: Path | None = None,
    partition_rows: int | None = None,
) -> RunReport:
    """``workers``: processes reading files in parallel (default :func:`default_workers`; 1 = all in
    this process). ``engine``: ``proses`` (forked worker processes on this machine) or ``dask`` (the
    per-file stage on a Dask cluster: ``scheduler`` is its address, ``tcp://HOST:PORT``; without one,
    a local cluster of ``workers`` processes). The result is the same whatever the engine and the
    number: cases are merged in file order, here. ``reference``: the official figures file (default
    ``config.reference_figures_path()``). ``partition_rows``: rows held in memory before they go to a
    partition file (default ``config.etl_partition_rows()``; 0 = never; see :mod:`etl.partisi`)."""
    if engine not in ENGINES:
        raise ValueError(f"mesin tidak dikenal: {engine!r} (pilihan: {', '.join(ENGINES)})")
    with _no_cyclic_gc():
        return _run_etl(
            raw_dir,
            out_dir,
            geo_dir=geo_dir,
            limits=limits,
            on_file=on_file,
            workers=workers,
            engine=engine,
            scheduler=scheduler,
            reference=reference,
            partition_rows=config.etl_partition_rows() if partition_rows is None else partition_rows,
        )


def _run_etl(
    raw_dir: Path,
    out_dir: Path,
    *,
    geo_dir: Path | None,
    limits: Limits | None,
    on_file: Callable[[int, int, FileResult], None] | None,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    reference: Path | None,
    partition_rows: int,
) -> RunReport:
    started = time.perf_counter()
    mulai = dt.datetime.now().replace(microsecond=0)
    limits = limits or Limits.from_env()
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"folder data mentah tidak ada: {raw_dir}")

    from etl.boundaries import load_boundaries
    from etl.regions import RegionResolver

    phase = PhaseClock()
    kab, prov = load_boundaries(geo_dir)
    builder = RowBuilder()
    resolver = RegionResolver.from_boundaries(kab, prov)
    processor = FileProcessor(Normaliser(resolver), limits, builder)
    files, warnings = discover(raw_dir)
    results: list[FileResult] = []
    if engine == "dask":
        from etl import dask_engine

        workers = max(1, workers or os.cpu_count() or 1)
        stream = dask_engine.process_all(
            processor, files, workers=workers, scheduler=scheduler, geo_dir=geo_dir, limits=limits
        )
    else:
        workers = usable_workers(default_workers(files) if workers is None else workers, files)
        stream = _process_all(processor, files, workers)
    phase("persiapan")
    spool: RowSpool | None = None
    with contextlib.ExitStack() as cleanup:
        for i, result in enumerate(stream, 1):
            results.append(result)
            if on_file:
                on_file(i, len(files), result)
            if partition_rows and builder.unsealed() >= partition_rows:
                if spool is None:
                    spool = RowSpool.beside(out_dir)
                    cleanup.callback(spool.remove)
                spool.add(*builder.seal())
        if spool is not None:
            spool.finish(builder)
            pelanggaran = None
        else:
            pelanggaran = builder.finish()
        builder.release_index()
        phase("baca_dan_normalisasi")
        summary = RunSummary(
            id_run=mulai.strftime("%Y%m%dT%H%M%S") + "-" + hashlib.sha1(str(time.time_ns()).encode()).hexdigest()[:6],
            mulai=mulai,
            versi_kode=code_version(),
            files=results,
            pelanggaran=pelanggaran,
            resmi=_reference_figures(reference, resolver, warnings),
            spool=spool,
        )
        geo_report, sizes = _write(summary, geo_dir, out_dir, phase)
    return RunReport(summary, warnings, sizes, time.perf_counter() - started, geo_report, workers, phase.phases, engine)


def _write(summary: RunSummary, geo_dir: Path | None, out_dir: Path, phase: PhaseClock) -> tuple[dict | None, dict]:
    from etl import geo

    geo_report: dict | None = None
    wilayah = geo.wilayah_table(geo_dir)

    def geo_writer(folder: Path) -> None:
        nonlocal geo_report
        geo_report = geo.write_geo_outputs(folder, geo_dir)

    with run_lock(out_dir):
        sizes = write_warehouse(out_dir, summary, geo_writer=geo_writer, wilayah=wilayah, on_phase=phase)
    return geo_report, sizes
