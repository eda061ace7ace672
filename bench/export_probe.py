"""``python -m bench.export_probe --warehouse DIR``: "Unduh CSV" of every row, in a process of its
own so the parent can read its peak RSS. Prints one JSON line: seconds per run, bytes, rows and
the RSS before the export (the imports and the attached database), so the export's own share of
the peak is visible.

``--copy-only`` runs the same ``csv_bytes`` but stops it from reading the finished file into
memory (its ``open`` is replaced from outside): DuckDB's COPY alone, for sizes whose bytes would
not fit in memory."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


class _Empty:
    def __init__(self, path: str, sizes: list[int]) -> None:
        sizes.append(os.path.getsize(path))

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def read(self) -> bytes:
        return b""


def _sized_open(sizes: list[int]):
    def sized_open(path, mode="r", *args, **kwargs):
        return _Empty(path, sizes)

    return sized_open


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.export_probe")
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--copy-only", action="store_true", help="time DuckDB's COPY, do not read the file back")
    args = parser.parse_args(argv)

    from dashboard.export import csv_bytes
    from dashboard.filters import Filter
    from dashboard.warehouse import Warehouse, scalar

    sizes: list[int] = []
    if args.copy_only:
        import dashboard.export

        dashboard.export.open = _sized_open(sizes)  # module global shadows the builtin inside csv_bytes
    wh = Warehouse(Path(args.warehouse) / "publik", "publik")
    rows = scalar(wh, "SELECT count(*) FROM pelanggaran")  # attaches the database before the baseline
    before = rss_mb()
    times, size = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        data = csv_bytes(wh, Filter())
        times.append(time.perf_counter() - started)
        size = sizes[-1] + 3 if args.copy_only else len(data)  # + the BOM csv_bytes would prepend
        del data
    print(
        json.dumps(
            {
                "seconds": [round(t, 3) for t in times],
                "bytes": size,
                "rows": rows,
                "rss_before_mb": round(before, 1),
                "copy_only": args.copy_only,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
