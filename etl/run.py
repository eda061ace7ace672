"""One ETL run: discover -> process each file -> merge -> write aside -> swap in."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl.limits import Limits
from etl.normalize import Normaliser
from etl.pipeline import FileProcessor, FileResult, RowBuilder
from etl.sources import discover
from etl.warehouse import RunSummary, run_lock, write_warehouse
from netralitas import config

CODE_ROOTS = ("etl", "netralitas")


def code_version() -> str:
    """Content hash of the ETL and domain code + vocabulary: changes whenever behaviour can."""
    digest = hashlib.sha256()
    for root in CODE_ROOTS:
        for path in sorted((config.REPO_ROOT / root).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".yml", ".csv"}:
                digest.update(path.relative_to(config.REPO_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass
class RunReport:
    summary: RunSummary
    warnings: list[str]
    sizes: dict[str, int]
    seconds: float
    geo: dict | None

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
            "total": self.summary.totals,
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


def run_etl(
    raw_dir: Path,
    out_dir: Path,
    *,
    geo_dir: Path | None = None,
    limits: Limits | None = None,
    on_file: Callable[[int, int, FileResult], None] | None = None,
) -> RunReport:
    started = time.perf_counter()
    mulai = dt.datetime.now().replace(microsecond=0)
    limits = limits or Limits.from_env()
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"folder data mentah tidak ada: {raw_dir}")

    from etl.boundaries import load_boundaries
    from etl.regions import RegionResolver

    kab, prov = load_boundaries(geo_dir)
    builder = RowBuilder()
    processor = FileProcessor(Normaliser(RegionResolver.from_boundaries(kab, prov)), limits, builder)
    files, warnings = discover(raw_dir)
    results: list[FileResult] = []
    for i, item in enumerate(files, 1):
        result = processor.process(item)
        results.append(result)
        if on_file:
            on_file(i, len(files), result)
    rows = builder.finish()
    summary = RunSummary(
        id_run=mulai.strftime("%Y%m%dT%H%M%S") + "-" + hashlib.sha1(str(time.time_ns()).encode()).hexdigest()[:6],
        mulai=mulai,
        versi_kode=code_version(),
        files=results,
        rows=rows,
    )
    geo_report: dict | None = None
    geo_writer = None
    wilayah = None
    try:
        from etl import geo
    except ImportError:  # the geo step is optional until its module lands
        geo = None
    if geo is not None:
        wilayah = geo.wilayah_table(geo_dir)

        def geo_writer(folder: Path) -> None:
            nonlocal geo_report
            geo_report = geo.write_geo_outputs(folder, geo_dir)

    with run_lock(out_dir):
        sizes = write_warehouse(out_dir, summary, geo_writer=geo_writer, wilayah=wilayah)
    return RunReport(summary, warnings, sizes, time.perf_counter() - started, geo_report)
