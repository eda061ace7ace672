"""A corpus of broken and hostile files, made here: none crashes the ETL, every unreadable file is
listed with its reason, every other file still loads, the exit code tells, and no row is lost."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from netralitas import schema
from tests.conftest import REPO, run_etl_cli
from tests.etl_helpers import query, write_csv, write_json, write_xlsx

GOOD = [
    ["Kabupaten/Kota", "Nama", "Tanggal Kejadian", "Uraian"],
    ["Kota Metro", "Siti Aminah", "24/09/2024", "like postingan paslon"],
]


def _valid_xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    for row in GOOD:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bomb(path: Path) -> None:
    """A small XLSX whose sheet unpacks to 300 MB (ratio ~1000×)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(300):
                fh.write(chunk)


def build_corpus(raw: Path) -> dict[str, str]:
    """Write the corpus; returns file -> what we expect ("unreadable" or "reads")."""
    expect: dict[str, str] = {}

    def add(name: str, data: bytes | str, kind: str) -> None:
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        expect[name] = kind

    valid = _valid_xlsx_bytes()
    add("01_terpotong.xlsx", valid[: len(valid) // 2], "unreadable")
    _bomb(raw / "02_bom.xlsx")
    expect["02_bom.xlsx"] = "unreadable"
    add("03_sampah.csv", os.urandom(4096) + b"\x00" * 10, "unreadable")
    add("04_kosong.csv", b"", "unreadable")
    add("05_judul_saja.csv", "Kabupaten/Kota,Nama,Tanggal\n", "reads")
    add(
        "06_sepuluh_ribu_kolom.csv",
        ",".join(["Kabupaten/Kota", "Nama"] + [f"K{i}" for i in range(10_000)]) + "\nKota Metro,Ani\n",
        "reads",
    )
    add(
        "07_sel_50mb.csv",
        "Kabupaten/Kota,Nama,Uraian\nKota Metro,Ani," + "x" * (50 * 1024 * 1024) + "\nKota Batu,Budi,foto\n",
        "reads",
    )
    add("08_json_rusak.json", '[{"region": "Kota Metro", "name": ', "unreadable")
    add("09_json_bersarang.json", "[" * 100_000 + "]" * 100_000, "unreadable")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Kabupaten/Kota", "Nama", "Uraian", "Jumlah ASN"])
    ws.append(["Kota Metro", "Dedi", '=HYPERLINK("http://evil.example","klik")', "=1+8"])
    ws.append(["Kota Batu", "=cmd|' /C calc'!A0", "@SUM(1)", 1])
    wb.save(raw / "10_formula.xlsx")
    expect["10_formula.xlsx"] = "reads"
    write_csv(
        raw / "11_tanggal_ekstrem.csv",
        [
            ["Kabupaten/Kota", "Nama", "Tanggal Kejadian"],
            ["Kota Metro", "Eko", "01/01/1900"],
            ["Kota Metro", "Fajar", "31/12/2099"],
        ],
    )
    expect["11_tanggal_ekstrem.csv"] = "reads"
    write_csv(
        raw / "12_jumlah_teks.csv",
        [
            ["Kabupaten/Kota", "Jumlah ASN", "Uraian"],
            ["Kota Batu", "sembilan", "foto"],
            ["Kota Batu", "9 orang", "foto"],
            ["Kota Batu", "-", "foto"],
            ["Kota Batu", "banyak sekali", "foto"],
            ["Kota Batu", "1000000", "foto"],
        ],
    )
    expect["12_jumlah_teks.csv"] = "reads"
    write_csv(raw / "13_kembar_a.csv", GOOD)
    write_csv(raw / "13_kembar_b.csv", GOOD)
    expect["13_kembar_a.csv"] = expect["13_kembar_b.csv"] = "reads"
    (raw / "14_loop").mkdir()
    os.symlink("..", raw / "14_loop" / "ke_atas")
    os.symlink("15_diri.csv", raw / "15_diri.csv")
    expect["15_diri.csv"] = "unreadable"
    add("16_skalar.json", "42", "unreadable")
    add("17_larik_angka.json", "[1, 2, 3]", "unreadable")
    add("18_jsonl_rusak.jsonl", "{rusak\n{juga rusak\n", "unreadable")
    add("19_tanpa_judul.csv", "catatan rapat\nhari ini hujan\n", "unreadable")
    add("20_utf16.csv", "Kabupaten/Kota,Nama\nKota Metro,Gita\n".encode("utf-16"), "reads")
    add(
        "21_kutip_timpang.csv",
        'Kabupaten/Kota,Nama,Uraian\nKota Metro,Hadi,"tidak ditutup\nKota Batu,Ira,foto\n',
        "reads",
    )
    add("22_csv_menyamar.xlsx", "Kabupaten/Kota,Nama\nKota Metro,Joko\n", "unreadable")
    add("23_cp1252_aneh.csv", b"Kabupaten/Kota;Nama;Uraian\nKota Metro;Kiki;caf\xe9 \x81\x8d\n", "reads")
    add(
        "24_injeksi.csv",
        'Kabupaten/Kota,Nama,Uraian\n"\'; DROP TABLE pelanggaran; --",Lina,x\nKota Metro,Mira,"<script>alert(1)</script><img src=x onerror=alert(2)>"\n',
        "reads",
    )
    add("25_baris_kosong.csv", "Kabupaten/Kota,Nama\n" + "\n" * 200_000 + ",,\n" * 1000 + "Kota Metro,Nina\n", "reads")
    add("26_json_nan.json", '[{"region": "Kota Metro", "name": "Oki", "count": NaN, "date": 1e309}]', "reads")
    add("27_bukan_objek.jsonl", '"teks"\n[1,2]\n{"region": "Kota Metro", "name": "Putri"}\n', "reads")
    write_xlsx(raw / "28_lembar_kosong.xlsx", {"Sheet1": {"rows": [[None]]}})
    expect["28_lembar_kosong.xlsx"] = "unreadable"
    add("29_pdf.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "unreadable")
    (raw / "30_folder.csv").mkdir()
    add("31_emoji_rtl.csv", "Kabupaten/Kota,Nama,Uraian\nKota Metro,Rudi \u202e\U0001f600,\u202edukungan\n", "reads")
    write_json(
        raw / "32_kunci_aneh.json",
        [{"__proto__": 1, "region": "Kota Metro", "name": "Sari", "nested": {"a": [1, {"b": 2}]}}],
    )
    expect["32_kunci_aneh.json"] = "reads"
    add("33_nul_di_tengah.csv", b"Kabupaten/Kota,Nama\nKota Metro,Tono\x00\n", "unreadable")
    return expect


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    raw.mkdir()
    expect = build_corpus(raw)
    write_csv(raw / "00_baik.csv", GOOD[:1] + [["Kota Balikpapan", "Umar", "13/11/2023", "foto jari"]])
    out = root / "wh"
    proc = run_etl_cli(raw, out, env={"NETRALITAS_MAX_CELL_CHARS": "100000"})
    return raw, out, proc, expect


def test_corpus_has_at_least_30_files(corpus_run):
    assert len(corpus_run[3]) >= 30


def test_no_crash_and_exit_code_reports_unreadable(corpus_run):
    _, _, proc, _ = corpus_run
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr


def test_every_file_outcome_is_a_declared_and_documented_value(corpus_run):
    """The corpus reaches every file status, and the warehouse only holds values the schema declares
    (so validation would refuse an undeclared one) and the data dictionary lists."""
    _, out, _, _ = corpus_run
    kamus = (REPO / "docs" / "kamus_data.md").read_text(encoding="utf-8")
    columns = {("sumber", c.name): c for c in schema.SUMBER} | {("etl_run", c.name): c for c in schema.ETL_RUN}
    seen = {}
    for table, column in (("sumber", "bentuk"), ("sumber", "status"), ("etl_run", "status")):
        seen[table, column] = {r[0] for r in query(out, f"SELECT DISTINCT {column} FROM {table}")}
        allowed = columns[table, column].allowed()
        assert allowed and seen[table, column] <= set(allowed), (table, column, seen[table, column])
        assert all(f"`{v}`" in kamus for v in allowed), (table, column)
    assert seen["sumber", "status"] == {"ok", "sebagian", "duplikat", "tidak_terbaca"}
    assert {"tidak_didukung (tidak_terbaca)", "xlsx (tidak_terbaca)"} <= seen["sumber", "bentuk"]


def test_each_unreadable_file_is_listed_with_a_reason(corpus_run):
    _, out, _, expect = corpus_run
    rows = {r[0]: (r[1], r[2]) for r in query(out, "SELECT sumber_berkas, status, pesan FROM sumber")}
    for name, kind in expect.items():
        assert name in rows, f"{name} missing from sumber"
        status, message = rows[name]
        if kind == "unreadable":
            assert status == "tidak_terbaca" and message, (name, status, message)
        else:
            assert status != "tidak_terbaca", (name, message)
    # ...and the same list reaches the quarantine table the data-quality page shows.
    quarantined_files = {r[0] for r in query(out, "SELECT sumber_berkas FROM karantina WHERE sumber_baris = 0")}
    assert {n for n, k in expect.items() if k == "unreadable"} <= quarantined_files


def test_good_files_still_load(corpus_run):
    _, out, _, _ = corpus_run
    names = {r[0] for r in query(out, "SELECT nama_terlapor FROM pelanggaran WHERE nama_terlapor IS NOT NULL")}
    assert {"Umar", "Siti Aminah", "Gita", "Putri", "Sari", "Mira", "Kiki"} <= names


def test_row_conservation_holds(corpus_run):
    _, out, _, _ = corpus_run
    for name, masuk, dimuat, karantina, duplikat, tl in query(
        out,
        "SELECT sumber_berkas, baris_masuk, baris_dimuat, baris_karantina, baris_duplikat, baris_tindak_lanjut FROM sumber",
    ):
        assert masuk == dimuat + karantina + duplikat + tl, name


def test_counts_written_as_words(corpus_run):
    _, out, _, _ = corpus_run
    per_line = dict(
        query(
            out, "SELECT sumber_baris, count(*) FROM pelanggaran WHERE sumber_berkas = '12_jumlah_teks.csv' GROUP BY 1"
        )
    )
    assert per_line[2] == 9 and per_line[3] == 9 and per_line[4] == 1
    problems = dict(
        query(out, "SELECT sumber_baris, masalah_data FROM pelanggaran WHERE sumber_berkas = '12_jumlah_teks.csv'")
    )
    assert "banyak sekali" in problems[5]
    reasons = dict(query(out, "SELECT sumber_baris, alasan FROM karantina WHERE sumber_berkas = '12_jumlah_teks.csv'"))
    assert "melebihi batas" in reasons[6]


def test_extreme_dates_are_kept_as_problems_not_values(corpus_run):
    _, out, _, _ = corpus_run
    rows = dict(
        query(
            out,
            "SELECT nama_terlapor, masalah_data FROM pelanggaran WHERE sumber_berkas = '11_tanggal_ekstrem.csv' AND tanggal_kejadian IS NULL",
        )
    )
    assert set(rows) == {"Eko", "Fajar"}
    assert "1900" in rows["Eko"] and "2099" in rows["Fajar"]


def test_same_file_twice_is_counted_as_duplicate(corpus_run):
    _, out, _, _ = corpus_run
    (row,) = query(
        out, "SELECT baris_masuk, baris_duplikat, status FROM sumber WHERE sumber_berkas = '13_kembar_b.csv'"
    )
    assert row == (1, 1, "duplikat")


def test_formula_cells_are_never_evaluated(corpus_run):
    _, out, _, _ = corpus_run
    rows = query(
        out,
        "SELECT nama_terlapor, uraian FROM pelanggaran WHERE sumber_berkas = '10_formula.xlsx' ORDER BY sumber_baris",
    )
    # "=1+8" in the count column is not computed into nine people; no formula result appears anywhere.
    assert [r[0] for r in rows].count("Dedi") == 1
    assert "@SUM(1)" in [r[1] for r in rows]  # plain text that merely looks like a formula stays text
    assert "evil.example" not in json.dumps(rows)


def test_oversized_cell_quarantines_only_its_row(corpus_run):
    _, out, _, _ = corpus_run
    (reason,) = query(out, "SELECT alasan FROM karantina WHERE sumber_berkas = '07_sel_50mb.csv'")[0]
    assert "terlalu panjang" in reason
    assert query(out, "SELECT count(*) FROM pelanggaran WHERE sumber_berkas = '07_sel_50mb.csv'")[0][0] == 1
