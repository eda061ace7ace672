"""The public build's scrubber: names and NIPs never reach a public artefact.

The public warehouse drops the ``nama_terlapor`` and ``nip`` columns outright (the
schema marks them ``pribadi``). Free text can still carry them ("Sekda Hartono
mengatur..."), so every text column is scrubbed of every terlapor name found in
the records (each word of each name) and of anything shaped like a NIP. Contact details
are personal data too: social-media handles (``@akun``), phone numbers and e-mail
addresses are scrubbed the same way. A name field may carry a note ("Budi (nama akun
Facebook)"): the note is stripped before the name's words become scrub words, so an
ordinary word never turns into ``[disamarkan]`` everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.textnorm import fold

_fold_uncached = fold.__wrapped__  # one long joined text: no use caching it

MARKER = "[disamarkan]"
#: 18 digits, optionally grouped with spaces/dots/dashes (19800101 200501 1 001).
NIP_PATTERN = re.compile(r"(?<!\d)(?:\d[\s.\-]?){17}\d(?!\d)")
_WORD = re.compile(r"[A-Za-zÀ-ÿ'’]+")
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Indonesian mobile and landline numbers: 0812-3456-7890, +62 812 3456 7890, (0361) 123456.
PHONE_PATTERN = re.compile(
    r"(?<![\w/.])(?:(?:\+62|62|0)8\d{1,2}(?:[\s.-]?\d{2,5}){2,3}|\(0\d{2,3}\)\s?\d{5,8}|\+62[\s.-]?\d{2,3}(?:[\s.-]?\d{3,4}){2})(?![\w/])"
)
#: A social-media handle: @ then letters, digits, dots or underscores, not inside an e-mail address.
HANDLE_PATTERN = re.compile(r"(?<![\w@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}")
#: Notes a person writes inside a name cell: "(nama akun Facebook)", "[Plt.]", "- mantan camat".
_ANNOTATION = re.compile(r"\([^)]*\)|\[[^\]]*\]|\s[-–—:]\s.*$")
#: What a note in a name cell starts with (see ``_ANNOTATION``).
_MAY_ANNOTATE = re.compile(r"[(\[]|\s[-–—:]\s")
#: Name words too common to be identifying; titles and connectors stay readable.
_KEEP = {
    "dan",
    "bin",
    "binti",
    "haji",
    "hj",
    "h",
    "dr",
    "drs",
    "ir",
    "st",
    "sh",
    "se",
    "spd",
    "mpd",
    "msi",
    "mm",
    "kepala",
    "dinas",
    "kota",
    "kabupaten",
    "camat",
    "lurah",
    "guru",
    "asn",
    "pns",
    "pppk",
    "staf",
    "sekda",
}


def strip_annotations(name: str) -> str:
    """``Budi Santoso (nama akun Facebook)`` -> ``Budi Santoso``: only the name's own words."""
    return _ANNOTATION.sub(" ", name).strip()


def scrub_contacts(value: str) -> str:
    """E-mail addresses, phone numbers, handles and NIP-shaped numbers -> the marker."""
    out = EMAIL_PATTERN.sub(MARKER, value) if "@" in value else value
    out = PHONE_PATTERN.sub(MARKER, out)
    out = NIP_PATTERN.sub(MARKER, out)
    return HANDLE_PATTERN.sub(MARKER, out) if "@" in out else out


def name_words(names: Iterable[str]) -> set[str]:
    """The words of these names that the public build masks wherever they appear: each name without
    its note, folded, words of three letters or more that are not common words or numbers. The words
    of a union of names are the union of their words, so a run collects them file by file."""
    # A million names at national scale: those without a note are folded in one pass over their
    # joined text (a line break is a word boundary to fold, so the words are the same as name by
    # name); only names with a note's brackets or dash are stripped one by one.
    plain: list[str] = []
    found: set[str] = set()
    for name in names:
        if _MAY_ANNOTATE.search(name):
            found.update(fold(strip_annotations(name)).split())
        else:
            plain.append(name)
    found.update(_fold_uncached("\n".join(plain)).split())
    return {w for w in found if len(w) >= 3 and w not in _KEEP and not w.isdigit()}


