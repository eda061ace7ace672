"""The whole region vocabulary, walked entry by entry: every name resolves to exactly the code it claims,
no entry shadows an official name, and short names that mean several regions are never guessed."""

from __future__ import annotations

import pytest

from etl.regions import RegionMatch, RegionProblem, RegionResolver
from etl.wilayah_nama import kecamatan_aliases, named_regions, rule_table
from netralitas import vocab


@pytest.fixture(scope="module")
def resolver() -> RegionResolver:
    from etl.boundaries import load_boundaries

    kab, prov = load_boundaries()
    return RegionResolver.from_boundaries(kab, prov)


def code_of(result) -> str | None:
    if isinstance(result, RegionMatch):
        return result.kode_kabupaten_kota or result.kode_provinsi
    return None


def test_every_official_name_still_resolves_to_its_own_code(resolver):
    """No alias, legal name, abbreviation or kecamatan name shadows one of the 552 official names."""
    assert len(resolver.by_code) == 552
    for kode, region in resolver.by_code.items():
        official = f"Provinsi {region.nama}" if region.tingkat == "provinsi" else region.nama
        assert code_of(resolver.resolve(official)) == kode, official
        bare = resolver._bare(region)
        if region.tingkat != "provinsi" and len(resolver.by_bare[bare.replace(" ", "")]) == 1:
            assert code_of(resolver.resolve(bare)) == kode, bare


def test_every_entry_of_every_table_resolves_to_the_code_it_claims(resolver):
    tables = {
        "wilayah_alias.csv": vocab.region_aliases(),
        "wilayah_nama.csv": named_regions(),
        "wilayah_singkatan.csv": rule_table(),
    }
    assert len(tables["wilayah_singkatan.csv"]) >= 150 and len(tables["wilayah_nama.csv"]) >= 25
    for table, rows in tables.items():
        for name, kode, source in rows:
            assert source, f"{table}: {name} has no source"
            result = resolver.resolve(name)
            if "|" in kode:  # a short name for several regions: never guessed
                assert isinstance(result, RegionProblem), (table, name)
                assert set(result.kandidat) == set(kode.split("|")), (table, name)
            else:
                assert code_of(result) == kode, (table, name, result)


def test_every_kecamatan_name_resolves_to_its_kabupaten_kota_and_only_when_bare(resolver):
    rows = kecamatan_aliases()
    assert len(rows) > 4000  # of 7,285 kecamatan, the names borne by exactly one
    for name, kode, _ in rows:
        assert code_of(resolver.resolve(name)) == kode, name
    # a kecamatan name after "Kabupaten"/"Kota" is not a kabupaten/kota: still unknown
    assert isinstance(resolver.resolve("Kabupaten Tawangsari"), RegionProblem)
    assert code_of(resolver.resolve("Tawangsari")) == "33.11"


def test_short_names_that_mean_several_regions_are_settled_only_by_context(resolver):
    assert isinstance(resolver.resolve("Jogja"), RegionProblem)
    assert code_of(resolver.resolve("Kota Jogja")) == "34.71"
    assert code_of(resolver.resolve("Jogja", instansi="Pemkot Jogja")) == "34.71"
    for name in ("Jambi", "Bengkulu", "Gorontalo", "Sorong"):
        assert isinstance(resolver.resolve(name), RegionProblem), name


def test_legal_names_old_and_new_and_the_display_name_kept(resolver):
    for name, kode in [
        ("Daerah Khusus Jakarta", "31"),
        ("Provinsi Daerah Khusus Jakarta", "31"),
        ("Nanggroe Aceh Darussalam", "11"),
        ("Irian Jaya Barat", "92"),
        ("Kabupaten Mamuju Utara", "76.01"),
    ]:
        result = resolver.resolve(name)
        assert code_of(result) == kode, name
    assert resolver.resolve("Daerah Khusus Jakarta").nama_provinsi == "Daerah Khusus Ibukota Jakarta"
