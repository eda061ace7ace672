"""The public scrubber: contact details (handles, phone numbers, e-mail addresses) are masked like
names, a note inside a name cell never becomes a scrub word, and ordinary words stay readable."""

from __future__ import annotations

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import privacy
from etl.privacy import MARKER, Scrubber, strip_annotations
from etl.textnorm import fold
from netralitas import vocab
from tests.conftest import run_etl_cli
from tests.etl_helpers import write_csv

#: Words that occur in real case texts and must never be masked, whatever names the records hold.
ORDINARY = [
    "Facebook", "WhatsApp", "Instagram", "TikTok", "YouTube", "Twitter", "akun", "nama", "grup", "status",
    "camat", "lurah", "kepala", "desa", "sekolah", "guru", "dinas", "kampanye", "calon", "paslon", "Bawaslu",
    "Pemilu", "Pilkada", "bupati", "gubernur", "wali", "partai", "unggahan", "foto", "video", "pertemuan",
]  # fmt: skip


def internal_names(warehouse) -> list[str]:
    con = duckdb.connect(str(warehouse / "netralitas.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT nama_terlapor FROM pelanggaran WHERE nama_terlapor IS NOT NULL").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


def test_ordinary_words_never_become_the_marker(bundled_warehouse):
    names = [*internal_names(bundled_warehouse), "Budi Santoso (nama akun Facebook)", "Rina [Plt. Camat] - guru"]
    scrub = Scrubber(names)
    assert len(names) > 20
    labels = [w for tax in ("jenis_pelanggaran", "media", "jabatan", "sanksi") for w in vocab.labels(tax).values()]
    for text in ORDINARY + labels:
        assert scrub.text(text) == text, text
    assert scrub.text("Budi Santoso mengunggah di Facebook") == f"{MARKER} {MARKER} mengunggah di Facebook"


def test_contacts_are_masked_and_numbers_that_are_not_contacts_are_kept():
    scrub = Scrubber([])
    text = (
        "Hubungi 0812-3456-7890, +62 812 3456 7890 atau (0361) 234567; surel budi.s@contoh.go.id; "
        "akun @budi_s88 dan @Sekda.Kota"
    )
    out = scrub.text(text)
    for secret in ("3456", "234567", "budi", "contoh.go.id", "Sekda.Kota"):
        assert secret not in out, out
    assert out.count(MARKER) == 6
    kept = "Register 002/LP/PL/Kab/27.09/III/2024 tanggal 24/09/2024, Rp 1.500.000, 100 warga, pukul 08.30"
    assert scrub.text(kept) == kept


def test_public_build_keeps_the_annotated_word_and_masks_the_name_and_contacts(tmp_path):
    raw = tmp_path / "raw"
    write_csv(
        raw / "kantor" / "register.csv",
        [
            ["Kabupaten/Kota", "Nama", "Tanggal Kejadian", "Uraian"],
            [
                "Kota Metro",
                "Sulastri Wibowo (nama akun Facebook)",
                "01/10/2024",
                "Sulastri mengunggah dukungan di Facebook lewat akun @sulastri.w, WA 0813 1234 5678",
            ],
        ],
    )
    proc = run_etl_cli(raw, tmp_path / "wh")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    con = duckdb.connect(str(tmp_path / "wh" / "publik" / "netralitas.duckdb"), read_only=True)
    (uraian,) = con.execute("SELECT uraian FROM pelanggaran").fetchone()
    con.close()
    assert uraian == f"{MARKER} mengunggah dukungan di Facebook lewat akun {MARKER}, WA {MARKER}"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=st.sampled_from(list("aAbŞşΣσİıéè\u0301ß ()[]-–—:.'\n0123")), max_size=25), max_size=30)
)
def test_name_words_are_found_as_name_by_name(names):
    """The scrubber folds most names in one pass over their joined text (a million names at national
    scale); the words it scrubs must be exactly those of each name folded on its own."""
    expected: set[str] = set()
    for name in names:
        expected.update(w for w in fold(strip_annotations(name)).split() if len(w) >= 3 and not w.isdigit())
    expected -= privacy._KEEP
    assert Scrubber(names).words == expected


#: Texts at the edges of the vectorised scrub's shortcut: a contact's or NIP's shape, a name part
#: inside a longer word, apostrophes, non-ASCII letters, control characters Python counts as spaces.
EDGE_TEXTS = [
    "001/Reg/LP/PB/Kota/18.72/IX/2024",
    "Register 002/LP/PL/Kab/27.09/III/2024 oleh Hartono",
    "HARTONO-kepala dinas",
    "Hartonowati bukan terlapor",
    "Syafi'i hadir",
    "Syafi’i hadir",
    "Pégawai Hartono",
    "NIP 19800101\x1c200501\x1c1\x1c001",
    "NIP 198001012005011001",
    "WA 0812-3456-7890",
    "telp (0361) 234567",
    "+62 812 3456 7890",
    "6281234567890",
    "surel budi.s@contoh.go.id",
    "akun @budi_s88",
    "pukul 08.30, Rp 1.500.000",
    "",
    None,
]


def test_the_vectorised_scrub_of_a_column_equals_the_scrub_of_each_text():
    """The public build scrubs each column's distinct texts at once (Arrow finds the texts that need
    no change); every text must come out exactly as the one-by-one scrub gives it."""
    import pyarrow as pa

    scrub = Scrubber(["Hartono", "Syafi'i Maarif", "Budi Santoso"])
    got = scrub.texts(pa.array(EDGE_TEXTS, type=pa.string())).to_pylist()
    assert got == [Scrubber(["Hartono", "Syafi'i Maarif", "Budi Santoso"]).text(t) for t in EDGE_TEXTS]
    # The shortcut is not vacuous: names, contacts and NIPs were masked, register numbers kept.
    assert got[0] == EDGE_TEXTS[0] and got[1].endswith(MARKER) and MARKER in got[7] and MARKER in got[9]
    assert got[3] == EDGE_TEXTS[3]  # a name inside a longer word is not that name


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(alphabet=st.sampled_from(list("aHrtonSyf'’é@+(0628)- .\x1c/1Ii")), max_size=30)),
        max_size=20,
    )
)
def test_the_vectorised_scrub_equals_the_scrub_of_each_text_on_any_text(texts):
    import pyarrow as pa

    names = ["Hartono", "Syafi'i", "Ira"]
    got = Scrubber(names).texts(pa.array(texts, type=pa.string())).to_pylist()
    assert got == [Scrubber(names).text(t) for t in texts]
