"""What the official figures mean: their vocabulary (``referensi/angka_resmi.yml``) and the
Indonesian label of a figure. Read by the ETL (codes, scope kinds) and by the dashboard (labels)."""

from __future__ import annotations

import re
from functools import cache

from netralitas import vocab


@cache
def _data() -> dict:
    return vocab._load_yaml("angka_resmi.yml")


@cache
def terms(section: str) -> tuple[vocab.Term, ...]:
    """Entries of one section (``penerbit``, ``ukuran``, ``dimensi``, ``satuan``, ``cakupan``)."""
    out = []
    for e in _data()[section]:
        extra = {k: v for k, v in e.items() if k not in {"kode", "label"}}
        out.append(vocab.Term(e["kode"], e["label"], (), extra))
    return tuple(out)


def codes(section: str) -> list[str]:
    return [t.kode for t in terms(section)]


def labels(section: str) -> dict[str, str]:
    return {t.kode: t.label for t in terms(section)}


def from_source(section: str) -> dict[str, str]:
    """The reference file's code (``reported_asn``) -> our code (``asn_dilaporkan``)."""
    return {t.extra["sumber"]: t.kode for t in terms(section) if isinstance(t.extra.get("sumber"), str)}


def other_election() -> dict:
    """How the file's ``other`` election is kept: no calendar code, a URL code and a label."""
    return _data()["pemilihan_lain"]


def election_label(kode: str | None) -> str:
    if not kode or kode == other_election()["kode_url"]:
        return other_election()["label"]
    found = vocab.election(kode)
    return found.nama if found else kode


def funnel_steps() -> list[vocab.Term]:
    """The measures that are steps of the handling funnel, in funnel order."""
    return sorted((t for t in terms("ukuran") if t.extra.get("alur")), key=lambda t: t.extra["alur"])


def chart_dimensions() -> list[vocab.Term]:
    """Dimensions drawn as breakdown charts on the page, in file order."""
    return [t for t in terms("dimensi") if t.extra.get("grafik")]


def figure_label(ukuran: str, dimensi: str, kategori: str) -> str:
    """``ASN dilaporkan · Total: ASN dilaporkan`` reads badly; the category already names the thing
    counted, so the label is the measure, then the category (the dimension is said by the chart)."""
    measure = labels("ukuran").get(ukuran, ukuran)
    if kategori.casefold() == measure.casefold():
        return measure
    if dimensi in ("total", "tindak_lanjut"):
        return f"{measure}: {kategori}"
    return f"{measure} · {labels('dimensi').get(dimensi, dimensi).lower()}: {kategori}"


def contradiction_key(pemilihan: str | None, ukuran: str, kategori: str, cakupan: str) -> tuple[str, str, str, str]:
    """Same election, measure, category and scope: two different values under one key contradict.
    The category is compared case- and space-insensitively (the coder typed it per article)."""
    return (pemilihan or "", ukuran, " ".join(kategori.casefold().split()), " ".join(cakupan.casefold().split()))


def outlet_in_indonesian(outlet: str) -> str:
    """The coder's English notes beside an outlet's name, in Indonesian ("VOI (from Antara)" ->
    "VOI (dari Antara)"); only inside the brackets, the outlet's own name is never touched."""
    if "(" not in outlet:
        return outlet
    name, _, note = outlet.partition("(")
    for english, indonesian in _data().get("frasa_media", ()):  # regular expressions, in order
        note = re.sub(rf"\b{english}\b", indonesian, note)
    return f"{name}({note}"
