"""``python -m etl run --engine dask``: the per-file stage on a Dask cluster (two workers on
127.0.0.1 here, reached by address as a real cluster would be) gives exactly the warehouse of a
one-process run: same rows, order, ids, quarantine and per-file counts, for synthetic registers
in every shape, the field-register corpus, a byte-identical copy of a file and an unreadable file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from distributed import LocalCluster

from etl.sintetis import generate
from tests.conftest import run_etl_cli
from tests.register_lapangan.periksa import BERKAS
from tests.test_etl_parallel import _tables

N = 1500


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("dask") / "raw"
    generate(raw / "sintetis", N, seed=11)
    shutil.copytree(BERKAS, raw / "lapangan")
    first = sorted((raw / "sintetis").rglob("*.csv"))[0]
    (raw / "zz").mkdir()
    shutil.copy2(first, raw / "zz" / "salinan.csv")
    (raw / "zz" / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan xlsx")
    return raw


@pytest.fixture(scope="module")
def scheduler():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.mark.slow
def test_dask_engine_gives_the_same_warehouse_as_one_process(raw, scheduler, tmp_path):
    serial = run_etl_cli(raw, tmp_path / "satu", "--json", "--proses", "1")
    on_dask = run_etl_cli(raw, tmp_path / "dask", "--json", "--engine", "dask", "--scheduler", scheduler)
    assert serial.returncode == on_dask.returncode == 2, on_dask.stderr[-3000:]  # 2: one file unreadable
    one, two = json.loads(serial.stdout), json.loads(on_dask.stdout)
    assert (one["mesin"], two["mesin"]) == ("proses", "dask")
    assert two["total"] == one["total"] and one["total"]["terlapor"] > N
    copy = next(f for f in two["berkas"] if f["berkas"].endswith("salinan.csv"))
    assert copy["status"] == "duplikat" and copy["duplikat"] == copy["baris_masuk"] > 0
    assert _tables(tmp_path / "satu") == _tables(tmp_path / "dask")
    assert _tables(tmp_path / "satu", public=True) == _tables(tmp_path / "dask", public=True)
