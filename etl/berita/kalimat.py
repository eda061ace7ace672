"""Sentences, datelines, quotes, language and topic of an article (plain rules, no model)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.textnorm import fold

_ABBREV = {
    "no",
    "kab",
    "kec",
    "kel",
    "prov",
    "dr",
    "h",
    "hj",
    "ir",
    "st",
    "jl",
    "drs",
    "sdr",
    "tbk",
    "pt",
    "kp",
    "ds",
    "dkk",
    "dll",
    "dsb",
    "m",
    "s",
    "a",
    "adm",
    "kep",
    "kota",
    "bpk",
    "ny",
    "tn",
    "kh",
    "prof",
    "sp",
    "mt",
}
_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
#: "RADAR24.CO.ID, Lampung —", "KOTAKU, BALIKPAPAN-", "Metrotvnews.com, Jakarta:", "KOTA BATU, (24/10/2024) –"
_DATELINE = re.compile(
    r"^\s*(?P<line>(?P<head>[A-Za-z0-9][\w .&'-]{0,40}?)(?:\s*,\s*(?P<place>[A-Za-z][A-Za-z .'-]{1,40}?))?"
    r"\s*(?:,?\s*\(?\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*\)?)?\s*(?:[–—:]|-(?=\s|[A-Z])|--))\s*"
)


@dataclass
class Sentence:
    index: int
    text: str
    folded: str
    in_quote: bool  # the whole sentence sits inside a direct quote
    title: bool = False


def strip_dateline(paragraph: str) -> tuple[str, str | None]:
    """(text without the dateline, the dateline) for the first paragraph of an article."""
    m = _DATELINE.match(paragraph)
    if not m:
        return paragraph, None
    head = m["head"]
    letters = [c for c in head if c.isalpha()]
    looks_like_outlet = re.search(r"\.(com|co\.id|id|net)\b|\bcom\b", head, re.IGNORECASE) is not None
    upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.6
    if not (looks_like_outlet or upper or m["place"]):
        return paragraph, None
    if len(m["line"]) > 70:
        return paragraph, None
    return paragraph[m.end() :], m["line"]


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n(?=\s*[A-Z\"“])", text):
        paragraph = " ".join(paragraph.split())
        if not paragraph:
            continue
        start = 0
        for m in _BREAK.finditer(paragraph):
            before = paragraph[start : m.start()].rstrip('"”’)').rsplit(" ", 1)[-1].rstrip(".!?").lower()
            if before in _ABBREV or (len(before) == 1 and before.isalpha()):
                continue
            piece = paragraph[start : m.start()].strip()
            end_quote = paragraph[m.start() : m.end()].strip()
            if piece:
                out.append(piece + (end_quote if end_quote in '"”’)' else ""))
            start = m.end()
        tail = paragraph[start:].strip()
        if tail:
            out.append(tail)
    return out


def sentences(text: str, title: str | None) -> tuple[list[Sentence], str | None]:
    """The article's sentences (title first, flagged) and its dateline, if any."""
    body = text.strip()
    first, sep, rest = body.partition("\n")
    stripped, dateline = strip_dateline(first)
    body = stripped + sep + rest
    out: list[Sentence] = []
    if title:
        out.append(Sentence(0, title.strip(), fold(title), False, True))
    for raw in split_sentences(body):
        quoted = raw[:1] in '"“' and raw.rstrip()[-1:] in '"”' or raw[:1] in '"“' and raw.count("”") == 0
        out.append(Sentence(len(out), raw, fold(raw), quoted))
    return out, dateline


_ID_WORDS = {
    "yang",
    "dan",
    "di",
    "dengan",
    "untuk",
    "tidak",
    "dalam",
    "itu",
    "ini",
    "dari",
    "pada",
    "akan",
    "ke",
    "juga",
    "oleh",
    "sebagai",
    "tersebut",
    "kepada",
    "adalah",
    "telah",
    "sudah",
}
_EN_WORDS = {
    "the",
    "and",
    "of",
    "to",
    "in",
    "is",
    "was",
    "that",
    "for",
    "with",
    "on",
    "said",
    "were",
    "has",
    "have",
    "by",
    "an",
    "are",
    "from",
    "this",
}


def language(folded: str) -> str:
    """``id``, ``en`` or ``?`` from function words (enough for news prose)."""
    words = folded.split()[:3000]
    ind = sum(w in _ID_WORDS for w in words)
    eng = sum(w in _EN_WORDS for w in words)
    if ind >= 3 and ind >= eng:
        return "id"
    if eng >= 3:
        return "en"
    return "?"


_ACTOR = re.compile(
    r"\b(asn|pns|aparatur sipil negara|pegawai negeri|aparatur|aparat sipil|camat|lurah|sekda|kepala dinas|"
    r"pppk|honorer|guru|pejabat|kepala \w+|kadis|kasi|panewu|dosen|staf ahli)\b"
)
_ELECTORAL = re.compile(
    r"\b(netral\w*|kampanye|paslon|calon|pilkada|pemilu|bawaslu|panwaslu|politik praktis|pilpres|"
    r"pileg|caleg|capres|pilbup|pilwalkot|pilgub)\b"
)


def about_asn_neutrality(folded: str) -> bool:
    return _ACTOR.search(folded) is not None and _ELECTORAL.search(folded) is not None
