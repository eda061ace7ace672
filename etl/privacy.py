"""The public build's scrubber: names and NIPs never reach a public artefact.

The public warehouse drops the ``nama_terlapor`` and ``nip`` columns outright (the
schema marks them ``pribadi``). Free text can still carry them ("Sekda Hartono
mengatur..."), so every text column is scrubbed of every terlapor name found in
the records (each word of each name) and of anything shaped like a NIP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from etl.textnorm import fold

MARKER = "[disamarkan]"
#: 18 digits, optionally grouped with spaces/dots/dashes (19800101 200501 1 001).
NIP_PATTERN = re.compile(r"(?<!\d)(?:\d[\s.\-]?){17}\d(?!\d)")
_WORD = re.compile(r"[A-Za-zÀ-ÿ'’]+")
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


class Scrubber:
    def __init__(self, names: Iterable[str]):
        words: set[str] = set()
        for name in names:
            for word in fold(name).split():
                if len(word) >= 3 and word not in _KEEP and not word.isdigit():
                    words.add(word)
        self.words = frozenset(words)
        self._cache: dict[str, str] = {}

    def text(self, value: str | None) -> str | None:
        if value is None:
            return None
        hit = self._cache.get(value)
        if hit is not None:
            return hit
        out = NIP_PATTERN.sub(MARKER, value)
        # Most text names nobody: find the words first (one C-level pass, folds cached per word)
        # and only rewrite when one of them is a name part.
        if self.words and any(self._is_name(w) for w in set(_WORD.findall(out))):
            out = _WORD.sub(self._word, out)
        if len(self._cache) < 500_000:
            self._cache[value] = out
        return out

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
