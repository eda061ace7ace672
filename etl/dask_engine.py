"""The per-file stage on a Dask cluster (``python -m etl run --engine dask [--scheduler ADDR]``).

Files are independent: each is read and normalised on a Dask worker exactly as a forked worker
process does it (:meth:`etl.pipeline.FileProcessor.read_file`: its cases and its rows as Arrow),
and the results come back to this process, which merges them (duplicates, case ids) in file order,
so the warehouse is identical to a one-process run. Without a scheduler address a local cluster
of ``workers`` processes on 127.0.0.1 is started for the run and closed after it.

What a worker needs (see docs/deploy.md): this repository's code and vocabulary on its Python path,
the region boundaries (``NETRALITAS_GEO_DIR`` or the default ``../shared/geo/wilayah_boundaries``),
and read access to the raw files at the same paths as the client.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from etl.limits import Limits
from etl.pipeline import FileCases, FileProcessor, FileResult, RowBuilder
from etl.sources import InputFile

#: One processor per worker process, built on its first file (boundaries, resolver, vocabulary).
_WORKER_PROCESSORS: dict[tuple[str | None, Limits], FileProcessor] = {}


def read_file_on_worker(item: InputFile, geo_dir: str | None, limits: Limits) -> tuple[FileResult, FileCases]:
    """Runs on a Dask worker: one file read and normalised, its cases prepared for the merge."""
    from etl.boundaries import load_boundaries
    from etl.normalize import Normaliser
    from etl.regions import RegionResolver

    key = (geo_dir, limits)
    processor = _WORKER_PROCESSORS.get(key)
    if processor is None:
        kab, prov = load_boundaries(Path(geo_dir) if geo_dir else None)
        processor = FileProcessor(Normaliser(RegionResolver.from_boundaries(kab, prov)), limits, RowBuilder())
        _WORKER_PROCESSORS[key] = processor
    return processor.read_file(item)


def process_all(
    processor: FileProcessor,
    files: list[InputFile],
    *,
    workers: int,
    scheduler: str | None,
    geo_dir: Path | None,
    limits: Limits,
) -> Iterator[FileResult]:
    """Every file's result in file order, the reading done on the cluster."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = client.map(
            read_file_on_worker, files, geo_dir=str(geo_dir) if geo_dir else None, limits=limits, pure=False
        )
        for future in futures:
            result, cases = future.result()
            future.release()  # let the cluster forget the file's cases once merged
            yield processor.replay(result, cases)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
