"""The one filter table: every URL parameter round-trips, drives one SQL clause, and a preset or a
comparison choice survives a pasted link."""

from __future__ import annotations

import datetime as dt

import duckdb

from dashboard.filters import FILTERS, Filter, presets

ANCHOR = dt.date(2024, 11, 20)


def test_every_filter_of_the_table_round_trips_through_the_url():
    query = {
        "cari": "WhatsApp grup",
        "pemilihan": "pilkada_2024",
        "wilayah": "18.72,19",
        "dari": "2024-09-01",
        "sampai": "2024-11-30",
        "banding": "tahun_lalu",
        "jenis": "dukungan_ktp",
        "hasil": "terbukti",
        "sanksi": "disiplin_sedang",
    }
    f, notices = Filter.from_query(query, ANCHOR)
    assert notices == []
    assert {s.key for s in FILTERS} - {"periode"} == set(f.to_query())
    assert Filter.from_query(f.to_query(), ANCHOR)[0] == f


def test_a_preset_link_reopens_the_same_dates_and_keeps_only_the_preset_in_the_url():
    f, _ = Filter.from_query({"periode": "3_bulan"}, ANCHOR)
    assert (f.dari, f.sampai) == (dt.date(2024, 9, 1), dt.date(2024, 11, 30))
    assert f.to_query() == {"periode": "3_bulan"}
    campaign, _ = Filter.from_query({"periode": "kampanye_pilkada_2024"}, ANCHOR)
    assert (campaign.dari, campaign.sampai) == (dt.date(2024, 9, 25), dt.date(2024, 11, 23))
    assert "kampanye_pemilu_2024" in presets(None)  # the election presets need no data


def test_comparison_is_the_previous_period_or_the_same_period_a_year_earlier():
    f, _ = Filter.from_query({"dari": "2024-09-01", "sampai": "2024-11-30"}, ANCHOR)
    assert (f.comparison().dari, f.comparison().sampai) == (dt.date(2024, 6, 2), dt.date(2024, 8, 31))
    g, _ = Filter.from_query({"dari": "2024-02-29", "sampai": "2024-11-30", "banding": "tahun_lalu"}, ANCHOR)
    assert (g.comparison().dari, g.comparison().sampai) == (dt.date(2023, 2, 28), dt.date(2023, 11, 30))


def test_bad_values_are_dropped_with_a_notice():
    f, notices = Filter.from_query({"periode": "kemarin", "banding": "x", "jenis": "tidak_ada"}, ANCHOR)
    assert f == Filter() and len(notices) == 3


def test_the_where_clause_filters_real_rows_and_search_text_stays_a_parameter():
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE pelanggaran AS SELECT * FROM (VALUES "
        "('lewat grup WhatsApp', 'Dinas A', 'guru', 'Kota Metro', 'Lampung', 'k1', 'pilkada_2024', '18.72', '18',"
        " DATE '2024-10-01', NULL::DATE, 'dukungan_ktp', 'terbukti', 'disiplin_sedang'),"
        "('100% hadir kampanye', 'Dinas B', 'camat', 'Kota Batu', 'Jawa Timur', 'k2', 'pilkada_2024', '35.79', '35',"
        " NULL::DATE, NULL::DATE, 'kampanye', 'tidak_terbukti', NULL)"
        ") t(uraian, instansi, jabatan, nama_kabupaten_kota, nama_provinsi, id_kasus, pemilihan,"
        " kode_kabupaten_kota, kode_provinsi, tanggal_kejadian, tanggal_laporan, jenis_pelanggaran, hasil,"
        " kategori_sanksi)"
    )

    def ids(f: Filter) -> list[str]:
        where, params = f.where()
        return [r[0] for r in con.execute(f"SELECT id_kasus FROM pelanggaran {where} ORDER BY 1", params).fetchall()]

    assert ids(Filter(cari="whatsapp")) == ["k1"]
    assert ids(Filter(cari="100%")) == ["k2"]
    assert ids(Filter(cari="'; DROP TABLE pelanggaran; --")) == []
    assert ids(Filter(wilayah=("35",))) == ["k2"]
    period = Filter(dari=dt.date(2024, 9, 1), sampai=dt.date(2024, 10, 31))
    assert ids(period) == ["k1"]  # the undated row falls out of a period...
    where, params = period.where(skip=("periode",))
    assert con.execute(f"SELECT count(*) FROM pelanggaran {where}", params).fetchone()[0] == 2  # ...and is counted
    assert ids(Filter(sanksi=("disiplin_sedang",), hasil=("terbukti",), jenis=("dukungan_ktp",))) == ["k1"]
