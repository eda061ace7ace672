"""The synthetic national generator (``python -m etl sintetis``), judged by what its users rely on:
the same seed gives the same bytes, the real ETL loads exactly the promised number of terlapor with
only the deliberate bad rows quarantined, every office of the country appears, and the data looks
like the real registers (mixed shapes, messy spellings and dates, official funnel rates, more cases
as voting day nears)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from etl.sintetis import SHAPES, generate, params
from netralitas import vocab
from tests.conftest import REPO, run_etl_cli
from tests.etl_helpers import query

N = 4000
SEED = 11


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    raw = tmp_path_factory.mktemp("sintetis") / "raw"
    return raw, generate(raw, N, seed=SEED)


@pytest.fixture(scope="module")
def warehouse(generated, tmp_path_factory) -> Path:
    raw, _ = generated
    out = tmp_path_factory.mktemp("gudang_sintetis")
    proc = run_etl_cli(raw, out)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return out


def data_files(raw: Path) -> list[Path]:
    return sorted(p for p in raw.rglob("*") if p.is_file() and p.name != "sumber.yml" and not p.name.startswith("."))


def tree_bytes(raw: Path) -> dict[str, bytes]:
    return {p.relative_to(raw).as_posix(): p.read_bytes() for p in sorted(raw.rglob("*")) if p.is_file()}


def csv_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path, monkeypatch):
    a = generate(tmp_path / "a", 600, seed=5)
    monkeypatch.setenv("NETRALITAS_SINTETIS_WORKERS", "2")  # written by two processes (as big sets are)
    b = generate(tmp_path / "b", 600, seed=5)
    monkeypatch.delenv("NETRALITAS_SINTETIS_WORKERS")
    c = generate(tmp_path / "c", 600, seed=6)
    files_a, files_b, files_c = tree_bytes(tmp_path / "a"), tree_bytes(tmp_path / "b"), tree_bytes(tmp_path / "c")
    assert a.files_per_shape["xlsx"] > 0  # the workbooks, with their timestamps, are covered too
    assert files_a == files_b
    assert files_a != files_c and a.files_per_shape != c.files_per_shape  # another seed: other shapes, other rows
    assert {k: v for k, v in a.as_dict().items() if k not in ("out", "seconds")} == {
        k: v for k, v in b.as_dict().items() if k not in ("out", "seconds")
    }
    xlsx = next(k for k in files_a if k.endswith(".xlsx"))
    assert b"2025-01-01T00:00:00Z" in zipfile.ZipFile(tmp_path / "a" / xlsx).read("docProps/core.xml")


@pytest.mark.slow  # ~14 s: three CLI runs in child processes
def test_cli_writes_a_summary_replaces_its_own_output_and_refuses_a_foreign_folder(tmp_path):
    out = tmp_path / "raw"

    def run(target: Path, n: int) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "etl", "sintetis", "--terlapor", str(n), "--seed", "3", "--out", str(target)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )

    first = run(out, 700)
    assert first.returncode == 0, first.stderr
    assert "700 terlapor akan dimuat" in first.stdout and "berkas register" in first.stdout
    before = len(data_files(out))
    again = run(out, 20)  # its own earlier output is replaced, not added to
    assert again.returncode == 0, again.stderr
    assert len(data_files(out)) == 20 < before

    foreign = tmp_path / "punya_orang"
    foreign.mkdir()
    (foreign / "catatan.txt").write_text("jangan dihapus", encoding="utf-8")
    refused = run(foreign, 50)
    assert refused.returncode == 1 and "GAGAL" in refused.stderr
    assert [p.name for p in foreign.iterdir()] == ["catatan.txt"]


def test_every_row_is_flagged_synthetic(generated, warehouse):
    raw, _ = generated
    folders = {p.parent for p in data_files(raw)}
    assert all(yaml.safe_load((f / "sumber.yml").read_text(encoding="utf-8"))["sintetis"] is True for f in folders)
    for table in ("pelanggaran", "karantina", "sumber"):
        total, flagged = query(warehouse, f"SELECT count(*), count(*) FILTER (WHERE data_sintetis) FROM {table}")[0]
        assert total > 0 and flagged == total, table
    assert query(warehouse, "SELECT bool_and(data_sintetis) FROM etl_run")[0][0] is True


def test_all_four_shapes_and_xlsx_title_rows(generated, warehouse):
    raw, report = generated
    assert set(report.files_per_shape) == set(SHAPES) and all(report.files_per_shape[s] > 0 for s in SHAPES)
    assert sum(report.files_per_shape.values()) == len(data_files(raw)) == 552
    shapes = dict(query(warehouse, "SELECT bentuk, count(*) FROM sumber GROUP BY 1"))
    assert shapes["xlsx"] == report.files_per_shape["xlsx"] and shapes["jsonl"] == report.files_per_shape["jsonl"]
    assert shapes["csv"] == report.files_per_shape["csv_cp1252"] + report.files_per_shape["csv_utf8"]

    book = next(p for p in data_files(raw) if p.suffix == ".xlsx")
    ws = openpyxl.load_workbook(book).worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header_at = next(
        i
        for i, r in enumerate(rows)
        if any(
            c in ("Tanggal Kejadian", "Tgl Kejadian", "Tanggal", "Waktu Kejadian", "Hari/Tanggal", "Tanggal Peristiwa")
            for c in r
        )
    )
    assert header_at >= 2 and "NETRALITAS ASN" in str(rows[0][0]) and "BAWASLU" in str(rows[1][0])
    assert ws.merged_cells.ranges  # the title is merged across the columns, as offices format it

    csvs = [p for p in data_files(raw) if p.suffix == ".csv"]
    semicolon_cp1252 = [p for p in csvs if p.read_bytes().split(b"\n")[0].count(b";") > 3]
    assert semicolon_cp1252 and any(b"\x96" in p.read_bytes() for p in semicolon_cp1252)  # "–" in cp1252
    assert any(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in csvs)  # UTF-8 with BOM too
    parsed = broken = 0
    for path in (p for p in data_files(raw) if p.suffix == ".jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                parsed += isinstance(json.loads(line), dict)
            except json.JSONDecodeError:
                broken += 1
    assert parsed > 0 and broken == report.bad_rows["jsonl_rusak"]  # one object per line, bar the broken ones


def test_raw_files_are_messy_like_real_registers(generated, warehouse):
    raw, _ = generated
    text = "\n".join(
        csv_text(p) if p.suffix == ".csv" else p.read_text(encoding="utf-8")
        for p in data_files(raw)
        if p.suffix in (".csv", ".jsonl")
    )
    official = {row[0] for row in query(warehouse, "SELECT nama FROM wilayah")}
    aliases = {a for a, _, _ in vocab.region_aliases()}
    cells = set(re.split(r'[;,\n"]+|", "', text))
    assert len(cells & aliases) >= 5, "region aliases (wilayah_alias.csv) are written"
    assert any(c.startswith("Kab. ") for c in cells) and any(c.isupper() and c.startswith("KABUPATEN ") for c in cells)
    assert len(cells & official) > 100
    assert re.search(r"\b\d{2}/\d{2}/20\d{2}\b", text)  # 24/09/2024
    assert re.search(
        r"\b(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2}/\d{1,2}/20\d{2}\b", text
    )  # Selasa, 24/9/2024
    assert re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) 20\d{2}\b", text)  # 7 Okt 2024
    assert re.search(r"\b\d{8} \d{6} [12] \d{3}\b", text) and re.search(r"\b\d{18}\b", text)  # NIP, grouped and bare
    assert re.search(r"[A-Za-z]+; [A-Z][a-z]+", text)  # several names in one cell
    precision = dict(query(warehouse, "SELECT presisi_tanggal, count(*) FROM pelanggaran GROUP BY 1"))
    assert 0 < precision["bulan"] < 0.05 * N  # a few month-only dates
    notes = query(warehouse, "SELECT count(*) FROM pelanggaran WHERE masalah_data LIKE '%dibaca sebagai%'")[0][0]
    assert notes > 0  # small typos, read by the resolver
    counted = query(warehouse, "SELECT count(*) FROM pelanggaran WHERE nama_terlapor IS NULL")[0][0]
    assert counted > 0  # "Jumlah ASN" rows without names


def test_the_etl_loads_exactly_the_promised_rows_and_quarantines_only_the_bad_ones(generated, warehouse):
    _, report = generated
    assert report.expected_terlapor == N
    assert query(warehouse, "SELECT count(*) FROM pelanggaran")[0][0] == N
    broken = query(
        warehouse,
        "SELECT sumber_berkas FROM sumber WHERE baris_masuk != baris_dimuat + baris_karantina"
        " + baris_duplikat + baris_tindak_lanjut",
    )
    assert broken == []
    masuk, karantina, duplikat, tl, dilewati, terlapor = query(
        warehouse,
        "SELECT sum(baris_masuk), sum(baris_karantina), sum(baris_duplikat), sum(baris_tindak_lanjut),"
        " sum(baris_dilewati), sum(terlapor_dimuat) FROM sumber",
    )[0]
    assert (masuk, karantina, duplikat, tl, dilewati, terlapor) == (
        report.input_rows,
        report.expected_quarantined,
        0,
        report.follow_up_rows,
        report.blank_rows,
        N,
    )
    reasons = [r[0] for r in query(warehouse, "SELECT alasan FROM karantina")]
    assert len(reasons) == report.expected_quarantined == sum(report.bad_rows.values())
    expected = {
        "wilayah_tidak_dikenal": "wilayah tidak dikenal",
        "subtotal": "subtotal",
        "judul_berulang": "judul kolom berulang",
        "jsonl_rusak": "baris JSON tidak valid",
        "tindak_lanjut_tanpa_register": "lembar tindak lanjut",
    }
    assert set(report.bad_rows) == set(expected)  # every kind of bad row is exercised
    for kind, count in report.bad_rows.items():
        assert sum(expected[kind] in r for r in reasons) == count, kind
    assert query(warehouse, "SELECT count(DISTINCT id_terlapor) FROM pelanggaran")[0][0] == N


def test_every_office_of_the_country_appears(generated, warehouse):
    raw, report = generated
    assert report.offices == report.offices_with_rows == 552
    assert len([p for p in raw.rglob("sumber.yml")]) == 553  # 552 offices + the top folder
    kab = query(warehouse, "SELECT count(DISTINCT kode_kabupaten_kota) FROM pelanggaran")[0][0]
    prov = query(warehouse, "SELECT count(DISTINCT kode_provinsi) FROM pelanggaran WHERE kode_kabupaten_kota IS NULL")[
        0
    ][0]
    assert (kab, prov) == (514, 38)


def test_funnel_follows_the_official_rates(warehouse):
    funnel = params()["corong"]
    rows = query(
        warehouse,
        "SELECT pemilihan, count(*), avg((hasil = 'terbukti')::INT), avg((tindak_lanjut_ppk = 'sudah')::INT),"
        " avg((hasil = 'tidak_terbukti')::INT) FROM pelanggaran GROUP BY 1",
    )
    seen = 0
    for pemilihan, n, proven, sanctioned, not_proven in rows:
        if n < 500:
            continue
        want = funnel.get(pemilihan, funnel["lainnya"])
        assert abs(proven - want["terbukti"]) < 0.06, pemilihan
        assert abs(sanctioned - want["disanksi"]) < 0.06, pemilihan
        assert abs(not_proven - want["tidak_terbukti"]) < 0.06, pemilihan
        seen += 1
    assert seen >= 2  # at least Pilkada 2024 and Pemilu 2024 are large enough to judge
    # Pemilu 2024 (KASN: 183 of 403 proven) is proven far less often than Pilkada 2020 (1,597 of 2,034)
    by = {r[0]: r[2] for r in rows}
    assert by["pemilu_2024"] + 0.15 < by["pilkada_2020"]


def test_more_cases_as_voting_day_nears(warehouse):
    last_month, two_months_before = query(
        warehouse,
        "SELECT count(*) FILTER (WHERE hari_sebelum_pemungutan BETWEEN 0 AND 29),"
        " count(*) FILTER (WHERE hari_sebelum_pemungutan BETWEEN 60 AND 89) FROM pelanggaran",
    )[0]
    assert last_month > 1.3 * two_months_before
    assert query(warehouse, "SELECT min(hari_sebelum_pemungutan) FROM pelanggaran")[0][0] >= 0
    elections = dict(query(warehouse, "SELECT pemilihan, count(*) FROM pelanggaran GROUP BY 1"))
    assert set(elections) <= {e.kode for e in vocab.elections()} and None not in elections
    top_two = sorted(elections, key=elections.get, reverse=True)[:2]
    assert set(top_two) == {"pilkada_2024", "pemilu_2024"} and elections["pilkada_2020"] > 0


def test_violation_and_position_mix(warehouse):
    p = params()
    weights = {e: v["bobot"] for e, v in p["pemilihan"].items()}
    total = sum(weights.values())
    expected: dict[str, float] = {}
    for e, w in weights.items():
        mix = p["jenis_pelanggaran"].get(e, p["jenis_pelanggaran"]["bawaan"])
        s = sum(mix.values())
        for code, share in mix.items():
            expected[code] = expected.get(code, 0.0) + w / total * share / s
    got = {
        code: n / N for code, n in query(warehouse, "SELECT jenis_pelanggaran, count(*) FROM pelanggaran GROUP BY 1")
    }
    assert max(got, key=got.get) == "kampanye_media_sosial"
    assert set(got) <= set(expected)  # every written phrase is read as its intended type
    for code, share in expected.items():
        assert abs(got.get(code, 0.0) - share) < 0.035, code
    positions = dict(query(warehouse, "SELECT kategori_jabatan, count(*) FROM pelanggaran GROUP BY 1"))
    assert max(positions, key=positions.get) == "fungsional" and "lainnya" not in positions
    assert set(positions) <= set(p["jabatan"]["bawaan"])


def test_public_build_hides_names_and_nips_written_into_free_text(warehouse):
    leaked = query(
        warehouse, "SELECT count(*) FROM pelanggaran WHERE regexp_matches(uraian, '\\d{8} \\d{6} \\d \\d{3}')"
    )[0][0]
    assert leaked > 0  # the internal build keeps the free text as written, NIP and all
    public = query(warehouse, "SELECT uraian, jabatan, instansi, nama_kabupaten_kota FROM pelanggaran", public=True)
    assert len(public) == N
    assert not any(re.search(r"\d{8} ?\d{6} ?\d ?\d{3}", v or "") for row in public for v in row)
    assert sum("(NIP [disamarkan])" in (row[0] or "") for row in public) == leaked
    # name words never collide with region or position text, so scrubbing leaves those readable
    assert not any("[disamarkan]" in (v or "") for row in public for v in row[1:])
