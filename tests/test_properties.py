"""Property-based tests (hypothesis) of the date parser, the region resolver and the CSV reader:
for any input they return a correct value or a reason, never an exception, never a wrong region."""

from __future__ import annotations

import csv
import datetime as dt
import io
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from etl.boundaries import load_boundaries
from etl.dates import MAX_YEAR, MIN_YEAR, ParsedDate, parse_date
from etl.limits import Limits
from etl.readers import UnreadableFile, read_tables
from etl.regions import RegionMatch, RegionProblem, RegionResolver
from etl.textnorm import fold

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


@pytest.fixture(scope="module")
def resolver() -> RegionResolver:
    return RegionResolver.from_boundaries(*load_boundaries())


# ------------------------------------------------------------------ dates

any_value = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.booleans(),
)


@SETTINGS
@given(any_value, st.sampled_from(["dmy", "mdy", "ymd"]))
def test_date_parser_never_raises_and_is_consistent(value, order):
    parsed = parse_date(value, order)
    assert isinstance(parsed, ParsedDate)
    assert parsed.presisi in {"hari", "bulan", "tahun", "tidak_diketahui"}
    if parsed.tanggal is None:
        assert parsed.presisi == "tidak_diketahui"
    else:
        assert MIN_YEAR <= parsed.tanggal.year <= MAX_YEAR and parsed.masalah is None


dates_in_range = st.dates(min_value=dt.date(MIN_YEAR, 1, 1), max_value=dt.date(MAX_YEAR, 12, 31))


@SETTINGS
@given(dates_in_range, st.sampled_from(["iso", "slash", "dash", "dot", "long", "short", "weekday", "paren", "pukul"]))
def test_every_written_form_of_a_date_parses_back_day_first(d, style):
    text = {
        "iso": d.isoformat(),
        "slash": f"{d.day}/{d.month}/{d.year}",
        "dash": f"{d.day:02d}-{d.month:02d}-{d.year}",
        "dot": f"{d.day}.{d.month}.{d.year}",
        "long": f"{d.day} {BULAN[d.month - 1]} {d.year}",
        "short": f"{d.day} {BULAN[d.month - 1][:3]} {d.year}",
        "weekday": f"{HARI[d.weekday()]}, {d.day}/{d.month}/{d.year}",
        "paren": f"{HARI[d.weekday()]} ({d.day}/{d.month}/{d.year})",
        "pukul": f"{d.day} {BULAN[d.month - 1]} {d.year} pukul 10.00 WIB",
    }[style]
    assert parse_date(text) == ParsedDate(d, "hari", None)


@SETTINGS
@given(dates_in_range)
def test_month_only_keeps_month_precision(d):
    parsed = parse_date(f"{BULAN[d.month - 1]} {d.year}")
    assert parsed == ParsedDate(dt.date(d.year, d.month, 1), "bulan", None)


def test_vague_words_keep_the_precision_they_really_have():
    assert parse_date("pertengahan Oktober 2024") == ParsedDate(dt.date(2024, 10, 1), "bulan", None)
    assert parse_date("akhir 2023") == ParsedDate(dt.date(2023, 1, 1), "tahun", None)


def test_day_first_never_month_first():
    assert parse_date("03/04/2024").tanggal == dt.date(2024, 4, 3)
    assert parse_date("03/04/2024", "mdy").tanggal == dt.date(2024, 3, 4)
    assert parse_date("13/01/2024").tanggal == dt.date(2024, 1, 13)
    bad = parse_date("31/02/2024")
    assert bad.tanggal is None and "31/02/2024" in bad.masalah


def test_excel_serials_and_cells():
    assert parse_date(45559).tanggal == dt.date(2024, 9, 24)  # Excel's serial for 24 Sep 2024
    assert parse_date(dt.datetime(2024, 11, 27, 0, 0)).tanggal == dt.date(2024, 11, 27)
    assert parse_date("Agustus 2024").presisi == "bulan" and parse_date("2024").presisi == "tahun"


# ------------------------------------------------------------------ regions


@SETTINGS
@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=30)), st.one_of(st.none(), st.text(max_size=30)))
def test_resolver_never_raises(resolver, text, provinsi, instansi):
    result = resolver.resolve(text, provinsi=provinsi, instansi=instansi)
    assert isinstance(result, (RegionMatch, RegionProblem))


