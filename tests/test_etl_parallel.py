"""The ETL reads files in several processes on large inputs; a user must get exactly the warehouse a
one-process run gives: the same rows in the same order with the same ids, the same quarantine, the
same per-file counts — including a byte-identical copy of a file read by another worker (merged as
duplicates) and an unreadable file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etl.pipeline import RowBuilder
from etl.run import run_etl
from etl.sintetis import generate
from tests.conftest import BUNDLED_RAW, run_etl_cli
from tests.etl_helpers import query
from tests.register_lapangan.periksa import BERKAS

N = 2500


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("paralel") / "raw"
    generate(raw, N, seed=5)
    files = sorted(p for p in raw.rglob("*.csv"))
    # A copy of an early file at the end of the run (another worker reads it) and a broken file.
    copy_dir = raw / "99_salinan"
    copy_dir.mkdir()
    shutil.copy2(files[0], copy_dir / "salinan.csv")
    (raw / "99_salinan" / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan xlsx")
    return raw


def _run(raw: Path, out: Path, workers: int) -> dict:
    proc = run_etl_cli(raw, out, "--json", "--proses", str(workers))
    assert proc.returncode == 2, proc.stderr[-3000:]  # 2: warehouse written, one file unreadable
    return json.loads(proc.stdout)


def _tables(out: Path, public: bool = False) -> dict[str, list]:
    return {
        # In stored order: the order (file, then line) is part of what a run promises.
        "pelanggaran": query(out, "SELECT * FROM pelanggaran", public=public),
        "karantina": query(out, "SELECT * FROM karantina ORDER BY ALL", public=public),
        "sumber": query(out, "SELECT * FROM sumber", public=public),
    }


def test_parallel_run_gives_the_same_warehouse_as_one_process(raw, tmp_path):
    serial = _run(raw, tmp_path / "satu", 1)
    parallel = _run(raw, tmp_path / "dua", 2)
    assert (serial["proses"], parallel["proses"]) == (1, 2)
    assert parallel["total"] == serial["total"]
    assert serial["total"]["terlapor"] == N  # the copy adds nothing: its rows merge as duplicates
    copy = next(f for f in parallel["berkas"] if f["berkas"].endswith("salinan.csv"))
    assert copy["status"] == "duplikat" and copy["duplikat"] == copy["baris_masuk"] > 0
    assert any(f["status"] == "tidak_terbaca" for f in parallel["berkas"])
    one, two = _tables(tmp_path / "satu"), _tables(tmp_path / "dua")
    for name in one:
        assert one[name] == two[name], name
    assert _tables(tmp_path / "satu", public=True) == _tables(tmp_path / "dua", public=True)


@pytest.mark.slow
def test_later_files_merge_into_rows_a_worker_read(tmp_path):
    """Workers hand their rows over as Arrow tables; a later file's duplicate that merges into such a
    row (the handling outcome, ``sumber_lain``) must give the one-process warehouse exactly."""
    raw = tmp_path / "raw"
    shutil.copytree(BUNDLED_RAW, raw / "a_bundel")
    shutil.copytree(BERKAS, raw / "b_lapangan")  # the same cases in several offices' registers
    one = run_etl(raw, tmp_path / "satu", workers=1, partition_rows=0)
    two = run_etl(raw, tmp_path / "dua", workers=2, partition_rows=0)
    assert (one.workers, two.workers) == (1, 2)
    assert one.summary.totals == two.summary.totals
    merged = query(tmp_path / "dua", "SELECT count(*) FROM pelanggaran WHERE sumber_lain IS NOT NULL")[0][0]
    assert merged > 0  # rows read in a worker took a later source's fields
    for public in (False, True):
        assert _tables(tmp_path / "satu", public) == _tables(tmp_path / "dua", public)


def test_files_merged_in_one_go_number_rows_as_the_row_by_row_merge(raw, tmp_path, monkeypatch):
    """A file none of whose rows can be a duplicate is merged in one go (``RowBuilder._add_all_new``);
    a file with a possible duplicate, row by row. Numbering a case's terlapor, the per-file counts and
    every table must not depend on which way a file went."""
    went: list[bool] = []
    decide = RowBuilder._all_new

    def spy(builder: RowBuilder, cases, digests) -> bool:
        went.append(decide(builder, cases, digests))
        return went[-1]

    monkeypatch.setattr(RowBuilder, "_all_new", spy)
    both = run_etl(raw, tmp_path / "sekaligus", workers=1)
    assert True in went and False in went  # the generated set has files of both kinds
    monkeypatch.setattr(RowBuilder, "_all_new", lambda builder, cases, digests: False)
    row_by_row = run_etl(raw, tmp_path / "per_baris", workers=1)
    assert both.summary.totals == row_by_row.summary.totals
    multi = query(tmp_path / "sekaligus", "SELECT count(*) FROM pelanggaran WHERE id_terlapor NOT LIKE '%-01'")
    assert multi[0][0] > 0  # cases with a second terlapor were numbered
    for public in (False, True):
        assert _tables(tmp_path / "sekaligus", public) == _tables(tmp_path / "per_baris", public)
