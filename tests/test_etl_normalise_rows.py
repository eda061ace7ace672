"""The normaliser works on a batch of a table's rows column by column, each distinct value of a
column once (etl/normalize.py ``normalise_rows``). A row's cases must not depend on which rows it
was batched with: every row of a mixed batch gets exactly what it gets when normalised alone, by a
normaliser that has seen nothing else (no shared answer between values that Python calls equal,
like the counts 1, 1.0 and True)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.boundaries import load_boundaries
from etl.normalize import Normaliser, SourceDefaults
from etl.regions import RegionResolver
from etl.textnorm import clean_cell

CELLS: dict[str, list[object]] = {
    "wilayah": [None, "Kota Metro", "metro", "Kab. Kepahiang", "Batu", "Kota Batu", "Atlantis", "Balikpapan"],
    "provinsi": [None, "Lampung", "Jawa Timur", "Bengkulu"],
    "instansi": [None, "Dinas Pendidikan", "Pemerintah Kabupaten Kepahiang", "Kecamatan Junrejo"],
    "nama": [
        None,
        "Siti Rahma",
        "Budi Santoso; Agus Salim",
        "Dewi Lestari, S.Pd., M.Pd.",
        "Sri Wahyuni, Agus Salim dan Rina",
        "Ahmad Fauzi / 198001012005011001",
        "-",
    ],
    "nip": [None, "198001012005011001", "19800101 200501 1 001", "12345", "198001012005011001; 198202022006042002"],
    "jabatan": [None, "Lurah", "Lurah, Sekretaris Lurah", "Kepala Dinas Pendidikan, Pemuda dan Olahraga"],
    "jumlah": [None, 1, 1.0, True, 0, "0", "2 orang", "tiga", 9, 2.5, "banyak"],
    "tanggal_kejadian": [
        None,
        "24/09/2024",
        "2024-09-24",
        dt.date(2024, 9, 24),
        dt.datetime(2024, 9, 24, 10, 0),
        45559,
        45559.0,
        "September 2024",
        "2024",
        2024,
        "-",
        "32/13/2024",
    ],
    "tanggal_laporan": [None, "26/09/2024", "1 Oktober 2024"],
    "tanggal_sanksi": [None, "2024-12-01", "kemarin"],
    "nomor_register": [None, "001/LP/PB/Kota/08.05/IX/2024", "002/TM/PB/Kab/07.09/XIII/2024", "12"],
    "pemilihan": [None, "Pilkada 2024", "Pemilu 2024", "Pilkada Serentak 2024", "Pemilihan Ketua RT"],
    "jenis_pelanggaran": [None, "Menyukai unggahan calon di Facebook", "Hadir deklarasi paslon", "lainnya"],
    "uraian": [None, "Foto bersama calon", "Mengunggah dukungan di Instagram"],
    "tahap": [None, "Klarifikasi", "Tidak terbukti", "Rekomendasi ke KASN", "Selesai"],
    "rekomendasi": [None, "Diteruskan ke KASN"],
    "sanksi": [None, "Teguran tertulis", "Penundaan kenaikan pangkat"],
    "sumber_url": [None, "https://contoh.id/berita", "Laporan masyarakat", "Surat Bawaslu No. 12/2024 tentang temuan"],
}


@st.composite
def record(draw) -> dict[str, object]:
    return {name: draw(st.sampled_from(values)) for name, values in CELLS.items() if draw(st.booleans())}


DEFAULTS = [
    SourceDefaults(),
    SourceDefaults(wilayah="18.72", pemilihan="pilkada_2024", sumber="temuan_pengawas"),
    SourceDefaults(wilayah="19", pemilihan="pilkada_2099", urutan_tanggal="mdy", sintetis=True),
]


@pytest.fixture(scope="module")
def resolver() -> RegionResolver:
    return RegionResolver.from_boundaries(*load_boundaries())


def _texts(records: list[dict[str, object]]) -> list[dict[str, str | None]]:
    return [{name: clean_cell(value) for name, value in r.items()} for r in records]


def _per_row(normaliser: Normaliser, records, defaults) -> list[tuple]:
    """Each row as the batch says it comes out: its reason, or its fields, people and problems."""
    done = normaliser.normalise_rows(records, _texts(records), defaults, max_persons=50)
    out, loaded = [], 0
    for alasan in done.alasan:
        if alasan is not None:
            out.append(("karantina", alasan))
            continue
        fields = {name: values[loaded] for name, values in done.fields.items()}
        out.append(("kasus", fields, done.persons[loaded], done.masalah[loaded]))
        loaded += 1
    assert loaded == len(done.persons) == len(done.masalah)
    assert all(len(values) == loaded for values in done.fields.values())
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(record(), min_size=1, max_size=40), which=st.sampled_from(range(len(DEFAULTS))))
def test_a_row_comes_out_the_same_in_any_batch(resolver, records, which):
    defaults = DEFAULTS[which]
    batched = _per_row(Normaliser(resolver), records, defaults)
    alone = [_per_row(Normaliser(resolver), [r], defaults)[0] for r in records]
    assert batched == alone


def test_counts_that_python_calls_equal_are_read_each_as_written(resolver):
    records: list[dict[str, object]] = [
        {"wilayah": "Kota Metro", "jumlah": 1},
        {"wilayah": "Kota Metro", "jumlah": True},
        {"wilayah": "Kota Metro", "jumlah": 1.0},
    ]
    rows = _per_row(Normaliser(resolver), records, SourceDefaults())
    assert [len(r[2]) for r in rows] == [1, 1, 1]
    assert rows[0][3] == rows[2][3] == []
    assert rows[1][3] == ["jumlah ASN tidak terbaca: True"]  # a tick box is not a count
