"""Partitions: a run too large to hold every ``pelanggaran`` row in memory at once.

Rows arrive from the per-file stage as Arrow tables (:mod:`etl.kolom`) and stay so while files are
merged; with their indexes, 10 million of them would still not fit beside two DuckDB writers. With
``NETRALITAS_ETL_PARTISI`` (or ``python -m etl run --partisi N``), the run hands every ``N`` rows,
between files, to a :class:`RowSpool`: they are written to a partition file (Arrow IPC) beside the
output, and freed. What stays in memory is the duplicate index (person keys -> row number) and the
case numbering, so a later file's duplicate still finds a sealed row; its merge is kept and applied
when the partition is read back at the end (:meth:`RowSpool.finish`). The warehouse writer then
streams the partitions into both builds.

The result is the same warehouse, row for row, as an unpartitioned run (test: ``tests/test_etl_partisi.py``).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from etl.kolom import patch_rows
from etl.pipeline import RowBuilder
from etl.privacy import name_words


@dataclass
class Part:
    start: int  # index of its first row in the run's row numbering
    rows: int
    path: Path


@dataclass
class RowSpool:
    folder: Path
    parts: list[Part] = field(default_factory=list)
    name_words: set[str] = field(default_factory=set)  # words of every nama_terlapor written, for the public scrubber
    sintetis: bool = False  # any row flagged synthetic
    rewritten: int = 0  # partitions read back to take a later source's merge

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def beside(cls, out_dir: Path) -> RowSpool:
        """A new spool in ``OUT/.partisi-<pid>-<time>/``; one left by a run that was killed (its
        process is gone) is removed first."""
        for stale in Path(out_dir).glob(".partisi-*"):
            pid = stale.name.split("-")[1]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        return cls(Path(out_dir) / f".partisi-{os.getpid()}-{time.time_ns()}")

    def __len__(self) -> int:
        return sum(p.rows for p in self.parts)

    def add(self, start: int, table: pa.Table) -> None:
        if not table.num_rows:
            return
        path = self.folder / f"part-{len(self.parts):05d}.arrow"
        self._write_table(path, table)
        self.name_words |= name_words(str(n) for n in pc.unique(table["nama_terlapor"]).to_pylist() if n)
        self.sintetis = self.sintetis or bool(pc.any(table["data_sintetis"]).as_py())
        self.parts.append(Part(start, table.num_rows, path))

    @staticmethod
    def _write_table(path: Path, table: pa.Table) -> None:
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)

    def finish(self, builder: RowBuilder) -> None:
        """Seal the builder's last rows, then rewrite each partition holding a row that a later
        source merged into (rare: duplicates across partitions), with those merges applied."""
        self.add(*builder.seal())
        touched = sorted(builder.sealed_touched())
        for part in self.parts:
            local = [i - part.start for i in touched if part.start <= i < part.start + part.rows]
            if not local:
                continue
            # Only the touched rows go back to Python (etl.kolom.patch_rows).
            table = patch_rows(self._read(part.path), local, builder.patch, part.start)
            self._write_table(part.path, table.combine_chunks())
            self.rewritten += 1

    @staticmethod
    def _read(path: Path) -> pa.Table:
        with pa.OSFile(str(path), "rb") as source:
            return pa.ipc.open_file(source).read_all()

    def arrays(self) -> Iterator[dict[str, pa.Array]]:
        """Each partition's columns, in row order (read from disk again on every call)."""
        for part in self.parts:
            table = self._read(part.path)
            yield {name: table[name].combine_chunks() for name in table.column_names}

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
