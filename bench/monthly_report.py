"""The monthly report files (``python -m laporan``): one national report (PDF + PNG) and the month's
39-report batch (national + 38 provinces, PDF + PNG), each as a child process timed from outside
(wall time includes Python start-up and launching Chromium), for the warehouse's busiest month."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb

from bench.common import PYTHON, run_measured


def busiest_month(warehouse: Path) -> str:
    con = duckdb.connect(str(warehouse / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        (month,) = con.execute(
            "SELECT strftime(date_trunc('month', coalesce(tanggal_kejadian, tanggal_laporan)), '%Y-%m') AS m "
            "FROM pelanggaran WHERE m IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    return month


def measure(warehouse: Path, log=print) -> dict:
    month = busiest_month(warehouse)
    out: dict = {"report_month": month}
    with tempfile.TemporaryDirectory(prefix="laporan-bench-") as tmp:
        for key, extra in (("report_one", []), ("report_batch", ["--semua-provinsi"])):
            log(f"  python -m laporan --bulan {month} {' '.join(extra)} ...")
            run = run_measured(
                [PYTHON, "-m", "laporan", "--bulan", month, "--data", str(warehouse), "--out", f"{tmp}/{key}", *extra],
                timeout=3600,
            )
            if run.returncode != 0:
                out[f"{key}_error"] = run.stderr.strip().splitlines()[-1][:200] if run.stderr.strip() else "failed"
                continue
            out[f"{key}_s"] = round(run.seconds, 2)
            out[f"{key}_peak_mb"] = round(run.peak_mb, 1)
            each = [float(s) for s in re.findall(r"\((\d+\.\d+) s\)$", run.stdout, flags=re.M)]
            out[f"{key}_reports"] = len(each)
            out[f"{key}_each_s"] = sorted(each)[len(each) // 2] if each else None
        pdf = Path(tmp) / "report_one" / f"laporan-{month}-nasional.pdf"
        out["report_pdf_bytes"] = pdf.stat().st_size if pdf.exists() else None
    return out
