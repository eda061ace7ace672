"""Dates in running news text: explicit (``Jumat (4/10/2024)``, ``4 Oktober 2024``, ``(24/9)``,
``awal Oktober``) and relative (``kemarin``, ``pekan lalu``, ``bulan lalu``, ``Senin lalu``),
resolved against the publication date and keeping their precision (hari, bulan, tahun).

A helper beside :mod:`etl.dates` (which reads register cells, one date per cell); the publication
date itself is read with :func:`etl.dates.parse_date`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from etl.dates import MONTHS, parse_date

_DAY_NAMES = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}
_MONTH_WORDS = "|".join(sorted((m for m in MONTHS if len(m) >= 3), key=len, reverse=True))
_DAY_WORDS = "|".join(sorted(_DAY_NAMES, key=len, reverse=True))

_NUMERIC = re.compile(
    rf"(?:\b({_DAY_WORDS})\b[,\s]*)?\(?(?<![\w/.])(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}|\d{{2}}))?\b\)?", re.IGNORECASE
)
_WORDED = re.compile(
    rf"\b(?:(awal|pertengahan|medio|akhir|penghujung)\s+)?(?:(\d{{1,2}})\s+)?({_MONTH_WORDS})\b\.?(?:\s+(\d{{4}}))?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    rf"\b(kemarin lusa|kemarin|kemarin sore|kemarin malam|tadi malam|semalam|hari ini|pekan lalu|minggu lalu|"
    rf"bulan lalu|tahun lalu|(\d{{1,2}}|dua|tiga|empat|lima|enam|tujuh) hari (?:yang )?lalu|"
    rf"(?:pada |hari )?({_DAY_WORDS})(?: pekan| minggu)? lalu)\b",
    re.IGNORECASE,
)
_SMALL = {"dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7}


@dataclass(frozen=True)
class FoundDate:
    tanggal: dt.date
    presisi: str  # hari | bulan | tahun
    start: int
    end: int
    frasa: str
    relatif: bool


def publication_date(text: str | None) -> dt.date | None:
    """The clipping's ``Terbit:`` value or the page's metadata date, in any Indonesian form."""
    if not text:
        return None
    text = text.strip()
    iso = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    parsed = parse_date(iso[1] if iso else re.sub(r"\s*(?:pukul|jam)?\s*\d{1,2}[:.]\d{2}.*$", "", text))
    return parsed.tanggal if parsed.presisi == "hari" else None


def _year_for(month: int, day: int, ref: dt.date) -> int:
    """A date written without its year lies on or before the publication date."""
    try:
        return ref.year if dt.date(ref.year, month, day) <= ref else ref.year - 1
    except ValueError:
        return ref.year


def find_dates(sentence: str, ref: dt.date | None) -> list[FoundDate]:
    """Every date in a sentence, in order. Without a reference date only dates with a year are kept."""
    out: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _NUMERIC.finditer(sentence):
        day, month = int(m[2]), int(m[3])
        before = sentence[max(0, m.start(2) - 12) : m.start(2)].lower()
        # "94/2021" (a regulation), "No. 2/2022": only day/month shapes, and only when it looks like a date.
        if not (1 <= day <= 31 and 1 <= month <= 12):
            continue
        if re.search(r"(no|nomor|pp|uu|perpres|permen|nomer)\.?\s*$", before):
            continue
        if m[4] is None and not (m[1] or "(" in sentence[max(0, m.start(2) - 1) : m.start(2)]):
            continue
        if m[4] is not None:
            year = int(m[4]) + (2000 if len(m[4]) == 2 else 0)
        elif ref is not None:
            year = _year_for(month, day, ref)
        else:
            continue
        try:
            value = dt.date(year, month, day)
        except ValueError:
            continue
        out.append(FoundDate(value, "hari", m.start(), m.end(), m[0].strip(), m[4] is None))
        taken.append((m.start(), m.end()))

    for m in _WORDED.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        word = m[3].lower()
        found_month = MONTHS.get(word)
        if found_month is None or (len(word) <= 3 and not m[2] and not m[4]):
            continue  # "Mei" alone is fine, but "Jan"/"Des" alone are too often names
        month = found_month
        if word in ("mei",) and not (m[2] or m[4] or m[1]):
            continue
        if m[4]:
            year = int(m[4])
        elif ref is not None:
            year = _year_for(month, int(m[2]) if m[2] else 1, ref)
        else:
            continue
        if m[2] and not m[1]:
            try:
                value = dt.date(year, month, int(m[2]))
            except ValueError:
                continue
            out.append(FoundDate(value, "hari", m.start(), m.end(), m[0].strip(), m[4] is None))
        else:
            out.append(FoundDate(dt.date(year, month, 1), "bulan", m.start(), m.end(), m[0].strip(), m[4] is None))
        taken.append((m.start(), m.end()))

    if ref is not None:
        for m in _RELATIVE.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            found = _relative(m, ref)
            if found is not None:
                out.append(FoundDate(found[0], found[1], m.start(), m.end(), m[0].strip(), True))
                taken.append((m.start(), m.end()))
    return sorted(out, key=lambda d: d.start)


def _relative(m: re.Match[str], ref: dt.date) -> tuple[dt.date, str] | None:
    phrase = m[1].lower()
    if phrase.startswith("kemarin lusa"):
        return ref - dt.timedelta(days=2), "hari"
    if phrase.startswith(("kemarin", "tadi malam", "semalam")):
        return ref - dt.timedelta(days=1), "hari"
    if phrase == "hari ini":
        return ref, "hari"
    if phrase in ("pekan lalu", "minggu lalu"):
        # the calendar week before: a day is not known, the month only when the whole week lies in one
        start = ref - dt.timedelta(days=ref.weekday() + 7)
        end = start + dt.timedelta(days=6)
        return (dt.date(start.year, start.month, 1), "bulan") if start.month == end.month else None
    if phrase == "bulan lalu":
        first = ref.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=1), "bulan"
    if phrase == "tahun lalu":
        return dt.date(ref.year - 1, 1, 1), "tahun"
    if m[2]:
        n = int(m[2]) if m[2].isdigit() else _SMALL[m[2].lower()]
        return ref - dt.timedelta(days=n), "hari"
    if m[3]:
        weekday = _DAY_NAMES[m[3].lower()]
        back = (ref.weekday() - weekday) % 7 or 7
        return ref - dt.timedelta(days=back), "hari"
    return None