def _noisy(draw, name: str) -> str:
    """The same name as people type it: case, spacing, punctuation."""
    out = []
    for ch in name:
        if ch == " ":
            out.append(draw(st.sampled_from([" ", "  ", " ", "\t "])))
        else:
            out.append(ch.upper() if draw(st.booleans()) else ch.lower())
    return draw(st.sampled_from(["", " ", "  "])) + "".join(out) + draw(st.sampled_from(["", " ", ".", " "]))


@st.composite
def official_spelling(draw):
    kab, _ = load_boundaries()
    record = draw(st.sampled_from(kab))
    name = record.nama
    if name.startswith("Kabupaten "):
        name = draw(st.sampled_from(["Kabupaten ", "Kab. ", "Kab ", "KAB. ", "Pemkab "])) + name[len("Kabupaten ") :]
    elif name.startswith("Kota "):
        name = draw(st.sampled_from(["Kota ", "KOTA ", "Pemkot ", "Pemerintah Kota "])) + name[len("Kota ") :]
    return record.kode, _noisy(draw, name)


@pytest.mark.slow  # ~18 s: hypothesis over all 552 regions; runs in the full suite
@SETTINGS
@given(official_spelling())
def test_official_names_with_noise_resolve_to_exactly_that_region(resolver, case):
    kode, text = case
    result = resolver.resolve(text)
    assert isinstance(result, RegionMatch), (text, result)
    assert result.kode_kabupaten_kota == kode, (text, result)


@pytest.mark.slow  # ~30 s: hypothesis over the whole resolver; runs in the full suite
@SETTINGS
@given(st.text(alphabet=string.ascii_lowercase, min_size=12, max_size=20))
def test_random_words_never_become_a_region(resolver, word):
    kab, prov = load_boundaries()
    names = {fold(r.nama).replace(" ", "") for r in kab + prov}
    assume(not any(word in n or n in word for n in names))
    assert isinstance(resolver.resolve(word), RegionProblem)


def test_all_shared_names_are_ambiguous_without_context(resolver):
    shared = resolver.ambiguous_names()
    assert len(shared) == 26
    for bare, regions in shared.items():
        result = resolver.resolve(bare)
        assert isinstance(result, RegionProblem), bare
        for r in regions:
            if r.tingkat != "provinsi":
                assert r.kode in result.alasan
        kota = next(r for r in regions if r.tingkat == "kota")
        kab = next(r for r in regions if r.tingkat == "kabupaten")
        assert resolver.resolve(bare, instansi=f"Pemkot {bare}").kode_kabupaten_kota == kota.kode
        assert resolver.resolve(bare, instansi=f"Pemerintah Kabupaten {bare}").kode_kabupaten_kota == kab.kode
        assert resolver.resolve(bare, default=kab.kode).kode_kabupaten_kota == kab.kode
        assert resolver.resolve(f"Kota {bare}").kode_kabupaten_kota == kota.kode


def test_founding_regions_and_aliases(resolver):
    expect = {
        "Kota Metro": "18.72",
        "Kabupeten Kepahiang": "17.08",
        "Kepahiang": "17.08",
        "Batu": "35.79",
        "Kota Batu": "35.79",
        "Kota Balik Papan": "64.71",
        "Balikpapan": "64.71",
    }
    for text, kode in expect.items():
        assert resolver.resolve(text).kode_kabupaten_kota == kode, text
    babel = resolver.resolve("Babel")
    assert babel.kode_provinsi == "19" and babel.kode_kabupaten_kota is None


