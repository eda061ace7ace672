"""Text normalisation shared by the ETL's matchers (headers, taxonomies, regions)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
#: For ASCII text, one C-level pass instead of lower() and a regex: letters lowered, digits kept,
#: anything else a space (fold) or dropped (squash).
_ASCII_AS_WORDS = str.maketrans({chr(c): chr(c).lower() if chr(c).isalnum() else " " for c in range(128)})
_ASCII_ALNUM_LOWER = str.maketrans({chr(c): chr(c).lower() if chr(c).isalnum() else None for c in range(128)})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: ``"Kab./Kota  Metro"`` -> ``"kab kota metro"``."""
    if text.isascii():
        return " ".join(text.translate(_ASCII_AS_WORDS).split())
    # accents off: "Pégawai" -> "pegawai"
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def squash(text: str) -> str:
    """Letters and digits only (header matching ignores spaces and punctuation)."""
    if text.isascii():  # the same as fold() without a space, and without filling fold's cache with one-off texts
        return text.translate(_ASCII_ALNUM_LOWER)
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


#: Indonesian number words (one table for the registers' "Jumlah ASN" and the news intake's counts).
_DIGIT_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_WHOLE_NUMBER_WORDS = {
    "se": 1,
    "seorang": 1,
    "sebuah": 1,
    "salah seorang": 1,
    "salah satu": 1,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
}


def leading_number(folded: str) -> int | None:
    """The number that Indonesian number words at the start of a folded text say: ``"dua"`` 2,
    ``"dua belas orang"`` 12, ``"empat puluh satu"`` 41, ``"seorang"`` 1, ``"seratus"`` 100; None when
    the text does not start with one."""
    for phrase, n in _WHOLE_NUMBER_WORDS.items():
        if folded == phrase or folded.startswith(phrase + " "):
            return n
    parts = folded.split(maxsplit=3)
    if not parts or parts[0] not in _DIGIT_WORDS:
        return None
    n = _DIGIT_WORDS[parts[0]]
    if len(parts) > 1 and parts[1] == "belas":
        return n + 10
    if len(parts) > 1 and parts[1] == "puluh":
        return n * 10 + (_DIGIT_WORDS.get(parts[2], 0) if len(parts) > 2 else 0)
    return n
