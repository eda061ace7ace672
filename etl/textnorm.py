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
    return fold(text).replace(" ", "")


def clean_cell(value: object) -> str | None:
    """A cell as stripped text, or None when empty (``None``, NaN, blank, ``-``)."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    text = str(value).replace("\u00a0", " ").strip()
    if text in {"", "-", "–", "—", "nan", "NaN", "None", "null", "NULL", "n/a", "N/A"}:
        return None
    return text
