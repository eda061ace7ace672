"""Privacy scan: no terlapor name or NIP reaches anything the public build or the public dashboard
hands out.

Warehouses are built by the real ETL command line from (a) the bundled data, the hostile register
and a register whose free text repeats the terlapor's own name (other case, without its accent)
and NIP (grouped with spaces and as 18 bare digits), and (b) the synthetic national generator.
Every name (split on ``;``, at least 4 characters) and NIP is read from the INTERNAL build, then
searched (case- and accent-insensitive, whole words; NIPs also with their separators removed) in
every public artefact: every table and column of ``publik/netralitas.duckdb``, every other file
under ``publik/``, the CSV exports the Data page offers, the data dictionary download, and the
HTML of every page rendered by the real server in headless Chromium. The same scan on the
internal build must find every name, so a zero on the public side is not a broken scanner.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from dashboard.export import csv_bytes, dictionary_markdown
from dashboard.filters import Filter
from dashboard.warehouse import Warehouse, map_layer
from harness.browser import PATHS, browser, streamlit_server
from harness.load import open_ready, page_state
from tests import dashboard_fixtures
from tests.conftest import REPO, require_chromium, run_etl_cli
from tests.etl_helpers import write_csv

MIN_NAME_CHARS = 4
PLANTED_FILE = "uji_privasi/register_privasi.csv"
PLANTED_REGION = "18.72"  # Kota Metro
PLANTED_NAMES = ("Sutrisno Wibowo", "Ni Luh Putu Séptiani", "Rahmat Hidayatullah")
PLANTED_NIP = "198503122010011002"
QUARANTINED_NAME = "Bambang Kuncorojati"
QUARANTINED_NIP = "197911112005011005"
FREE_TEXT_PLANTED = ("uraian", "jabatan", "instansi", "sanksi")
#: Raw headers under which a quarantined row keeps a name or NIP (internal karantina.isi_mentah).
PERSON_HEADERS = {"nama", "nama terlapor", "terlapor", "name", "nip"}
SYNTHETIC_TERLAPOR = 400


# ------------------------------------------------------------------ the scanner


def _combining_marks() -> re.Pattern:
    """Every character ``unicodedata.combining`` calls combining, as one character class (ranges)."""
    ranges: list[str] = []
    start = None
    for code in range(sys.maxunicode + 2):
        marks = code <= sys.maxunicode and unicodedata.combining(chr(code))
        if marks and start is None:
            start = code
        elif not marks and start is not None:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(code - 1)) if code - 1 > start else ""))
            start = None
    return re.compile("[" + "".join(ranges) + "]+")


COMBINING = _combining_marks()


def fold(text: str) -> str:
    """Accents off, case folded, every run of non-alphanumerics one space."""
    if not text.isascii():
        text = COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def squash_digits(text: str) -> str:
    """NIPs written ``1985 0312 2010 01 1 002`` or ``19850312.201001.1.002`` become 18 bare digits."""
    return re.sub(r"[\s.\-/]+", "", text)


@dataclass(frozen=True)
class Needles:
    names: tuple[str, ...]
    nips: tuple[str, ...]


def _words(name: str) -> tuple[str, ...]:
    """A needle as the words of its folded form: whole-word matching is matching runs of words, as a
    folded text is words between single spaces."""
    folded = fold(name)
    assert folded, f"{name!r} folds to nothing"
    return tuple(folded.split(" "))


def _by_first_word(phrases) -> dict[str, list[int]]:
    """first word -> the phrase lengths (in words) that start with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for phrase in phrases:
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {word: sorted(n, reverse=True) for word, n in lengths.items()}


class Scanner:
    """Finds what a regex alternation of the folded names (longest first, whole words) would find:
    at each word, the longest name starting there, then on after it. Walking words against a set is
    the same search without trying several hundred alternatives at every character."""

    def __init__(self, needles: Needles):
        assert needles.names, "nothing to scan for"
        self.names = {_words(n) for n in needles.names}
        self.starts = _by_first_word(self.names)
        self.nips = re.compile("|".join(sorted(set(needles.nips)))) if needles.nips else None

    def hits(self, text: str) -> set[str]:
        words = fold(text).split(" ")
        found = set()
        i = 0
        while i < len(words):
            for n in self.starts.get(words[i], ()):
                if tuple(words[i : i + n]) in self.names:
                    found.add(" ".join(words[i : i + n]))
                    i += n
                    break
            else:
                i += 1
        if self.nips is not None:
            found |= set(self.nips.findall(squash_digits(text)))
        return found


