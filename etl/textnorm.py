"""Text normalisation shared by the ETL's matchers (headers, taxonomies, regions)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: ``"Kab./Kota  Metro"`` -> ``"kab kota metro"``."""
    if not text.isascii():  # accents off: "Pégawai" -> "pegawai" (the ASCII fast path skips this)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def squash(text: str) -> str:
    """Letters and digits only (header matching ignores spaces and punctuation)."""
    if text.isascii():  # the same as fold() without a space, and without filling fold's cache with one-off texts
        return _NON_ALNUM.sub("", text.lower())
    return fold(text).replace(" ", "")


#: Cell texts that mean "empty".
EMPTY_TEXTS = frozenset({"", "-", "–", "—", "nan", "NaN", "None", "null", "NULL", "n/a", "N/A"})


def clean_cell(value: object) -> str | None:
    """A cell as stripped text, or None when empty (``None``, NaN, blank, ``-``)."""
    if value is None:
        return None
    if value.__class__ is str:  # the common case first: it runs on every cell of every row
        text = value.replace("\u00a0", " ").strip()
        return None if text in EMPTY_TEXTS else text
    if isinstance(value, float) and value != value:  # NaN
        return None
    text = str(value).replace("\u00a0", " ").strip()
    return None if text in EMPTY_TEXTS else text
