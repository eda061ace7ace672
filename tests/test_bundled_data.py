"""The bundled real data (data/raw) builds the warehouse a fresh clone shows."""

from __future__ import annotations

import csv

from tests.conftest import BUNDLED_RAW
from tests.etl_helpers import query


def test_founding_regions_are_loaded_with_their_codes(bundled_warehouse):
    per_region = dict(
        query(
            bundled_warehouse,
            """
        SELECT coalesce(kode_kabupaten_kota, kode_provinsi), count(*) FROM pelanggaran
        WHERE sumber_berkas NOT LIKE 'pemantauan_media/%' GROUP BY 1""",
        )
    )
    assert per_region == {"18.72": 1, "17.08": 1, "35.79": 9, "64.71": 1, "19": 1}


def test_babel_is_a_province_level_case(bundled_warehouse):
    (row,) = query(
        bundled_warehouse,
        """SELECT kode_provinsi, kode_kabupaten_kota, media, sumber FROM pelanggaran
                                         WHERE sumber_berkas LIKE 'babel/%'""",
    )
    assert row == ("19", None, "whatsapp", "temuan_pengawas")


def test_every_media_case_is_loaded_or_quarantined_with_its_url(bundled_warehouse):
    with open(BUNDLED_RAW / "pemantauan_media" / "kasus_media.csv", encoding="utf-8") as fh:
        cases = list(csv.DictReader(fh))
    assert len(cases) == 64
    (masuk, dimuat, karantina, duplikat) = query(
        bundled_warehouse,
        """
        SELECT baris_masuk, baris_dimuat, baris_karantina, baris_duplikat FROM sumber
        WHERE sumber_berkas = 'pemantauan_media/kasus_media.csv'""",
    )[0]
    assert masuk == 64 and dimuat + karantina + duplikat == 64
    urls = {
        r[0]
        for r in query(
            bundled_warehouse,
            "SELECT DISTINCT sumber_url FROM pelanggaran WHERE sumber = 'media' OR sumber_berkas LIKE 'pemantauan%'",
        )
    }
    loaded_lines = {
        r[0]
        for r in query(
            bundled_warehouse, "SELECT DISTINCT sumber_baris FROM pelanggaran WHERE sumber_berkas LIKE 'pemantauan%'"
        )
    }
    for line, case in enumerate(cases, start=2):
        if line in loaded_lines:
            assert case["url"] in urls, case["case_no"]


def test_every_row_traces_to_a_file_line_and_a_source(bundled_warehouse):
    missing = query(
        bundled_warehouse,
        """SELECT id_terlapor FROM pelanggaran
        WHERE sumber_berkas IS NULL OR sumber_baris IS NULL OR (sumber_url IS NULL AND dokumen_sumber IS NULL)""",
    )
    assert missing == []
    assert query(bundled_warehouse, "SELECT count(*) FROM pelanggaran WHERE data_sintetis")[0][0] == 0


def test_count_of_respondents_expands_rows(bundled_warehouse):
    # The media file states 15 camat in Makassar (case 1, line 2) without names: fifteen rows.
    assert (
        query(
            bundled_warehouse,
            """SELECT count(*) FROM pelanggaran
        WHERE sumber_berkas = 'pemantauan_media/kasus_media.csv' AND sumber_baris = 2""",
        )[0][0]
        == 15
    )
