"""The ETL's input contract, on real files written here: every shape, headers, rows that are not cases,
provenance (file and the line a person sees), conservation, duplicates and the public build."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import run_etl_cli
from tests.etl_helpers import query, rows_as_dicts, write_csv, write_json, write_xlsx

HEADER = [
    "No",
    "Kabupaten/Kota",
    "Nama Terlapor",
    "NIP",
    "Jabatan",
    "Instansi",
    "Tanggal Kejadian",
    "Uraian",
    "Status Penanganan",
    "Sanksi",
]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """One raw folder holding every shape of the contract, and the warehouse built from it."""
    raw = tmp_path_factory.mktemp("raw")
    # XLSX: two title rows (merged) above the header, date cells, a follow-up sheet keyed by register number.
    write_xlsx(
        raw / "metro" / "register.xlsx",
        {
            "Register": {
                "title": [["REGISTER DUGAAN PELANGGARAN NETRALITAS ASN"], ["Bawaslu Kota Metro — Pilkada 2024"], []],
                "merge": ["A1:H1", "A2:H2"],
                "rows": [
                    [
                        "No",
                        "Nomor Register",
                        "Kab/Kota",
                        "Nama ASN",
                        "Jabatan",
                        "Tgl Kejadian",
                        "Bentuk Pelanggaran",
                        "Media",
                    ],
                    [
                        1,
                        "001/LP/PL/Kota/08.06/IX/2024",
                        "Kota Metro",
                        "Ahmad Suryadi",
                        "Staf Disnakertrans",
                        dt.datetime(2024, 9, 24),
                        "Video dukungan kepada paslon diunggah",
                        "Facebook",
                    ],
                    [
                        2,
                        "002/TM/PL/Kota/08.06/X/2024",
                        "Kota Metro",
                        "Rina Wulandari",
                        "Guru SD",
                        "7 Okt 2024",
                        "Like dan komentar postingan paslon",
                        "Instagram",
                    ],
                    [None, None, None, None, None, None, None, None],
                    ["JUMLAH", None, None, None, None, None, None, 2],
                ],
            },
            "Tindak Lanjut": {
                "rows": [
                    ["Nomor Register", "Status", "Rekomendasi", "Sanksi"],
                    [
                        "001/LP/PL/Kota/08.06/IX/2024",
                        "Direkomendasikan ke BKN",
                        "Rekomendasi ke BKN",
                        "Teguran tertulis",
                    ],
                    ["999/LP/PL/Kota/08.06/XI/2024", "Klarifikasi", None, None],
                ],
            },
        },
    )
    # ;-separated cp1252 CSV with an Indonesian weekday date and a typo'd prefix.
    write_csv(
        raw / "kepahiang" / "rekap.csv",
        [
            ["Kabupaten", "Nama", "Jabatan", "Tanggal", "Dugaan Pelanggaran", "Tahapan", "Keterangan"],
            [
                "Kabupeten Kepahiang",
                "Hartono",
                "Sekretaris Daerah",
                "Selasa, 24/9/2024",
                "Mengumpulkan ASN mengatur strategi pemenangan",
                "Klarifikasi",
                "Rekaman video – beredar",
            ],
        ],
        delimiter=";",
        encoding="cp1252",
    )
    # UTF-8 with BOM, long Indonesian dates, a count with no names.
    write_csv(
        raw / "batu" / "kasus.csv",
        [
            ["Wilayah", "Tanggal Kejadian", "Jumlah ASN", "Uraian", "Sumber"],
            [
                "Kota Batu",
                "Kamis, 24 Oktober 2024",
                "sembilan",
                "Berfoto bersama kandidat lalu diunggah ke media sosial",
                "https://example.org/berita-batu",
            ],
        ],
        bom=True,
    )
    # Tab-separated.
    write_csv(
        raw / "tsv" / "data.tsv",
        [
            ["Kota", "Terlapor", "Tgl Lapor", "Jenis Pelanggaran"],
            ["Kota Balikpapan", "Sutrisno", "13/11/2023", "Berpose dengan gaya jari mendukung calon"],
        ],
        delimiter="\t",
    )
    # JSON array (pretty printed: the line is where each object starts) and JSON Lines with one broken line.
    write_json(
        raw / "form" / "ekspor.json",
        [
            {
                "region": "Kota Metro",
                "name": "Dewi Lestari",
                "date": "2024-10-01",
                "description": "Membagikan postingan paslon di WhatsApp",
            },
            {
                "region": "Kota Metro",
                "name": "Joko Prasetyo",
                "date": "2024-10-02",
                "description": "Menghadiri deklarasi paslon",
            },
        ],
    )
    (raw / "form" / "laporan.jsonl").write_text(
        json.dumps({"region": "Balikpapan", "report_date": "2023-11-13", "description": "Foto dengan simbol jari"})
        + "\n"
        + "{ini bukan json\n"
        + json.dumps({"region": "Babel", "description": "Dukungan di grup WA", "agency": "Pemprov"})
        + "\n",
        encoding="utf-8",
    )
    # A folder with defaults: region, election, source kind and a column override.
    (raw / "kantor_batu").mkdir()
    (raw / "kantor_batu" / "sumber.yml").write_text(
        "wilayah: '35.79'\npemilihan: pilkada_2024\nsumber: temuan_pengawas\nkolom:\n  Perbuatan: jenis_pelanggaran\n",
        encoding="utf-8",
    )
    write_csv(
        raw / "kantor_batu" / "temuan.csv",
        [
            ["Nama", "Perbuatan", "Tanggal"],
            ["Bambang Irawan", "Memasang spanduk paslon", "Agustus 2024"],
            ["Kabupaten/Kota", "Nama", "Perbuatan"],  # a header repeated mid-sheet
        ],
    )
    out = tmp_path_factory.mktemp("wh")
    proc = run_etl_cli(raw, out)
    return raw, out, proc


def test_every_shape_loads_with_codes_and_provenance(mixed):
    _, out, proc = mixed
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = rows_as_dicts(out, "SELECT * FROM pelanggaran ORDER BY sumber_berkas, sumber_baris, id_terlapor")
    by_name = {r["nama_terlapor"]: r for r in rows if r["nama_terlapor"]}
    # XLSX: header found below the title rows; the Excel row number is kept.
    ahmad = by_name["Ahmad Suryadi"]
    assert (ahmad["kode_kabupaten_kota"], ahmad["sumber_berkas"], ahmad["sumber_baris"]) == (
        "18.72",
        "metro/register.xlsx",
        5,
    )
    assert ahmad["tanggal_kejadian"] == dt.date(2024, 9, 24) and ahmad["presisi_tanggal"] == "hari"
    assert ahmad["pemilihan"] == "pilkada_2024" and ahmad["hari_sebelum_pemungutan"] == 64
    assert ahmad["media"] == "facebook"
    assert by_name["Rina Wulandari"]["tanggal_kejadian"] == dt.date(2024, 10, 7)
    assert by_name["Rina Wulandari"]["kategori_jabatan"] == "fungsional"
    # cp1252 ;-CSV: typo in the prefix still resolves; weekday date parsed day-first; en dash decoded.
    hartono = by_name["Hartono"]
    assert hartono["kode_kabupaten_kota"] == "17.08" and hartono["tanggal_kejadian"] == dt.date(2024, 9, 24)
    assert hartono["kategori_jabatan"] == "jpt" and hartono["jenis_pelanggaran"] == "kegiatan_keberpihakan"
    assert "–" in hartono["uraian"] and hartono["sumber_baris"] == 2
    # TSV and JSON array (object starting on line 2 and line 8 of the pretty-printed file).
    assert by_name["Sutrisno"]["kode_kabupaten_kota"] == "64.71"
    assert by_name["Sutrisno"]["tanggal_laporan"] == dt.date(2023, 11, 13)
    assert by_name["Dewi Lestari"]["sumber_baris"] == 2 and by_name["Joko Prasetyo"]["sumber_baris"] == 8
    assert by_name["Dewi Lestari"]["media"] == "whatsapp"


def test_count_without_names_gives_one_row_per_asn(mixed):
    _, out, _ = mixed
    batu = rows_as_dicts(out, "SELECT * FROM pelanggaran WHERE sumber_berkas = 'batu/kasus.csv'")
    assert len(batu) == 9
    assert {r["kode_kabupaten_kota"] for r in batu} == {"35.79"}
    assert len({r["id_kasus"] for r in batu}) == 1 and len({r["id_terlapor"] for r in batu}) == 9
    assert {r["jenis_pelanggaran"] for r in batu} == {"foto_dukungan"}
    assert {r["tanggal_kejadian"] for r in batu} == {dt.date(2024, 10, 24)}
    assert {r["sumber_url"] for r in batu} == {"https://example.org/berita-batu"}


def test_follow_up_sheet_is_joined_by_register_number(mixed):
    _, out, _ = mixed
    (row,) = rows_as_dicts(out, "SELECT * FROM pelanggaran WHERE nama_terlapor = 'Ahmad Suryadi'")
    assert row["kategori_sanksi"] == "disiplin_ringan" and row["sanksi"] == "Teguran tertulis"
    assert row["hasil"] == "terbukti" and row["tindak_lanjut_ppk"] == "sudah"
    assert row["sumber"] == "laporan_masyarakat"  # LP in the register number
    (rina,) = rows_as_dicts(out, "SELECT * FROM pelanggaran WHERE nama_terlapor = 'Rina Wulandari'")
    assert rina["sumber"] == "temuan_pengawas" and rina["kategori_sanksi"] == "belum_ada"
    reasons = query(
        out, "SELECT sumber_baris, lembar, alasan FROM karantina WHERE sumber_berkas = 'metro/register.xlsx' ORDER BY 1"
    )
    assert (3, "Tindak Lanjut") in [(r[0], r[1]) for r in reasons]
    assert any("999/LP" in r[2] for r in reasons)


def test_rows_that_are_not_cases_are_quarantined_with_reasons(mixed):
    _, out, _ = mixed
    kar = {(r[0], r[1]): r[2] for r in query(out, "SELECT sumber_berkas, sumber_baris, alasan FROM karantina")}
    assert "subtotal" in kar[("metro/register.xlsx", 8)]
    assert "judul kolom berulang" in kar[("kantor_batu/temuan.csv", 3)]
    assert "JSON" in kar[("form/laporan.jsonl", 2)]
    # The blank Excel row 7 is neither loaded nor quarantined, and not counted as input.
    assert ("metro/register.xlsx", 7) not in kar


def test_folder_defaults_and_column_overrides(mixed):
    _, out, _ = mixed
    (row,) = rows_as_dicts(out, "SELECT * FROM pelanggaran WHERE nama_terlapor = 'Bambang Irawan'")
    assert row["kode_kabupaten_kota"] == "35.79" and row["pemilihan"] == "pilkada_2024"
    assert row["sumber"] == "temuan_pengawas" and row["jenis_pelanggaran"] == "atribut_kampanye"
    assert row["presisi_tanggal"] == "bulan" and row["tanggal_kejadian"] == dt.date(2024, 8, 1)
    assert row["hari_sebelum_pemungutan"] is None  # month precision: no day count is invented


def test_province_level_case_has_no_kabupaten(mixed):
    _, out, _ = mixed
    rows = rows_as_dicts(
        out, "SELECT * FROM pelanggaran WHERE sumber_berkas = 'form/laporan.jsonl' AND kode_provinsi = '19'"
    )
    assert len(rows) == 1
    assert rows[0]["kode_kabupaten_kota"] is None and rows[0]["nama_provinsi"] == "Kepulauan Bangka Belitung"


def test_conservation_per_file(mixed):
    _, out, _ = mixed
    for name, masuk, dimuat, karantina, duplikat, tl in query(
        out,
        "SELECT sumber_berkas, baris_masuk, baris_dimuat, baris_karantina, baris_duplikat, baris_tindak_lanjut FROM sumber",
    ):
        assert masuk == dimuat + karantina + duplikat + tl, name
    # Terlapor rows trace back to loaded source rows (nine from the one Batu row).
    total = query(out, "SELECT sum(terlapor_dimuat) FROM sumber")[0][0]
    assert total == query(out, "SELECT count(*) FROM pelanggaran")[0][0]


def test_unrecognised_columns_are_reported(tmp_path):
    raw = tmp_path / "raw"
    write_csv(raw / "a.csv", [["Kabupaten/Kota", "Nama", "Warna Baju"], ["Kota Metro", "Siti Aminah", "merah"]])
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    assert query(out, "SELECT kolom_tidak_dikenal FROM sumber")[0][0] == "Warna Baju"


def test_same_person_from_two_sources_becomes_one_row(tmp_path):
    raw = tmp_path / "raw"
    nip = "198001012005011001"
    write_csv(
        raw / "bawaslu.csv",
        [["Kab/Kota", "Nama", "NIP", "Uraian"], ["Kota Metro", "Budi Santoso", nip, "like postingan paslon"]],
    )
    write_json(
        raw / "media.jsonl",
        [
            {
                "city": "Metro",
                "name": "BUDI SANTOSO",
                "employee_id": "19800101 200501 1 001",
                "sanction": "teguran tertulis",
            }
        ],
        lines=True,
    )
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    rows = rows_as_dicts(out, "SELECT * FROM pelanggaran")
    assert len(rows) == 1
    # sumber_lain names the other source and why it is the same case (no date or register number on
    # either side, and the second source does not name the act)
    assert rows[0]["sumber_berkas"] == "bawaslu.csv"
    assert rows[0]["sumber_lain"] == (
        "media.jsonl:1 (NIP sama, tanpa nomor register dan tanggal harian; "
        "tanggal dan jenis pelanggaran sama atau tidak diketahui)"
    )
    assert rows[0]["kategori_sanksi"] == "disiplin_ringan"  # filled from the second source
    assert query(out, "SELECT baris_duplikat FROM sumber WHERE sumber_berkas = 'media.jsonl'")[0][0] == 1


def test_register_number_region_part_is_never_read(tmp_path):
    raw = tmp_path / "raw"
    write_csv(
        raw / "reg.csv",
        [
            ["No. Register", "Kabupaten/Kota", "Nama"],
            ["002/LP/PL/Kab/27.09/III/2024", "", "Tanpa Wilayah"],
        ],
    )
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    assert query(out, "SELECT count(*) FROM pelanggaran")[0][0] == 0
    (reason,) = query(out, "SELECT alasan FROM karantina")[0]
    assert "wilayah" in reason


def test_public_build_has_no_names_or_nip(mixed):
    _, out, _ = mixed
    cols = [r[0] for r in query(out, "DESCRIBE pelanggaran", public=True)]
    assert "nama_terlapor" not in cols and "nip" not in cols
    names = [r[0] for r in query(out, "SELECT DISTINCT nama_terlapor FROM pelanggaran WHERE nama_terlapor IS NOT NULL")]
    assert len(names) >= 6
    dump = json.dumps(query(out, "SELECT * FROM pelanggaran", public=True), default=str)
    dump += json.dumps(query(out, "SELECT * FROM karantina", public=True), default=str)
    for name in names:
        for word in name.split():
            assert word.lower() not in dump.lower(), f"{word!r} leaked into the public build"
    assert (out / "publik" / "pelanggaran.parquet").read_bytes().find(b"Hartono") == -1


def test_sintetis_flag_defaults_false_for_real_sources(mixed):
    _, out, _ = mixed
    assert query(out, "SELECT count(*) FROM pelanggaran WHERE data_sintetis")[0][0] == 0


def test_names_in_file_and_sheet_names_are_scrubbed_in_the_public_build(tmp_path):
    """Staff name files and sheets after the ASN ("klarifikasi_Sutrisno.xlsx"): the public build's
    provenance keeps the place in the file but not the name; the internal build keeps it whole."""
    raw = tmp_path / "raw"
    write_xlsx(
        raw / "klarifikasi_Sutrisno.xlsx",
        {
            "Sutrisno": {
                "rows": [
                    ["Kabupaten/Kota", "Nama", "Tanggal Kejadian", "Uraian"],
                    ["Kota Metro", "Sutrisno", "24/09/2024", "like postingan paslon"],
                    ["Kota Antah Berantah", "Sutrisno", "25/09/2024", "foto bersama calon"],
                ]
            }
        },
    )
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    internal = json.dumps(
        [query(out, f"SELECT * FROM {t}") for t in ("pelanggaran", "karantina", "sumber")], default=str
    )
    public = json.dumps(
        [query(out, f"SELECT * FROM {t}", public=True) for t in ("pelanggaran", "karantina", "sumber")], default=str
    )
    assert "Sutrisno" in internal
    assert "sutrisno" not in public.lower()
    assert query(out, "SELECT sumber_berkas, sumber_baris FROM pelanggaran", public=True) == [
        ("klarifikasi_[disamarkan].xlsx", 2)
    ]


def test_a_repeated_header_does_not_blank_header_words_in_the_public_build(tmp_path):
    raw = tmp_path / "raw"
    write_csv(
        raw / "register.csv",
        [
            ["Kabupaten/Kota", "Terlapor", "Uraian"],
            ["Kota Metro", "Sutrisno", "Terlapor hadir di kampanye"],
            ["Kabupaten/Kota", "Terlapor", "Uraian"],
        ],
    )
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    assert query(out, "SELECT uraian FROM pelanggaran", public=True) == [("Terlapor hadir di kampanye",)]
    assert "judul kolom berulang" in query(out, "SELECT alasan FROM karantina", public=True)[0][0]


def test_each_terlapor_of_a_case_is_matched_by_its_own_keys(tmp_path):
    """Two people in one register row, seen again in other files: each is recognised by the key
    that identifies them (NIP or name; register number or day and act), and the reason is given."""
    raw = tmp_path / "raw"
    nip = "198001012005011001"
    header = ["No. Register", "Kab/Kota", "Nama", "NIP", "Tanggal Kejadian", "Uraian"]
    act = "like postingan paslon"
    write_csv(
        raw / "a_register.csv",
        [
            header,
            ["001/Reg/LP/PB/Kota/08.12/IX/2024", "Kota Metro", "Budi Santoso; Siti Aminah", nip, "24/09/2024", act],
        ],
    )
    # the same register number again: the NIP holder (the first person) is the same person
    write_csv(
        raw / "b_rekap.csv",
        [header, ["001/Reg/LP/PB/Kota/08.12/IX/2024", "Kota Metro", "Budi Santoso", nip, "24/09/2024", act]],
    )
    # no register number: the second person, by name, same day and same act
    write_csv(raw / "c_media.csv", [header, ["", "Kota Metro", "SITI AMINAH", "", "24 September 2024", act]])
    out = tmp_path / "wh"
    assert run_etl_cli(raw, out).returncode == 0
    rows = rows_as_dicts(out, "SELECT * FROM pelanggaran ORDER BY id_terlapor")
    assert [(r["nama_terlapor"], r["sumber_berkas"]) for r in rows] == [
        ("Budi Santoso", "a_register.csv"),
        ("Siti Aminah", "a_register.csv"),
    ]
    assert rows[0]["sumber_lain"] == "b_rekap.csv:2 (NIP sama, nomor register sama)"
    assert rows[1]["sumber_lain"] == "c_media.csv:2 (nama sama, tanggal dan jenis pelanggaran sama)"
