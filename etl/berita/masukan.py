"""Read articles from .txt/.md clippings, saved .html pages and .jsonl files.

Every reader returns :class:`Article` values or a :class:`Rejected` with the reason
(empty, binary, too large, unreadable); none raises on a hostile file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

#: Larger files are refused: a news article is a few kB; 10 MB of "article" is not one.
MAX_BYTES = 2_000_000
ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}


@dataclass
class Article:
    artikel: str  # the file's path relative to its INPUT folder, or "file.jsonl#line"
    teks: str
    judul: str | None = None
    url: str | None = None
    media: str | None = None
    terbit: str | None = None  # publication date as written


@dataclass
class Rejected:
    artikel: str
    alasan: str


_HEADER = re.compile(r"^\s*(judul|url|media|terbit|tanggal terbit|sumber)\s*:\s*(.*?)\s*$", re.IGNORECASE)
_HEADER_KEYS = {"judul": "judul", "url": "url", "media": "media", "terbit": "terbit", "tanggal terbit": "terbit"}


def discover(inputs: list[Path]) -> Iterator[tuple[Path, str]]:
    """(file, name relative to the INPUT it came from), folders walked recursively in sorted order."""
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if path.is_file() and not any(p.startswith(".") for p in path.relative_to(item).parts):
                    yield path, path.relative_to(item).as_posix()
        else:
            yield item, item.name


def read(path: Path, name: str) -> list[Article | Rejected]:
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        return [Rejected(name, f"bukan berkas artikel ({suffix or 'tanpa ekstensi'}): .txt, .md, .html, .jsonl")]
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return [
                Rejected(name, f"terlalu besar untuk satu artikel ({size / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB)")
            ]
        data = path.read_bytes()
    except OSError as exc:
        return [Rejected(name, f"tidak terbaca: {exc.strerror or exc}")]
    text = decode(data)
    if text is None:
        return [Rejected(name, "berkas biner, bukan teks")]
    if suffix == ".jsonl":
        return list(_jsonl(text, name))
    if suffix in (".html", ".htm"):
        return [from_html(text, name)]
    return [from_clipping(text, name)]


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or cp1252; None for binary content."""
    if b"\x00" in data[:4096]:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096]
    if sample and sum(ch.isprintable() or ch.isspace() for ch in sample) / len(sample) < 0.9:
        return None
    return text


def from_clipping(text: str, name: str) -> Article:
    """Optional ``Judul:``/``URL:``/``Media:``/``Terbit:`` lines at the top, then the article."""
    meta: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            if meta:
                i += 1
                continue
            i += 1
            continue
        m = _HEADER.match(lines[i])
        if not m or m[1].lower() == "sumber":
            break
        meta[_HEADER_KEYS[m[1].lower()]] = m[2]
        i += 1
    body = "\n".join(lines[i:]) if meta else text
    return Article(name, body.strip(), meta.get("judul"), meta.get("url"), meta.get("media"), meta.get("terbit"))


_JSONL_KEYS = ("teks", "judul", "url", "media", "terbit")


def _jsonl(text: str, name: str) -> Iterator[Article | Rejected]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        ref = f"{name}#{n}"
        try:
            obj = json.loads(line)
        except ValueError:
            yield Rejected(ref, "baris JSON rusak")
            continue
        if not isinstance(obj, dict):
            yield Rejected(ref, "baris JSON bukan objek")
            continue

        value = {k: (str(obj[k]).strip() if obj.get(k) not in (None, "") else None) for k in _JSONL_KEYS}
        yield Article(ref, value["teks"] or "", value["judul"], value["url"], value["media"], value["terbit"])