def test_names_people_actually_write(resolver):
    """The spellings named in the ETL issue, plus abbreviated words inside a name ("Kep.")."""
    expect = {
        "Babel": "19",
        "Kep. Babel": "19",
        "Bangka Belitung": "19",
        "Pangkalpinang": "19.71",
        "Kota Baubau": "74.72",
        "Tolitoli": "72.04",
        "Kab. Pangkep": "73.10",
        "Sidrap": "73.14",
        "Selayar": "73.01",
        "Jakarta Selatan": "31.74",
        "Kab. Kepahiang": "17.08",
        "Kab Kepahiang": "17.08",
        "Kabupeten Kepahiang": "17.08",
        "Kota Balik Papan": "64.71",
        "Kab. Kep. Seribu": "31.01",
        "Kep. Meranti": "14.10",
        "Kab. Kep. Talaud": "71.04",
        "Kota Tangsel": "36.74",
        "Kep. Riau": "21",
        # DKI Jakarta's "Administrasi" after another spelling of the prefix (found by hypothesis).
        "Kab. Administrasi Kepulauan Seribu": "31.01",
        "Kab Adm. Kep. Seribu": "31.01",
        "Pemkot Administrasi Jakarta Pusat": "31.71",
        "Kota Adm. Jakarta Timur": "31.75",
    }
    for text, kode in expect.items():
        result = resolver.resolve(text)
        assert isinstance(result, RegionMatch), (text, result)
        assert (result.kode_kabupaten_kota or result.kode_provinsi) == kode, text
    # "Batu" is Kota Batu, never Kabupaten Batu Bara; a bare shared name is never guessed.
    assert resolver.resolve("Batu").kode_kabupaten_kota == "35.79"
    assert isinstance(resolver.resolve("Bekasi"), RegionProblem)


def test_every_official_name_resolves_to_itself(resolver):
    """All 514 kabupaten/kota by their official names, abbreviations in them included
    ("Kabupaten Kep. Siau Tagulandang Biaro"), and every province with its prefix."""
    kab, prov = load_boundaries()
    for k in kab:
        assert resolver.resolve(k.nama).kode_kabupaten_kota == k.kode, k.nama
    for p in prov:
        result = resolver.resolve(f"Provinsi {p.nama}")
        assert result.kode_provinsi == p.kode and result.kode_kabupaten_kota is None, p.nama


def test_empty_region_with_province_takes_the_folder_default_inside_it(resolver):
    inside = resolver.resolve("", provinsi="Jawa Timur", default="35.79")
    assert inside.kode_kabupaten_kota == "35.79"
    elsewhere = resolver.resolve("", provinsi="Jawa Barat", default="35.79")
    assert elsewhere.kode_provinsi == "32" and elsewhere.kode_kabupaten_kota is None


def test_every_alias_row_resolves_to_its_own_code(resolver):
    from netralitas import vocab

    aliases = vocab.region_aliases()
    assert len(aliases) >= 100
    for alias, kode, _ in aliases:
        result = resolver.resolve(alias)
        assert isinstance(result, RegionMatch), alias
        assert (result.kode_kabupaten_kota or result.kode_provinsi) == kode, alias


def test_conflicting_province_is_refused(resolver):
    result = resolver.resolve("Kota Metro", provinsi="Jawa Timur")
    assert isinstance(result, RegionProblem) and "18.72" in result.alasan


def test_two_regions_in_one_cell_are_refused(resolver):
    result = resolver.resolve("Kota Solok; Agam")
    assert isinstance(result, RegionProblem) and "13.72" in result.alasan and "13.06" in result.alasan


# ------------------------------------------------------------------ CSV reader

cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)


@SETTINGS
@given(
    st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=15),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_csv_reader_round_trips_or_explains(tmp_path_factory, rows, delimiter, encoding):
    path: Path = tmp_path_factory.mktemp("csv") / "data.csv"
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Kabupaten/Kota", "Nama", "Uraian"])
    writer.writerows(rows)
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    if encoding == "cp1252" and not data.isascii():
        # Bytes that are also valid UTF-8 are read as UTF-8 (the common case); not what this test checks.
        try:
            data.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    path.write_bytes(data)
    try:
        (table,) = read_tables(path, Limits())
    except UnreadableFile as exc:
        assert str(exc)  # a reason, never an exception of another kind
        return
    assert table.header == ["Kabupaten/Kota", "Nama", "Uraian"]
    got = [cells for _, cells in table.rows]
    assert got == rows


@SETTINGS
@given(st.binary(max_size=2000))
def test_csv_reader_on_arbitrary_bytes(tmp_path_factory, data):
    path: Path = tmp_path_factory.mktemp("bin") / "x.csv"
    path.write_bytes(data)
    try:
        tables = read_tables(path, Limits())
        for t in tables:
            list(t.rows)
    except UnreadableFile as exc:
        assert str(exc)
