"""Indonesian number and date formats for everything shown on screen."""

from __future__ import annotations

import datetime as dt

from netralitas import vocab

BULAN_PENDEK = list(vocab.month_abbreviations())  # netralitas/referensi/kalender.yml
BULAN = list(vocab.month_names())


def angka(n: float | int | None, desimal: int = 0) -> str:
    """``1234`` -> ``1.234``; ``12.5`` (desimal=1) -> ``12,5``."""
    if n is None or n != n:
        return "–"
    text = f"{n:,.{desimal}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def persen(part: float | int | None, whole: float | int | None, desimal: int = 1) -> str:
    if not whole or part is None:
        return "–"
    return angka(100.0 * part / whole, desimal) + "%"


def tanggal(d: dt.date | None) -> str:
    """``24 Sep 2024``."""
    if d is None:
        return "–"
    return f"{d.day} {BULAN_PENDEK[d.month - 1]} {d.year}"


def bulan(d: dt.date) -> str:
    """``September 2024``."""
    return f"{BULAN[d.month - 1]} {d.year}"