def not_found(needles: Needles, artefacts: dict[str, str]) -> set[str]:
    """The needles a scan of these artefacts does NOT find, each checked on its own (a name that is
    a prefix of a longer one is still looked for: every run of words is tried, not only the longest)."""
    wanted = {_words(n) for n in needles.names}
    starts = _by_first_word(wanted)
    seen: set[tuple[str, ...]] = set()
    for text in artefacts.values():
        words = fold(text).split(" ")
        for i, word in enumerate(words):
            for n in starts.get(word, ()):
                if tuple(words[i : i + n]) in wanted:
                    seen.add(tuple(words[i : i + n]))
    digits = "\n".join(squash_digits(text) for text in artefacts.values())
    missing = {n for n in needles.names if _words(n) not in seen}
    return missing | {nip for nip in needles.nips if nip not in digits}


def scan(scanner: Scanner, artefacts: dict[str, str]) -> dict[str, list[str]]:
    """``artefact -> sorted hits`` for every artefact with at least one hit."""
    out = {}
    for label, text in artefacts.items():
        hits = scanner.hits(text)
        if hits:
            out[label] = sorted(hits)
    return out


# ------------------------------------------------------------------ what is scanned


def person_names(value: str | None) -> list[str]:
    """A ``nama_terlapor`` cell: split on ``;``; also the name without its remark in brackets
    ("Iwan Kogualino (nama akun Facebook)" -> "Iwan Kogualino")."""
    out = []
    for part in (value or "").split(";"):
        for name in (part.strip(), re.sub(r"\s*\([^)]*\)\s*", " ", part).strip()):
            if len(name) >= MIN_NAME_CHARS and len(fold(name)) >= MIN_NAME_CHARS:
                out.append(name)
    return out


def internal_needles(warehouse: Path) -> Needles:
    """Every name and NIP of the INTERNAL build: pelanggaran, and the raw rows kept in karantina."""
    con = duckdb.connect(str(warehouse / "netralitas.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT nama_terlapor, nip FROM pelanggaran").fetchall()
        raw = [r[0] for r in con.execute("SELECT isi_mentah FROM karantina WHERE isi_mentah IS NOT NULL").fetchall()]
    finally:
        con.close()
    names = [n for name, _ in rows for n in person_names(name)]
    nips = [nip for _, nip in rows if nip]
    for text in raw:
        for header, value in json.loads(text).items():
            if fold(header) in PERSON_HEADERS and isinstance(value, str):
                digits = re.sub(r"\D", "", value)
                if len(digits) == 18:
                    nips.append(digits)
                else:
                    names.extend(person_names(value))
    return Needles(tuple(dict.fromkeys(names)), tuple(dict.fromkeys(nips)))


def duckdb_artefacts(db: Path) -> dict[str, str]:
    """Every column of every table, cast to text (plus the table and column names themselves)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        assert tables, f"{db} has no tables"
        for table in tables:
            columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
            out[f"{db.name}:{table}:(kolom)"] = " | ".join(columns)
            for column in columns:
                values = con.execute(f'SELECT CAST("{column}" AS VARCHAR) FROM "{table}"').fetchall()
                out[f"{db.name}:{table}.{column}"] = "\n".join(v[0] for v in values if v[0] is not None)
        return out
    finally:
        con.close()


def parquet_artefacts(path: Path) -> dict[str, str]:
    """Every column cast to text, and the file's key/value metadata (GeoParquet keeps JSON there)."""
    import pyarrow.parquet as pq

    con = duckdb.connect()
    try:
        columns = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()]
        out = {}
        for column in columns:
            values = con.execute(f'SELECT CAST("{column}" AS VARCHAR) FROM read_parquet(?)', [str(path)]).fetchall()
            out[f"{path.name}.{column}"] = "\n".join(v[0] for v in values if v[0] is not None)
    finally:
        con.close()
    meta = pq.read_metadata(path).metadata or {}
    out[f"{path.name}:(metadata)"] = "\n".join(
        f"{k.decode(errors='replace')}={v.decode(errors='replace')}" for k, v in meta.items()
    )
    return out


