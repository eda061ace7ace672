"""The warehouse as a whole: idempotent, atomic, schema-gated, and honest about unreadable files."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from etl.kolom import COL, pelanggaran_table
from etl.warehouse import WarehouseError, write_warehouse
from tests.conftest import run_etl_cli
from tests.etl_helpers import query, write_csv


def _small_raw(root: Path) -> Path:
    raw = root / "raw"
    write_csv(
        raw / "a.csv",
        [
            ["Kabupaten/Kota", "Nama", "Tanggal Kejadian", "Uraian", "Jumlah ASN"],
            ["Kota Metro", "Siti Aminah", "24/09/2024", "like postingan paslon", ""],
            ["Kota Batu", "", "01/10/2024", "foto bersama paslon", "3"],
            ["Bekasi", "Ani", "01/10/2024", "deklarasi", ""],
        ],
    )
    return raw


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_idempotent_byte_identical_pelanggaran(tmp_path):
    raw = _small_raw(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_etl_cli(raw, a).returncode == 0
    assert run_etl_cli(raw, b).returncode == 0
    assert _digest(a / "pelanggaran.parquet") == _digest(b / "pelanggaran.parquet")
    assert _digest(a / "publik" / "pelanggaran.parquet") == _digest(b / "publik" / "pelanggaran.parquet")
    ids_a = query(a, "SELECT id_terlapor FROM pelanggaran")
    assert ids_a == query(b, "SELECT id_terlapor FROM pelanggaran") and len(ids_a) == 4
    # Re-running into the same folder keeps the same ids and order too.
    assert run_etl_cli(raw, a).returncode == 0
    assert query(a, "SELECT id_terlapor FROM pelanggaran") == ids_a


def test_ambiguous_region_is_quarantined_naming_candidates(tmp_path):
    raw = _small_raw(tmp_path)
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    (reason,) = query(out, "SELECT alasan FROM karantina")[0]
    assert "32.16" in reason and "32.75" in reason  # Kabupaten Bekasi and Kota Bekasi


def test_unreadable_files_are_listed_and_exit_code_says_so(tmp_path):
    raw = _small_raw(tmp_path)
    (raw / "kosong.csv").write_bytes(b"")
    (raw / "sampah.csv").write_bytes(bytes(range(256)) * 50)
    (raw / "laporan.pdf").write_bytes(b"%PDF-1.4 ...")
    (raw / "rusak.xlsx").write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "wh"
    proc = run_etl_cli(raw, out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    status = dict(query(out, "SELECT sumber_berkas, status FROM sumber"))
    assert status == {
        "a.csv": "sebagian",
        "kosong.csv": "tidak_terbaca",
        "sampah.csv": "tidak_terbaca",
        "laporan.pdf": "tidak_terbaca",
        "rusak.xlsx": "tidak_terbaca",
    }
    assert query(out, "SELECT count(*) FROM pelanggaran")[0][0] == 4  # the good file still loads
    assert "TIDAK TERBACA" in proc.stdout
    msgs = dict(query(out, "SELECT sumber_berkas, pesan FROM sumber"))
    assert "kosong" in msgs["kosong.csv"] and "tidak didukung" in msgs["laporan.pdf"]


def test_failed_run_leaves_previous_warehouse_untouched(tmp_path):
    raw = _small_raw(tmp_path)
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    before = {p.name: _digest(p) for p in out.rglob("*") if p.is_file() and p.suffix in {".duckdb", ".parquet"}}
    # Boundary data unreachable: the run must fail clearly and change nothing.
    proc = run_etl_cli(
        raw,
        out,
        "--geo-dir",
        str(tmp_path / "nope"),
        env={"NETRALITAS_GEO_URL": "http://127.0.0.1:9", "NETRALITAS_CACHE": str(tmp_path / "cache")},
    )
    assert proc.returncode == 1
    assert "GAGAL" in proc.stderr and "tidak diubah" in proc.stderr
    after = {p.name: _digest(p) for p in out.rglob("*") if p.is_file() and p.suffix in {".duckdb", ".parquet"}}
    assert after == before


def test_schema_violation_is_refused_before_swap(tmp_path):
    raw = _small_raw(tmp_path)
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    before = _digest(out / "netralitas.duckdb")
    from etl.run import run_etl

    report = run_etl(raw, tmp_path / "scratch")
    assert report.summary.pelanggaran is None  # handed over to the writer and freed
    with duckdb.connect(str(tmp_path / "scratch" / "netralitas.duckdb"), read_only=True) as con:
        bad_row = list(con.execute("SELECT * FROM pelanggaran LIMIT 1").fetchone())
    bad_row[COL["jenis_pelanggaran"]] = "bukan_kategori"
    summary = dataclasses.replace(report.summary, pelanggaran=pelanggaran_table([bad_row]))
    with pytest.raises(WarehouseError, match="jenis_pelanggaran"):
        write_warehouse(out, summary)
    assert _digest(out / "netralitas.duckdb") == before
    assert not list(out.glob(".tmp-*"))


@pytest.mark.parametrize("failing", ["internal", "publik"])
def test_a_build_failing_before_its_rollups_stops_the_other_build_too(tmp_path, monkeypatch, failing):
    """The two builds hand each other their share of the rollups: when one fails before its share is
    computed, the other stops with a clear error instead of waiting for it, and nothing is swapped in."""
    import threading

    from etl import warehouse
    from etl.run import run_etl

    raw = _small_raw(tmp_path)
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    before = _digest(out / "netralitas.duckdb")
    report = run_etl(raw, tmp_path / "scratch")
    with duckdb.connect(str(tmp_path / "scratch" / "netralitas.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT * FROM pelanggaran").fetchall()
    summary = dataclasses.replace(report.summary, pelanggaran=pelanggaran_table([list(r) for r in rows]))
    real_validate = warehouse.validate

    def validate(con, name, columns, public):  # the failing build's pelanggaran check fails
        if name == "pelanggaran" and public == (failing == "publik"):
            raise WarehouseError(f"uji: build {failing} gagal")
        return real_validate(con, name, columns, public)

    monkeypatch.setattr(warehouse, "validate", validate)
    outcome: list[BaseException] = []

    def write() -> None:
        try:
            write_warehouse(out, summary)
        except BaseException as exc:
            outcome.append(exc)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    writer.join(timeout=120)
    assert not writer.is_alive(), "the other build is still waiting for the failed build's rollups"
    assert len(outcome) == 1 and isinstance(outcome[0], WarehouseError)
    assert f"build {failing} gagal" in str(outcome[0])
    assert _digest(out / "netralitas.duckdb") == before


def test_conservation_break_fails_the_run(tmp_path):
    raw = _small_raw(tmp_path)
    from etl.run import run_etl

    report = run_etl(raw, tmp_path / "scratch")
    report.summary.files[0].loaded -= 1  # a row vanishes
    with pytest.raises(WarehouseError, match="konservasi"):
        write_warehouse(tmp_path / "wh2", report.summary)


def test_json_report_for_machines(tmp_path):
    raw = _small_raw(tmp_path)
    proc = run_etl_cli(raw, tmp_path / "wh", "--json")
    report = json.loads(proc.stdout)
    assert report["total"]["terlapor"] == 4 and report["total"]["karantina"] == 1
    assert report["berkas"][0]["berkas"] == "a.csv"


def test_readers_of_old_file_survive_swap(tmp_path):
    raw = _small_raw(tmp_path)
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{out / 'publik' / 'netralitas.duckdb'}' AS db (READ_ONLY)")
    n_before = con.execute("SELECT count(*) FROM db.pelanggaran").fetchone()[0]
    write_csv(raw / "b.csv", [["Kabupaten/Kota", "Nama"], ["Kota Metro", "Orang Baru"]])
    assert run_etl_cli(raw, out).returncode == 0
    assert con.execute("SELECT count(*) FROM db.pelanggaran").fetchone()[0] == n_before  # old handle still fine
    assert query(out, "SELECT count(*) FROM pelanggaran", public=True)[0][0] == n_before + 1
