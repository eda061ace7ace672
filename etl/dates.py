"""Dates as Indonesian registers write them -> ISO date + precision, or a problem message.

Day first, always (``03/04/2024`` is 3 April) unless a source's ``sumber.yml`` says
``urutan_tanggal: mdy`` or ``ymd``. Indonesian (and English) month and day names and
abbreviations, wrappers such as ``Selasa, 24/9/2024`` or ``Kamis (10/11/2022)``, ISO,
Excel serials and date cells. ``Agustus 2024`` keeps month precision; ``2024`` year
precision. Never raises: unreadable input returns ``tidak_diketahui`` with a message.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from netralitas import vocab

#: Plausible years for a neutrality case; outside them a date is a typo, not a fact.
MIN_YEAR = 2000
MAX_YEAR = 2035

#: Month and weekday spellings, from ``netralitas/referensi/kalender.yml``.
MONTHS = vocab.month_spellings()
DAYS = vocab.day_spellings()
EXCEL_EPOCH = dt.date(1899, 12, 30)  # 1900 date system, with Excel's 1900-02-29 bug absorbed


@dataclass(frozen=True)
class ParsedDate:
    tanggal: dt.date | None
    presisi: str  # hari | bulan | tahun | tidak_diketahui
    masalah: str | None = None


UNKNOWN = ParsedDate(None, "tidak_diketahui", None)

_NOISE = re.compile(
    r"\b(?:pukul|jam|pkl)\b.*$|\b(?:wib|wita|wit)\b|\btgl\.?\b|\btanggal\b|\bhari\b|\bsekitar\b|\bkurang lebih\b"
    # "awal/pertengahan/akhir Oktober 2024" is vague within the month: it keeps month precision.
    r"|\b(?:awal|pertengahan|medio|akhir|penghujung)\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_YEAR = re.compile(r"^(\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{2,4})$")
_MONTH_FIRST_WORDS = re.compile(r"^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def _quote(text: str) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= 40 else text[:39] + "…"


def _make(year: int, month: int, day: int, raw: str) -> ParsedDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return ParsedDate(
            None, "tidak_diketahui", f'tanggal di luar rentang wajar {MIN_YEAR}–{MAX_YEAR}: "{_quote(raw)}"'
        )
    try:
        return ParsedDate(dt.date(year, month, day), "hari", None)
    except ValueError:
        return ParsedDate(None, "tidak_diketahui", f'tanggal tidak ada di kalender: "{_quote(raw)}"')


def _year4(y: int) -> int:
    return 2000 + y if y < 100 else y


def parse_date(value: object, order: str = "dmy") -> ParsedDate:
    """Never raises; see module docstring."""
    try:
        if value is None or isinstance(value, bool):
            return UNKNOWN
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            if not MIN_YEAR <= value.year <= MAX_YEAR:
                return ParsedDate(
                    None,
                    "tidak_diketahui",
                    f'tanggal di luar rentang wajar {MIN_YEAR}–{MAX_YEAR}: "{value.isoformat()}"',
                )
            return ParsedDate(value, "hari", None)
        if isinstance(value, (int, float)):
            return _from_number(float(value))
        if hasattr(value, "to_pydatetime"):  # pandas Timestamp
            return parse_date(value.to_pydatetime(), order)
        return _parse_text(str(value), order)
    except Exception as exc:  # a parser must never take the run down
        return ParsedDate(None, "tidak_diketahui", f"tanggal tidak terbaca ({type(exc).__name__})")


def _from_number(number: float) -> ParsedDate:
    if math.isnan(number) or math.isinf(number):
        return ParsedDate(None, "tidak_diketahui", f'tanggal tidak terbaca: "{number}"')
    if number.is_integer() and MIN_YEAR <= number <= MAX_YEAR:
        return ParsedDate(dt.date(int(number), 1, 1), "tahun", None)
    if 1 <= number < 2_958_466:  # Excel serial day numbers up to 9999-12-31
        day = EXCEL_EPOCH + dt.timedelta(days=int(number))
        return _make(day.year, day.month, day.day, str(number))
    return ParsedDate(None, "tidak_diketahui", f'tanggal tidak terbaca: "{number}"')


@lru_cache(maxsize=65536)
def _parse_text(raw: str, order: str) -> ParsedDate:
    text = raw.strip()
    if not text or text in {"-", "–", "?"}:
        return UNKNOWN
    if len(text) > 80:
        return ParsedDate(None, "tidak_diketahui", f'tanggal tidak terbaca: "{_quote(text)}"')
    cleaned = _NOISE.sub(" ", text.lower())
    cleaned = re.sub(r"[(),]", " ", cleaned)
    words = [w for w in cleaned.split() if w.rstrip(".") not in DAYS]
    cleaned = " ".join(words).strip(" .")
    if re.fullmatch(r"\d+(\.\d+)?", cleaned) and not _YEAR.match(cleaned):
        return _from_number(float(cleaned))  # an Excel serial that arrived as text

    m = _ISO.match(cleaned)
    if m:
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    m = _ISO_MONTH.match(cleaned)
    if m:
        return _month(int(m[1]), int(m[2]), text)
    m = _YEAR.match(cleaned)
    if m:
        year = int(m[1])
        if MIN_YEAR <= year <= MAX_YEAR:
            return ParsedDate(dt.date(year, 1, 1), "tahun", None)
        return ParsedDate(
            None, "tidak_diketahui", f'tahun di luar rentang wajar {MIN_YEAR}–{MAX_YEAR}: "{_quote(text)}"'
        )
    m = _NUMERIC.match(cleaned)
    if m:
        a, b, c = int(m[1]), int(m[2]), int(m[3])
        if len(m[1]) == 4:  # 2024/09/24 is unambiguous whatever the order setting
            return _make(a, b, c, text)
        if order == "mdy":
            return _make(_year4(c), a, b, text)
        if order == "ymd":
            return _make(_year4(a), b, c, text)
        return _make(_year4(c), b, a, text)
    m = _WORDS.match(cleaned)
    if m and m[2] in MONTHS:
        year = _year4(int(m[3]))
        if m[1] is None:
            return _month(year, MONTHS[m[2]], text)
        return _make(year, MONTHS[m[2]], int(m[1]), text)
    m = _MONTH_FIRST_WORDS.match(cleaned)
    if m and m[1] in MONTHS:
        return _make(int(m[3]), MONTHS[m[1]], int(m[2]), text)
    return ParsedDate(None, "tidak_diketahui", f'tanggal tidak terbaca: "{_quote(text)}"')


def _month(year: int, month: int, raw: str) -> ParsedDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return ParsedDate(
            None, "tidak_diketahui", f'tanggal di luar rentang wajar {MIN_YEAR}–{MAX_YEAR}: "{_quote(raw)}"'
        )
    if not 1 <= month <= 12:
        return ParsedDate(None, "tidak_diketahui", f'bulan tidak ada: "{_quote(raw)}"')
    return ParsedDate(dt.date(year, month, 1), "bulan", None)
