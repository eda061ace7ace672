"""Faults: the ETL killed with SIGKILL at random moments never leaves a broken warehouse behind."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.conftest import REPO, run_etl_cli
from tests.etl_helpers import write_csv

KILLS = 20


def _open_intact(out) -> int:
    """Every table of both builds opens and counts; the Parquet files read. Returns terlapor rows."""
    counts = []
    for db in (out / "netralitas.duckdb", out / "publik" / "netralitas.duckdb"):
        con = duckdb.connect(str(db), read_only=True)
        try:
            for table in ("pelanggaran", "karantina", "sumber", "etl_run"):
                con.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts.append(con.execute("SELECT count(*) FROM pelanggaran").fetchone()[0])
        finally:
            con.close()
    for pf in (out / "pelanggaran.parquet", out / "publik" / "pelanggaran.parquet"):
        pq.read_table(pf)
    assert counts[0] == counts[1]
    return counts[0]


@pytest.mark.slow
def test_sigkill_at_random_points_leaves_previous_warehouse_intact(tmp_path):
    raw = tmp_path / "raw"
    regions = ["Kota Metro", "Kota Batu", "Kota Balikpapan", "Kabupaten Kepahiang"]
    rows = [["Kabupaten/Kota", "Nama", "Tanggal Kejadian", "Uraian"]]
    rows += [[regions[i % 4], f"Pegawai {i}", f"{1 + i % 28}/10/2024", "like postingan paslon"] for i in range(15_000)]
    write_csv(raw / "besar.csv", rows)
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    expected = _open_intact(out)
    started = time.perf_counter()
    assert run_etl_cli(raw, tmp_path / "timing").returncode == 0
    duration = time.perf_counter() - started
    rng = random.Random(20241127)
    for i in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "etl", "run", "--raw", str(raw), "--out", str(out)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, duration * 1.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _open_intact(out) == expected, f"kill {i}: warehouse changed or broken"
    # A later normal run cleans up whatever the killed runs left aside and succeeds.
    assert run_etl_cli(raw, out).returncode == 0
    assert not list(out.glob(".tmp-*"))
    assert _open_intact(out) == expected