def public_file_artefacts(warehouse: Path) -> dict[str, str]:
    """Every file under ``publik/``: its structured content, and its raw bytes as text."""
    publik = warehouse / "publik"
    files = sorted(p for p in publik.rglob("*") if p.is_file())
    kinds = {p.suffix for p in files}
    assert {".duckdb", ".parquet", ".geojson"} <= kinds, f"unexpected public build: {[p.name for p in files]}"
    out: dict[str, str] = {}
    for path in files:
        if path.suffix == ".duckdb":
            out.update(duckdb_artefacts(path))
        elif path.suffix == ".parquet":
            out.update(parquet_artefacts(path))
        out[f"{path.relative_to(warehouse)} (bytes)"] = path.read_bytes().decode("utf-8", errors="replace")
    return out


def csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))


def export_artefacts(warehouse: Path, needles: Needles, extra_queries: list[dict]) -> dict[str, str]:
    """The CSVs the Data page offers (no filter, filters, and a search for every name and NIP), and
    the data dictionary download."""
    wh = Warehouse(warehouse / "publik", "publik")
    out = {"kamus_data.md": dictionary_markdown().decode("utf-8")}
    for q in [{}, *extra_queries]:
        f, notices = Filter.from_query(q)
        assert not notices, notices
        data = csv_bytes(wh, f)
        assert csv_rows(data), f"the export for {q} is empty: nothing was scanned"
        out[f"csv {q}"] = data.decode("utf-8")
    for term in (*needles.names, *needles.nips):
        out[f"csv cari={term!r}"] = csv_bytes(wh, Filter(), term[:100]).decode("utf-8")
    return out


# ------------------------------------------------------------------ warehouses


