"""``python -m bench.export_probe --warehouse DIR``: "Unduh CSV" of every row, in a process of its
own so the parent can read its peak RSS. Prints one JSON line: seconds per run, bytes, rows and
the RSS before the export (the imports and the attached database), so the export's own share of
the peak is visible."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.export_probe")
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)

    from dashboard.export import csv_bytes
    from dashboard.filters import Filter
    from dashboard.warehouse import Warehouse, scalar

    wh = Warehouse(Path(args.warehouse) / "publik", "publik")
    rows = scalar(wh, "SELECT count(*) FROM pelanggaran")  # attaches the database before the baseline
    before = rss_mb()
    times, size = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        data = csv_bytes(wh, Filter())
        times.append(time.perf_counter() - started)
        size = len(data)
        del data
    print(json.dumps({"seconds": [round(t, 3) for t in times], "bytes": size, "rows": rows,
                      "rss_before_mb": round(before, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