# ------------------------------------------------------------------ HTML: main text only, never rendered

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "template",
    "figure",
    "figcaption",
}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "section", "article", "blockquote", "tr"}
_NOISY_CLASS = re.compile(
    r"related|terkait|comment|komentar|share|social|sidebar|menu|nav|footer|header|iklan|ads?\b|"
    r"advert|baca-?juga|populer|popular|trending|tag|breadcrumb|newsletter",
    re.IGNORECASE,
)
_META_KEYS = {
    "og:title": "judul",
    "twitter:title": "judul",
    "title": "judul",
    "og:url": "url",
    "og:site_name": "media",
    "publisher": "media",
    "application-name": "media",
    "article:published_time": "terbit",
    "pubdate": "terbit",
    "publishdate": "terbit",
    "date": "terbit",
    "content_publishdate": "terbit",
    "dc.date": "terbit",
    "datepublished": "terbit",
}


class _MainText(HTMLParser):
    """Paragraph text outside menus, scripts, comment and related-article blocks; metadata from <meta>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.in_article = 0
        self.meta: dict[str, str] = {}
        self.title = ""
        self.in_title = False
        self.in_ld_json = False
        self.ld_json: list[str] = []

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _META_KEYS and a.get("content") and _META_KEYS[key] not in self.meta:
                self.meta[_META_KEYS[key]] = a["content"].strip()
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("url", a["href"].strip())
            return
        if tag == "title":
            self.in_title = True
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self.in_ld_json = True  # metadata only (headline, datePublished, publisher); never run, never shown
        if tag in {"br", "img", "hr", "input", "link", "meta", "source", "wbr"}:
            if tag == "br":
                self._add("\n")
            return
        noisy = _NOISY_CLASS.search(a.get("class", "") + " " + a.get("id", "")) is not None
        skipping = self._skipping() or tag in _SKIP or noisy
        self.stack.append((tag, skipping))
        if tag == "article" and not skipping:
            self.in_article += 1
        if tag in _BLOCK:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "script":
            self.in_ld_json = False
        # pop to the matching tag (tolerates unclosed tags)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                if tag == "article" and not self.stack[i][1]:
                    self.in_article = max(0, self.in_article - 1)
                del self.stack[i:]
                break
        if tag in _BLOCK:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if self.in_ld_json:
            if sum(map(len, self.ld_json)) < 200_000:
                self.ld_json.append(data)
            return
        if self.in_title:
            self.title += data
            return
        if not self._skipping():
            self._add(data)

    def _add(self, text: str) -> None:
        self.parts.append(text)
        if self.in_article:
            self.article_parts.append(text)


def _ld_json_meta(text: str) -> dict[str, str]:
    """headline, url, datePublished and publisher.name of a schema.org NewsArticle, when the page has one."""
    out: dict[str, str] = {}
    for chunk in re.split(r"(?<=[}\]])\s*(?=[{\[])", text.strip()):
        try:
            data = json.loads(chunk)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if not isinstance(item, dict) or "Article" not in str(item.get("@type", "")):
                continue
            publisher = item.get("publisher")
            page = item.get("mainEntityOfPage")
            fields = {
                "judul": item.get("headline"),
                "url": item.get("url") or (page.get("@id") if isinstance(page, dict) else page),
                "terbit": item.get("datePublished"),
                "media": publisher.get("name") if isinstance(publisher, dict) else None,
            }
            for key, value in fields.items():
                if isinstance(value, str) and value.strip():
                    out.setdefault(key, value.strip())
    return out


def from_html(html: str, name: str) -> Article:
    parser = _MainText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; anything odd leaves what was read so far
        pass
    chosen = "".join(parser.article_parts) if "".join(parser.article_parts).strip() else "".join(parser.parts)
    paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in chosen.split("\n")]
    # Keep prose: a short line without a full stop is a menu item, a caption or a button.
    prose = [p for p in paragraphs if len(p) >= 60 or (len(p) >= 25 and p.endswith((".", "”", '"')))]
    meta = parser.meta
    for key, value in _ld_json_meta("".join(parser.ld_json)).items():
        meta.setdefault(key, value)
    title = meta.get("judul") or unescape(parser.title).strip() or None
    return Article(name, "\n\n".join(prose), title, meta.get("url"), meta.get("media"), meta.get("terbit"))