#: What every match of the contact and NIP patterns above contains, as an RE2 pattern for Arrow: an
#: e-mail's or handle's "@", a phone's "+62", "628…"/"08…" or "(0…", a NIP's 18 digits (one separator
#: at most between two). An ASCII text with none of these is one :func:`scrub_contacts` leaves as is.
_CONTACT_HINT = r"@|\+62|(?:62|0)8[0-9]|\(0[0-9]|(?:[0-9][^0-9A-Za-z]?){17}[0-9]"
#: The parts of an ASCII text's words (``_WORD`` matches, folded, split): its runs of letters, lowered.
_NOT_LETTERS = "[^a-z]+"


class Scrubber:
    def __init__(self, names: Iterable[str] = (), *, words: Iterable[str] = ()):
        """``names``: terlapor names; ``words``: words already taken from names (:func:`name_words`)."""
        self.words = frozenset(name_words(names) | set(words))
        self._cache: dict[str, str] = {}
        self._word_array: pa.Array | None = None

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        hit = self._cache.get(value)
        if hit is not None:
            return hit
        out = scrub_contacts(value)
        # Most text names nobody: find the words first (one C-level pass, folds cached per word)
        # and only rewrite when one of them is a name part.
        if self.words and any(self._is_name(w) for w in set(_WORD.findall(out))):
            out = _WORD.sub(self._word, out)
        if len(self._cache) < 500_000:
            self._cache[value] = out
        return out

    def texts(self, values: pa.Array) -> pa.Array:
        """:meth:`text` of every value of an Arrow string array (a column's distinct texts), in order.
        Most texts need no change; an ASCII text without a contact's or NIP's shape
        (``_CONTACT_HINT``) and without a name word among its letter runs is exactly one :meth:`text`
        leaves as is, and Arrow finds those at C speed. Only the rest go through :meth:`text` (a
        million register numbers: seconds of Python saved)."""
        if len(values) == 0:
            return values
        # A null is never suspect (text(None) is None too): the mask is False there.
        hint = pc.or_(pc.invert(pc.string_is_ascii(values)), pc.match_substring_regex(values, _CONTACT_HINT))
        suspect = np.array(pc.fill_null(hint, False), dtype=bool)
        if self.words:
            if self._word_array is None:
                self._word_array = pa.array(sorted(self.words), type=pa.string())
            parts = pc.split_pattern_regex(pc.ascii_lower(values), _NOT_LETTERS)
            is_name = pc.is_in(pc.list_flatten(parts), value_set=self._word_array)
            suspect[pc.filter(pc.list_parent_indices(parts), is_name).to_numpy()] = True
        rows = suspect.nonzero()[0]
        if len(rows) == 0:
            return values
        changed = [self.text(v) for v in values.take(pa.array(rows)).to_pylist()]
        return pc.replace_with_mask(values, pa.array(suspect), pa.array(changed, type=values.type))

    def _is_name(self, word: str) -> bool:
        # "Syafi'i" is one word on the page but folds to "syafi i": any name part in it hides it whole.
        return any(part in self.words for part in fold(word).split())

    def _word(self, match: re.Match) -> str:
        return MARKER if self._is_name(match.group(0)) else match.group(0)

    def url(self, value: str | None) -> str | None:
        """A link whose path carries a terlapor name (news slugs often do) keeps only its site."""
        if value is None:
            return None
        if NIP_PATTERN.search(value) or any(w in self.words for w in fold(value).split()):
            parts = urlsplit(value)
            if parts.scheme and parts.netloc:
                return f"{parts.scheme}://{parts.netloc}/ {MARKER} (tautan lengkap memuat nama; tersedia di build internal)"
            return self.text(value)
        return value
