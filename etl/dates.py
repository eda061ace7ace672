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
from collections.abc import Iterable
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
_LARGEST_SERIAL = 2_958_465  # 9999-12-31 as an Excel day number


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
    """Never raises on any cell (see module docstring): every input is either read or answered with a
    reason. No catch-all: a bug in the parser must surface in the property tests, not as a data problem."""
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
    if isinstance(value, int) and abs(value) > _LARGEST_SERIAL:  # float() of a 400-digit JSON number overflows
        return ParsedDate(None, "tidak_diketahui", f'tanggal tidak terbaca: "{_quote(str(value))}"')
    if isinstance(value, (int, float)):
        return _from_number(float(value))
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return parse_date(value.to_pydatetime(), order)
    return _parse_text(str(value), order)


def _from_number(number: float) -> ParsedDate:
    if math.isnan(number) or math.isinf(number):
        return ParsedDate(None, "tidak_diketahui", f'tanggal tidak terbaca: "{number}"')
    if number.is_integer() and MIN_YEAR <= number <= MAX_YEAR:
        return ParsedDate(dt.date(int(number), 1, 1), "tahun", None)
    if 1 <= number <= _LARGEST_SERIAL:  # Excel serial day numbers up to 9999-12-31
        day = EXCEL_EPOCH + dt.timedelta(days=int(number))
        return _make(day.year, day.month, day.day, str(number))
    return ParsedDate(None, "tidak_diketahui", f'tanggal tidak terbaca: "{number}"')


_MONTH_BETWEEN_SEPARATORS = re.compile(r"(?<=\d)[-/](?=[a-z])|(?<=[a-z])[-/](?=\d)")
_SPACED_NUMERIC = re.compile(r"\d{1,4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,4}")
#: A longer "range" is more likely a typo than one incident.
MAX_RANGE_DAYS = 31
#: A time after a date ("24/09/2024 10:15:32", a form's timestamp) says nothing more about the day.
_TRAILING_TIME = re.compile(r"\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
#: Between the two ends of a range: a dash, "s.d.", "s/d", "sampai (dengan)", "hingga".
_RANGE = re.compile(r"^(?P<a>.+?)(?:\s*[–—-]\s*|\s+(?:s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s+)(?P<b>.+)$")


@lru_cache(maxsize=65536)
def _parse_text(raw: str, order: str) -> ParsedDate:
    """A date written as text; a range ("7–9 Oktober 2024", "7 s.d. 9 Oktober 2024", "7-9/10/2024",
    "30 September - 2 Oktober 2024") gives its first day, with the range kept as a note."""
    single = _parse_single(raw, order)
    if single.tanggal is not None or single.masalah is None:
        return single
    return _parse_range(raw, order) or single


def _parse_range(raw: str, order: str) -> ParsedDate | None:
    m = _RANGE.match(raw.strip())
    if not m:
        return None
    end = _parse_single(m["b"], order)
    if end.tanggal is None or end.presisi != "hari":
        return None
    start_text = m["a"].strip()
    if start_text.isdigit():  # "7–9 Oktober 2024": the day only, month and year from the end
        day = int(start_text)
        month, year = end.tanggal.month, end.tanggal.year
        if day > end.tanggal.day:  # "30–2 Oktober": the start lies in the month before (a short span only)
            month, year = (month - 1, year) if month > 1 else (12, year - 1)
        start = _make(year, month, day, raw)
        if start.tanggal is not None and month != end.tanggal.month and (end.tanggal - start.tanggal).days > 10:
            return None  # "9-7/10/2024" is a slip, not a month-long range
    else:  # "30 September - 2 Oktober 2024": the year from the end when the start has none
        start = _parse_single(start_text, order)
        if start.tanggal is None:
            start = _parse_single(f"{start_text} {end.tanggal.year}", order)
            if start.tanggal is not None and start.tanggal > end.tanggal:
                start = _parse_single(f"{start_text} {end.tanggal.year - 1}", order)
    if start.tanggal is None or start.presisi != "hari" or not 0 < (end.tanggal - start.tanggal).days <= MAX_RANGE_DAYS:
        return None
    return ParsedDate(start.tanggal, "hari", f'rentang tanggal "{raw.strip()}": diambil hari pertama')


def _parse_single(raw: str, order: str) -> ParsedDate:
    text = _TRAILING_TIME.sub("", raw.strip())
    if not text or text in {"-", "–", "?"}:
        return UNKNOWN
    if len(text) > 80:
        return ParsedDate(None, "tidak_diketahui", f'tanggal tidak terbaca: "{_quote(text)}"')
    cleaned = _NOISE.sub(" ", text.lower())
    cleaned = re.sub(r"[(),]", " ", cleaned)
    words = [w for w in cleaned.split() if w.rstrip(".") not in DAYS]
    cleaned = " ".join(words).strip(" .")
    # "23-Sep-24", "23/Sep/2024" (Excel's date display, exported to CSV): a month name between separators
    cleaned = _MONTH_BETWEEN_SEPARATORS.sub(" ", cleaned)
    if _SPACED_NUMERIC.fullmatch(cleaned):  # "23 - 09 - 2024"
        cleaned = re.sub(r"\s+", "", cleaned)
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


_SLASHED = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def infer_order(texts: Iterable[str]) -> str | None:
    """``mdy`` when a file's numeric dates can only be month first: some read 9/24/2024 (no 24th
    month) and none 24/9/2024. A Google Forms export from an account set to the US writes its
    timestamps and date answers that way. Otherwise None: day first stays the rule."""
    month_first = day_first = False
    for text in texts:
        m = _SLASHED.search(text)
        if m:
            a, b = int(m[1]), int(m[2])
            day_first |= a > 12 and b <= 12
            month_first |= b > 12 and a <= 12
            if day_first:  # one date that can only be day first settles it: the rest cannot change the answer
                return None
    return "mdy" if month_first and not day_first else None
