"""Rows of a register that are not cases: subtotals, notes and signature blocks below the data.

Office registers end with a subtotal ("JUMLAH TERLAPOR", "Total"), a notes row ("Keterangan: LP =
laporan masyarakat; …", often merged across the table) and a signature block ("Kediri, 31 Oktober
2024" / "Mengetahui," / "Ketua Bawaslu …" / a name / "NIP. …"). Loaded as cases they would invent
terlapor (a folder's default region makes any row loadable), so each is quarantined with its reason.
The words are data: ``netralitas/referensi/baris_bukan_kasus.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from etl.dates import parse_date
from etl.textnorm import fold
from netralitas import vocab

SUBTOTAL = "baris subtotal/jumlah (bukan kasus)"
NOTES = "baris catatan/keterangan di bawah tabel (bukan kasus)"
SIGNATURE = "blok tanda tangan (bukan kasus)"

#: "Keterangan:", "Catatan :", "NB:" at the start of a text.
_LABEL_COLON = re.compile(r"^\s*([A-Za-z .]{2,20}?)\s*:")
#: "<place>, <date>": a place without digits, a comma, then a date.
_PLACE_DATE = re.compile(r"^\s*([^\d,]{3,40}),\s*(.{6,30})$")
_NIP_SHAPED = re.compile(r"(?<!\d)(?:\d[\s.\-]?){17}\d(?!\d)")


@dataclass(frozen=True)
class _Words:
    subtotal_labels: tuple[str, ...]
    note_labels: frozenset[str]
    openers: tuple[str, ...]
    signer_titles: tuple[str, ...]
    signer_bodies: frozenset[str]


@cache
def _words() -> _Words:
    spec = vocab.non_case_rows()

    def folded(key: str) -> list[str]:
        return [fold(str(w)) for w in spec[key]]

    return _Words(
        tuple(sorted(folded("label_jumlah"), key=len, reverse=True)),
        frozenset(folded("label_catatan")),
        tuple(folded("pembuka_tanda_tangan")),
        tuple(folded("jabatan_penanda_tangan")),
        frozenset(folded("lembaga_penanda_tangan")),
    )


#: First letters of the subtotal labels (jumlah, total, subtotal, grand total, rekapitulasi).
_SUBTOTAL_INITIALS = "JjTtSsGgRr"
#: A subtotal label is followed by a few words at most ("Jumlah Kab. Lombok Barat", "Total kasus").
_SUBTOTAL_MAX_WORDS = 6


def is_subtotal_label(text: str) -> bool:
    """``JUMLAH``, ``Total``, ``JUMLAH TERLAPOR``, ``Jumlah 6``, ``Grand total kasus``, ``Jumlah Kab. Bima``."""
    if len(text) > 60 or text[:1] not in _SUBTOTAL_INITIALS:  # cheap pre-check: it runs on every row
        return False
    words = fold(text)
    for label in _words().subtotal_labels:
        if words == label or words.startswith(label + " "):
            return len(words[len(label) :].split()) <= _SUBTOTAL_MAX_WORDS
    return False


def _is_note(text: str) -> bool:
    m = _LABEL_COLON.match(text)
    return m is not None and fold(m[1]) in _words().note_labels


def _is_signature_marker(text: str) -> bool:
    words = fold(text)
    if any(words == o or words.startswith(o + " ") for o in _words().openers):
        return True
    if any(words.startswith(t + " ") for t in _words().signer_titles) and set(words.split()) & _words().signer_bodies:
        return True
    m = _PLACE_DATE.match(text)
    return m is not None and parse_date(m[2]).presisi == "hari"


class NonCaseRows:
    """Recognises the not-case rows of one table, in order (a signature block runs from its first
    marker to the end: a name under "Ketua Bawaslu …" is the signatory, not a terlapor)."""

    def __init__(self) -> None:
        self.in_signature_block = False

    def reason(self, present: list[str], nama: object) -> str | None:
        """``present``: the row's non-empty cell texts; ``nama``: its name cell. None when it may be a case."""
        for v in present[:3]:  # cheap first-letter test inline: this runs on every row
            if v[:1] in _SUBTOTAL_INITIALS and is_subtotal_label(v) and not self._names_someone(present, nama):
                return SUBTOTAL
        if len(present) > 2 and (present[0] != present[1] != present[2] != present[0] or len(set(present)) > 2):
            return None  # a data row: the checks below concern sparse rows only (merged cells repeat a text)
        distinct = list(dict.fromkeys(present))
        if any(_is_note(v) for v in distinct):
            return NOTES
        if any(_is_signature_marker(v) for v in distinct):
            self.in_signature_block = True
            return SIGNATURE
        if self.in_signature_block:
            return SIGNATURE
        return None

    @staticmethod
    def _names_someone(present: list[str], nama: object) -> bool:
        """A subtotal row never holds a NIP or a name (its "name" cell may hold the count)."""
        if any(_NIP_SHAPED.search(v) for v in present):
            return True
        text = str(nama) if nama is not None else ""
        return any(ch.isalpha() for ch in text) and not is_subtotal_label(text)