def write_privacy_register(raw: Path) -> None:
    """Free text that repeats the terlapor's own name (other case, without its accent) and NIP
    (grouped with spaces, and bare); a news link carrying the name; a quarantined row with a name."""
    write_csv(
        raw / PLANTED_FILE,
        [
            ["Kabupaten/Kota", "Nama", "NIP", "Jabatan", "Instansi", "Tanggal Kejadian", "Uraian", "Sanksi", "Sumber"],
            [
                "Kota Metro",
                "Sutrisno Wibowo",
                "19850312 201001 1 002",
                "Kepala Seksi Umum (Sutrisno Wibowo)",
                "Dinas Kominfo, atasan langsung SUTRISNO WIBOWO",
                "01/10/2024",
                "Sdr. Sutrisno Wibowo (NIP 1985 0312 2010 01 1 002) membagikan unggahan paslon; "
                "NIP 198503122010011002 tercatat di BKD",
                "Teguran tertulis untuk sutrisno wibowo, NIP 198503122010011002",
                "https://berita.contoh.invalid/2024/10/sutrisno-wibowo-asn-metro-dilaporkan",
            ],
            [
                "Kota Metro",
                "Ni Luh Putu Séptiani; Rahmat Hidayatullah",
                "19900101 201501 2 003; 1991 0202 2016 03 1 004",
                "Guru (Ni Luh Putu Septiani); Staf kecamatan, Rahmat Hidayatullah",
                "SDN 1 Metro, tempat NI LUH PUTU SEPTIANI mengajar",
                "02/10/2024",
                "ni luh putu séptiani dan Rahmat Hidayatullah (NIP 199102022016031004) hadir di kampanye",
                "Hukuman disiplin sedang bagi RAHMAT HIDAYATULLAH (1991 0202 2016 03 1 004)",
                "Laporan masyarakat",
            ],
            [
                "Kota Antah Berantah",
                QUARANTINED_NAME,
                QUARANTINED_NIP,
                "Lurah",
                "Kelurahan",
                "03/10/2024",
                f"{QUARANTINED_NAME} (NIP 1979 1111 2005 01 1 005) memasang spanduk",
                "",
                "",
            ],
        ],
    )


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    """(a) bundled data + hostile register + the privacy register, through the real CLI."""
    root = tmp_path_factory.mktemp("privasi")
    first = dashboard_fixtures.bundled_plus_hostile(root)  # copies data/raw and adds the hostile register
    write_privacy_register(root / "raw")
    return dashboard_fixtures.build(root / "raw", first)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """(b) the synthetic national generator's raw files, through the real CLI."""
    root = tmp_path_factory.mktemp("privasi_sintetis")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl",
            "sintetis",
            "--terlapor",
            str(SYNTHETIC_TERLAPOR),
            "--seed",
            "11",
            "--out",
            str(root / "raw"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run_etl_cli(root / "raw", root / "wh")
    assert proc.returncode in (0, 2), proc.stdout + proc.stderr
    return root / "wh"


# ------------------------------------------------------------------ (a) planted register


def test_the_scan_is_not_vacuous(planted):
    """The names and NIPs exist, the planted free text really carries them in the internal build,
    the scanner finds every one of them there, and the planted rows did reach the public build."""
    needles = internal_needles(planted)
    for name in (*PLANTED_NAMES, QUARANTINED_NAME, "Hartono", "Kusbani", "Penguji Satu"):
        assert name in needles.names, name
    assert {PLANTED_NIP, QUARANTINED_NIP} <= set(needles.nips)

    internal = duckdb_artefacts(planted / "netralitas.duckdb")
    assert not_found(needles, internal) == set()
    found = scan(Scanner(needles), internal)
    for column in FREE_TEXT_PLANTED:  # the free text itself carries names and NIPs in the internal build
        assert {fold(n) for n in PLANTED_NAMES} & set(found[f"netralitas.duckdb:pelanggaran.{column}"]), column
    uraian = found["netralitas.duckdb:pelanggaran.uraian"]
    assert PLANTED_NIP in uraian and "199102022016031004" in uraian
    assert "1985 0312 2010 01 1 002" in internal["netralitas.duckdb:pelanggaran.uraian"]  # grouped form, as written

    con = duckdb.connect(str(planted / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        rows = con.execute(
            f"SELECT {', '.join(FREE_TEXT_PLANTED)} FROM pelanggaran WHERE sumber_berkas = ?", [PLANTED_FILE]
        ).fetchall()
    finally:
        con.close()
    assert len(rows) == 3  # the two-name row became two terlapor rows
    assert all("[disamarkan]" in (value or "") for row in rows for value in row[:2])


def test_no_public_file_holds_a_name_or_nip(planted):
    needles = internal_needles(planted)
    artefacts = public_file_artefacts(planted)
    assert any(k.endswith("pelanggaran.uraian") for k in artefacts)
    assert any(".geojson" in k for k in artefacts) and any("wilayah.parquet" in k for k in artefacts)
    assert scan(Scanner(needles), artefacts) == {}


def test_no_export_holds_a_name_or_nip(planted):
    needles = internal_needles(planted)
    artefacts = export_artefacts(
        planted,
        needles,
        [
            {"wilayah": PLANTED_REGION},
            {"pemilihan": "pilkada_2024"},
            {"wilayah": "73.71"},
            {"jenis": "kampanye_media_sosial"},
        ],
    )
    assert scan(Scanner(needles), artefacts) == {}
    wh = Warehouse(planted / "publik", "publik")
    for term in (*PLANTED_NAMES, "septiani", QUARANTINED_NAME, PLANTED_NIP, "1985 0312 2010 01 1 002"):
        # the search box is no oracle: searching a terlapor's name or NIP finds no row
        assert csv_rows(csv_bytes(wh, Filter(), term)) == [], term


def rendered(warehouse: Path, paths: list[str], search: str | None = None) -> tuple[dict[str, str], str | None]:
    """Every path's HTML as the browser has it after the script finished (the data grid keeps its
    visible cells in the DOM), and the map layers the server hands the browser as static files.
    ``search``: then typed into the Data page's search box (the last path must be a Data page);
    returns what the page says it found."""
    chromium = require_chromium()
    pages: dict[str, str] = {}
    shown = None
    with streamlit_server(warehouse) as base, browser(chromium) as b:
        page = b.new_page(viewport={"width": 1920, "height": 1400})
        try:
            for path in paths:
                bare, _, query = path.partition("?")
                open_ready(page, base, bare, query)
                state = page_state(page)
                assert not state["exceptions"], (path, state["exceptions"])
                pages[path or "/"] = page.content()
            if search is not None:  # the page then echoes the typed term: not scanned, only counted
                page.get_by_label(re.compile("Cari di uraian")).fill(search)
                page.keyboard.press("Enter")
                page.get_by_text(re.compile(r"baris\s+cocok dengan filter dan pencarian")).wait_for(timeout=60_000)
                shown = page.get_by_text(re.compile(r"baris\s+cocok")).first.inner_text()
        finally:
            page.close()
        public = Warehouse(warehouse / "publik", "publik")
        for layer in sorted((warehouse / "publik").glob("peta_*.geojson")):
            url = map_layer(public, layer.name).url  # what the pages hand the browser (named by content hash)
            with urllib.request.urlopen(f"{base}{url}", timeout=30) as r:
                pages[f"/app/static/peta/{layer.stem}"] = r.read().decode("utf-8")
    return pages, shown


@pytest.mark.browser
def test_no_rendered_page_shows_a_name_or_nip(planted):
    """Every page, a deep link into the planted region and its Data page, and the map layers; then
    the planted name typed into the Data page's search box finds nothing."""
    scanner = Scanner(internal_needles(planted))
    deep = [f"?wilayah={PLANTED_REGION}", f"data?wilayah={PLANTED_REGION}"]
    pages, shown = rendered(planted, [*PATHS, *deep], search="Sutrisno Wibowo")
    assert shown is not None and shown.startswith("0 baris"), shown
    assert scan(scanner, pages) == {}
    # not vacuous: the planted region's cases were on screen, scrubbed, in the grid's cells
    con = duckdb.connect(str(planted / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM pelanggaran WHERE kode_kabupaten_kota = ?", [PLANTED_REGION]).fetchone()[
            0
        ]
    finally:
        con.close()
    data_page = pages[f"data?wilayah={PLANTED_REGION}"]
    assert f"{n} baris" in data_page
    assert 'role="gridcell"' in data_page
    assert "[disamarkan]" in data_page
    assert "Kota Metro" in pages[f"?wilayah={PLANTED_REGION}"]
    assert len(pages["/app/static/peta/peta_kabupaten_kota"]) > 100_000


# ------------------------------------------------------------------ (b) synthetic national data


def test_synthetic_build_leaks_no_name_or_nip(synthetic):
    needles = internal_needles(synthetic)
    assert len(needles.names) >= SYNTHETIC_TERLAPOR // 4, len(needles.names)
    scanner = Scanner(needles)
    internal = duckdb_artefacts(synthetic / "netralitas.duckdb")
    assert not_found(needles, internal) == set()
    # the generator writes some names and NIPs into the free text too: the scrubber had work to do
    assert scan(scanner, {"uraian": internal["netralitas.duckdb:pelanggaran.uraian"]})

    artefacts = public_file_artefacts(synthetic)
    artefacts.update(
        export_artefacts(synthetic, Needles(needles.names[:50], needles.nips[:50]), [{"pemilihan": "pilkada_2024"}])
    )
    assert scan(scanner, artefacts) == {}


# ------------------------------------------------------------------ names in unusual places


def _small_build(root: Path, relpath: str, rows: list[list[str]]) -> Path:
    raw = root / "raw"
    write_csv(raw / relpath, [["Kabupaten/Kota", "Nama", "Jabatan", "Tanggal Kejadian", "Uraian"], *rows])
    return dashboard_fixtures.build(raw, root / "wh")


def _public_leaks(warehouse: Path) -> dict[str, list[str]]:
    needles = internal_needles(warehouse)
    assert not_found(needles, duckdb_artefacts(warehouse / "netralitas.duckdb")) == set()
    artefacts = public_file_artefacts(warehouse)
    artefacts.update(export_artefacts(warehouse, needles, []))
    return scan(Scanner(needles), artefacts)


def test_a_name_with_an_apostrophe_is_scrubbed_from_free_text(tmp_path):
    warehouse = _small_build(
        tmp_path,
        "kantor/register.csv",
        [
            ["Kota Metro", "Syafi'i", "Guru", "01/10/2024", "Syafi'i mengunggah foto bersama paslon"],
            ["Kota Metro", "Ahmad Ma’ruf", "Lurah", "02/10/2024", "Lurah Ma’ruf mengajak warga memilih paslon"],
        ],
    )
    assert _public_leaks(warehouse) == {}


def test_a_register_named_after_its_terlapor_does_not_publish_the_name(tmp_path):
    """Offices name files after cases: the provenance columns (sumber_berkas) must not carry the name."""
    warehouse = _small_build(
        tmp_path,
        "kantor/laporan_sutrisno_wibowo.csv",
        [
            ["Kota Metro", "Sutrisno Wibowo", "Kepala Seksi", "01/10/2024", "membagikan unggahan paslon"],
        ],
    )
    assert _public_leaks(warehouse) == {}


@pytest.mark.browser
def test_no_rendered_page_of_the_synthetic_build_shows_a_name_or_nip(synthetic):
    scanner = Scanner(internal_needles(synthetic))
    pages, _ = rendered(synthetic, [*PATHS, "data?pemilihan=pilkada_2024"])
    assert scan(scanner, pages) == {}
    assert 'role="gridcell"' in pages["data"] and "Data sintetis" in pages["/"]
