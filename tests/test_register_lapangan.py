"""Registers as offices really keep them (issue 15): the field-register corpus in
``tests/register_lapangan/berkas`` (a regency register with a title block, a two-row header and a
signature block; a Google Forms export; a provincial TSV recap; an app's pretty-printed JSON export
with nested records; a webhook's JSON Lines; a KASN recommendation recap) must meet every
expectation of ``harapan.yml``; and, over generated registers, footer rows never add a terlapor and
the same NIP in two distinct incidents always gives two rows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.boundaries import load_boundaries
from etl.classify import classifiers
from etl.dates import infer_order, parse_date
from etl.headers import match_header
from etl.limits import Limits
from etl.normalize import Normaliser, SourceDefaults, parse_count, split_names
from etl.pipeline import FileProcessor, RowBuilder
from etl.readers import read_tables
from etl.regions import RegionResolver
from etl.run import run_etl
from etl.sources import InputFile
from tests.etl_helpers import query, write_csv
from tests.register_lapangan.periksa import BERKAS, check


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lapangan")
    run_etl(BERKAS, out)
    return out


def test_every_expectation_of_the_field_corpus_is_met(warehouse):
    failed = [f"{r.what} (didapat: {r.detail})" for r in check(warehouse) if not r.ok]
    assert failed == []


def test_no_case_of_the_corpus_sits_at_province_level_or_outside_its_province(warehouse):
    """Wrong regions are worse than empty ones: every row is placed at kabupaten/kota level, inside the
    province its source says."""
    rows = query(warehouse, "SELECT sumber_berkas, kode_provinsi, kode_kabupaten_kota FROM pelanggaran")
    assert rows and all(kab is not None and kab.startswith(prov + ".") for _, prov, kab in rows)


def test_reporters_and_signatories_stay_out_of_the_public_build(warehouse):
    text = " ".join(str(v) for row in query(warehouse, "SELECT * FROM karantina", public=True) for v in row)
    for name in ("Hartono Wibisono", "Laksmi Paramitha", "Bambang Sutrisno", "Sri Wahyuni"):
        assert name not in text


# ------------------------------------------------------------------ the pieces, one by one


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Sri Wahyuni, Agus Salim", ["Sri Wahyuni", "Agus Salim"]),
        ("Dewi Lestari, S.Pd., M.Pd.", ["Dewi Lestari, S.Pd., M.Pd"]),
        ("Bambang Sutrisno, S.Pd.; Rina, S.E.", ["Bambang Sutrisno, S.Pd", "Rina, S.E"]),
        ("Agus Purnomo dan Wahyu Hidayat", ["Agus Purnomo", "Wahyu Hidayat"]),
        ("Drs. H. Muhammad Yusuf, M.Si", ["Drs. H. Muhammad Yusuf, M.Si"]),
        ("Andi; -; Budi", ["Andi", None, "Budi"]),
    ],
)
def test_names_split_on_commas_between_people_not_before_degrees(text, names):
    assert split_names(text) == names


@pytest.mark.parametrize(
    ("cell", "count"),
    [
        ("9 orang", 9),
        ("sembilan", 9),
        ("dua belas orang", 12),
        ("empat puluh orang", 40),  # once read as 4: only "dua/tiga puluh" were in the table
        ("dua puluh satu", 21),  # once read as 20
        ("seorang", 1),
        ("salah satu", 1),
        ("seratus", 100),
    ],
)
def test_jumlah_asn_written_in_words(cell, count):
    """The registers' "Jumlah ASN" and the news intake read number words from one table
    (``etl.textnorm.leading_number``)."""
    assert parse_count(cell) == (count, None)


def test_jumlah_asn_that_is_no_number_is_a_problem_not_a_guess():
    count, problem = parse_count("beberapa")
    assert count is None and "beberapa" in (problem or "")


@pytest.mark.parametrize(
    ("text", "first_day"),
    [
        ("7–9 Oktober 2024", dt.date(2024, 10, 7)),
        ("7 s.d. 9 Oktober 2024", dt.date(2024, 10, 7)),
        ("7 s/d 9 Okt 2024", dt.date(2024, 10, 7)),
        ("7-9/10/2024", dt.date(2024, 10, 7)),
        ("30 September - 2 Oktober 2024", dt.date(2024, 9, 30)),
        ("28 Desember 2023 sampai dengan 2 Januari 2024", dt.date(2023, 12, 28)),
    ],
)
def test_a_date_range_gives_its_first_day_and_says_so(text, first_day):
    parsed = parse_date(text)
    assert (parsed.tanggal, parsed.presisi) == (first_day, "hari")
    assert "rentang" in parsed.masalah and text in parsed.masalah


@pytest.mark.parametrize(
    ("texts", "order"),
    [
        (["9/24/2024 10:15:32", "10/2/2024", "10/1/2024"], "mdy"),  # no 24th month: month first
        (["24/09/2024", "10/2/2024"], None),  # no 24th month the other way: day first stays
        (["9/24/2024", "24/9/2024"], None),  # contradicting: the rule stays
        (["10/2/2024", "1/3/2024"], None),  # nothing decides: the rule stays
    ],
)
def test_month_first_only_when_a_file_can_be_read_no_other_way(texts, order):
    assert infer_order(texts) == order


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("23-Sep-24", dt.date(2024, 9, 23)),  # Excel's date display, exported to CSV
        ("23/Sep/2024", dt.date(2024, 9, 23)),
        ("23 - 09 - 2024", dt.date(2024, 9, 23)),
        ("24/09/2024 10:15:32", dt.date(2024, 9, 24)),  # a form's timestamp
    ],
)
def test_office_spreadsheet_date_forms(text, day):
    assert (parse_date(text).tanggal, parse_date(text).presisi) == (day, "hari")


@pytest.mark.parametrize("text", ["07-10-2024", "2024-10-07", "9-7/10/2024", "10 - 12"])
def test_dashes_that_are_not_ranges_are_not_read_as_ranges(text):
    parsed = parse_date(text)
    assert parsed.masalah is None or "rentang" not in parsed.masalah


@pytest.mark.parametrize(
    ("text", "kategori"),
    [
        ("Pernyataan secara terbuka", "moral"),
        ("Sanksi moral berupa pernyataan secara tertutup", "moral"),
        ("Teguran tertulis", "disiplin_ringan"),
        ("Pernyataan tidak puas secara tertulis", "disiplin_ringan"),
        ("Pemotongan tunjangan kinerja sebesar 25% selama 9 bulan", "disiplin_sedang"),
        ("Penurunan pangkat setingkat lebih rendah selama 1 (satu) tahun", "disiplin_sedang"),
        ("Penurunan pangkat setingkat lebih rendah selama 3 (tiga) tahun", "disiplin_berat"),
        ("Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan", "disiplin_berat"),
        ("Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS", "disiplin_berat"),
        ("Penurunan jabatan setingkat lebih rendah selama 12 (dua belas) bulan", "disiplin_berat"),
    ],
)
def test_sanctions_in_the_regulations_own_wording(text, kategori):
    assert classifiers()["sanksi"].classify(text) == kategori


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Nama ASN yang Dilaporkan", "nama"),
        ("NIP ASN (jika diketahui)", "nip"),
        ("Kabupaten/Kota Kejadian", "wilayah"),
        ("Tempat/Lokasi Kejadian", "wilayah"),
        ("Tanggal Kejadian (dd/mm/yyyy)", "tanggal_kejadian"),
        ("Timestamp", "tanggal_laporan"),
        ("Bentuk Dugaan Pelanggaran", "jenis_pelanggaran"),
        ("Hasil Klarifikasi", "tahap"),
        ("Nama Instansi", "instansi"),
        ("Nama Jabatan", "jabatan"),
        ("payload.terlapor.nama", "nama"),
        ("lokasi.kabupaten", "wilayah"),
        ("kejadian.tanggal", "tanggal_kejadian"),
        # never a case column: the reporter, contacts, the candidate, numbers of letters, other dates
        ("Nama Pelapor", None),
        ("Nomor HP Pelapor", None),
        ("Email Address", None),
        ("pelapor.nama", None),
        ("Nama Paslon yang Didukung", None),
        ("Nomor Rekomendasi", None),
        ("Tanggal Rekomendasi", None),
        ("Pangkat/Golongan", None),
        ("Status Kepegawaian", None),
    ],
)
def test_long_and_nested_headers_are_read_by_their_words(header, field):
    assert match_header(header) == field


def test_pretty_printed_wrapped_json_is_one_document_not_json_lines(tmp_path):
    doc = {
        "data": [
            {"wilayah": "Kota Metro", "terlapor": {"nama": "A Satu", "nip": "198001012005011001"}},
            {"wilayah": "Kota Batu", "terlapor": [{"nama": "B Dua"}, {"nama": "C Tiga", "nip": "198001012005011002"}]},
        ],
        "meta": {"total": 2, "halaman": {"ke": 1, "dari": 1}},
    }
    path = tmp_path / "ekspor.json"
    path.write_text(json.dumps(doc, indent=4), encoding="utf-8")
    (table,) = read_tables(path, Limits())
    rows = [cells for _, cells in table.rows]
    header = [str(h) for h in table.header]
    assert len(rows) == 2
    second = dict(zip(header, rows[1], strict=True))
    # a list of terlapor keeps each person's fields aligned; "-" where one lacks a field
    assert second["terlapor.nama"] == "B Dua; C Tiga"
    assert second["terlapor.nip"] == "-; 198001012005011002"


# ------------------------------------------------------------------ properties over generated registers


@pytest.fixture(scope="module")
def normaliser() -> Normaliser:
    return Normaliser(RegionResolver.from_boundaries(*load_boundaries()))


def _load(normaliser: Normaliser, path: Path, defaults: SourceDefaults) -> tuple[list[list[object]], int]:
    builder = RowBuilder()
    result = FileProcessor(normaliser, Limits(), builder).process(InputFile(path, path.name, defaults))
    assert result.error is None, result.error
    return builder.finish(), len(result.quarantined)


HEADER = ["No", "Nama", "NIP", "Tanggal Kejadian", "Jenis Pelanggaran", "Nomor Register", "Keterangan"]
names = st.sampled_from(["Siti Rahma", "Budi Santoso", "Yohana Tambunan", "I Made Sudarma", "Rahmat Hidayat, S.Sos."])
acts = st.sampled_from(["Menyukai unggahan calon di Facebook", "Hadir deklarasi calon", "Berfoto dengan pose jari"])
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2024, 11, 26))
subtotals = st.sampled_from(
    [
        [["JUMLAH TERLAPOR", "", "", "", "", "", "{n}"]],
        [["Total", "{n}"]],
        [["Jumlah", "", "", "", "", "", ""]],
        [["", "GRAND TOTAL", "", "", "", "", "{n}"]],
    ]
)
notes = st.sampled_from(
    [
        [["Keterangan: LP = laporan masyarakat; TM = temuan; data per akhir bulan"] * 7],
        [["Catatan: rekap sementara; belum final"]],
        [["NB : data dapat berubah"]],
    ]
)
# A signature block starts with its marker (place and date, "Mengetahui,", the signatory's office);
# names, NIPs and titles follow in any order.
signature_markers = st.sampled_from(
    [["", "", "", "", "", "Malang, 30 November 2024"], ["", "", "", "", "", "Mengetahui,"], ["a.n. Ketua Bawaslu"]]
)
signature_lines = st.lists(
    st.sampled_from(
        [
            ["", "", "", "", "", "Ketua Bawaslu Kabupaten Malang"],
            ["", "", "", "", "", "Drs. Sugeng Riyadi"],
            ["", "", "", "", "", "NIP. 196801011990031005"],
            ["", "", "", "", "", "Koordinator Divisi Penanganan Pelanggaran"],
            ["", "", "", "", "", "(ttd)"],
            ["", "Sugeng Riyadi, S.H."],
        ]
    ),
    max_size=5,
)
signatures = st.tuples(signature_markers, signature_lines).map(lambda t: [t[0], *t[1]])
footers = (
    st.lists(st.one_of(subtotals, notes), max_size=3)
    .flatmap(lambda blocks: st.one_of(st.just(blocks), signatures.map(lambda sig: [*blocks, sig])))
    .map(lambda blocks: [row for block in blocks for row in block])
)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(
    cases=st.lists(st.tuples(names, acts, days), min_size=1, max_size=6, unique_by=lambda c: c[0]),
    footer=footers,
)
def test_footer_rows_never_add_a_terlapor(normaliser, tmp_path_factory, cases, footer):
    """In a folder whose sumber.yml sets a region, subtotal, notes and signature rows below the data
    are quarantined: with or without them, the same terlapor rows."""
    folder = tmp_path_factory.mktemp("footer")
    data = [[i + 1, nama, "", day.isoformat(), act, "", ""] for i, (nama, act, day) in enumerate(cases)]
    rendered = [[c.replace("{n}", str(len(cases))) for c in row] for row in footer]
    defaults = SourceDefaults(wilayah="Kabupaten Malang")
    plain, _ = _load(normaliser, write_csv(folder / "a.csv", [HEADER, *data]), defaults)
    with_footer, quarantined = _load(normaliser, write_csv(folder / "b.csv", [HEADER, *data, *rendered]), defaults)
    assert len(with_footer) == len(plain) == len(cases)
    assert quarantined == sum(1 for row in rendered if any(c.strip() for c in row))


@PROPERTY
@given(
    first=st.tuples(acts, days),
    second=st.tuples(acts, days),
    same_register=st.booleans(),
    spaced_nip=st.booleans(),
)
def test_one_nip_in_two_distinct_incidents_is_two_rows(
    normaliser, tmp_path_factory, first, second, same_register, spaced_nip
):
    """Two rows with one NIP are one case only when the incident is the same: the same register
    number, or the same day and the same act. Otherwise a person who violated twice has two rows."""
    folder = tmp_path_factory.mktemp("nip")
    nip = "198203152006041003"
    nip_b = "19820315 200604 1 003" if spaced_nip else nip
    reg_a, reg_b = (
        "001/LP/PB/Kab/35.07/IX/2024",
        ("001/LP/PB/Kab/35.07/IX/2024" if same_register else "007/TM/PB/Kab/35.07/X/2024"),
    )
    rows = [
        HEADER,
        [1, "Budi Santoso", nip, first[1].isoformat(), first[0], reg_a, ""],
        [2, "Budi Santoso", nip_b, second[1].isoformat(), second[0], reg_b, ""],
    ]
    loaded, _ = _load(normaliser, write_csv(folder / "r.csv", rows), SourceDefaults(wilayah="Kabupaten Malang"))
    same_act = classifiers()["jenis_pelanggaran"].classify(first[0]) == classifiers()["jenis_pelanggaran"].classify(
        second[0]
    )
    same_incident = same_register or (first[1] == second[1] and same_act)
    assert len(loaded) == (1 if same_incident else 2)
