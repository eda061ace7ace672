"""The review side of the news intake (page *Masukan berita*, internal build only).

The one place the dashboard writes: accepted drafts are appended to a reviewed register under the raw
folder (``<raw>/berita_ditinjau/berita_ditinjau.csv``, read by ``python -m etl run`` like any register),
rejections to a hidden log beside it (``.ditolak.jsonl``: hidden files are not data), and the rebuild runs
the ETL as a child process, one writer at a time. The warehouse swap is the ETL's own (atomic), so pages
keep reading the old warehouse until it is done.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from etl.berita.perintah import COLUMNS
from netralitas import config

REVIEWED_DIR = "berita_ditinjau"
REVIEWED_FILE = "berita_ditinjau.csv"
REJECTED_FILE = ".ditolak.jsonl"
#: Who accepted a draft, and when: recognised headers (kolom.yml), kept in the raw register.
REVIEW_COLUMNS = ("Ditinjau Oleh", "Ditinjau Pada")
HEADERS = tuple(h for h, _ in COLUMNS) + REVIEW_COLUMNS
#: An article pasted or uploaded: larger is not an article (the server's own upload limit is 5 MB).
MAX_ARTICLE_BYTES = 2_000_000


def reviewed_dir(raw: Path | None = None) -> Path:
    return (raw or config.raw_dir()) / REVIEWED_DIR


@contextlib.contextmanager
def _locked(path: Path, blocking: bool = True) -> Iterator[bool]:
    """An exclusive lock on a lock file beside ``path`` (one writer at a time, across processes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # hidden: under the raw folder a visible file would be read (and refused) as data
    with open(path.with_name("." + path.name.lstrip(".") + ".lock"), "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def append_reviewed(row: dict[str, str], who: str, raw: Path | None = None, when: dt.datetime | None = None) -> Path:
    """Append one accepted row: the file is rewritten aside and swapped in, so a reader (or a crash)
    never sees a partial line."""
    target = reviewed_dir(raw) / REVIEWED_FILE
    stamp = (when or dt.datetime.now()).isoformat(timespec="seconds")
    full = {h: str(row.get(h) or "") for h in HEADERS} | {"Ditinjau Oleh": who, "Ditinjau Pada": stamp}
    with _locked(target):
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(HEADERS), lineterminator="\n")
        if not old:
            writer.writeheader()
        writer.writerow(full)
        fd, tmp = tempfile.mkstemp(prefix=".tinjau-", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(old + buf.getvalue())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    return target


def append_rejected(row: dict[str, str], reason: str, who: str, raw: Path | None = None) -> Path:
    target = reviewed_dir(raw) / REJECTED_FILE
    record: dict[str, object] = {
        "ditolak_oleh": who,
        "ditolak_pada": dt.datetime.now().isoformat(timespec="seconds"),
        "alasan": reason,
    }
    record["artikel"] = row.get("Artikel") or ""
    record["url"] = row.get("URL") or ""
    record["rancangan"] = row
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _locked(target), open(target, "a", encoding="utf-8") as fh:
        fh.write(line)  # one write of one whole line under the lock
        fh.flush()
        os.fsync(fh.fileno())
    return target


def rebuild(raw: Path | None = None, out: Path | None = None, on_line=None) -> tuple[int, str]:
    """Run ``python -m etl run`` (one writer at a time). Returns (exit code, last lines of its output);
    exit code -1 when another rebuild holds the lock."""
    raw = raw or config.raw_dir()
    out = out or config.warehouse_dir()
    with _locked(out / ".bangun-ulang", blocking=False) as got:
        if not got:
            return -1, "Pembangunan ulang lain sedang berjalan; coba lagi sebentar lagi."
        proc = subprocess.Popen(
            [sys.executable, "-m", "etl", "run", "--raw", str(raw), "--out", str(out)],
            cwd=config.REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: list[str] = []
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.rstrip())
            if on_line is not None:
                on_line(line.rstrip())
        return proc.wait(), "\n".join(lines[-12:])


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def escape_markdown(text: str) -> str:
    """Article text shown as plain text inside Streamlit markdown: no formatting, no HTML, no directives."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def highlighted(text: str, evidence: list[str]) -> str:
    """The article as escaped markdown, evidence sentences on a coloured background."""
    spans: list[tuple[int, int]] = []
    for sentence in evidence:
        i = text.find(sentence)
        if i != -1:
            spans.append((i, i + len(sentence)))
    spans.sort()
    out, pos = [], 0
    for a, b in spans:
        if a < pos:
            continue
        out.append(escape_markdown(text[pos:a]))
        out.append(":orange-background[" + escape_markdown(text[a:b]) + "]")
        pos = b
    out.append(escape_markdown(text[pos:]))
    return "".join(out).replace("\n", "  \n")


def evidence_sentences(bukti: str) -> list[str]:
    """The sentences of a draft's ``Bukti`` cell (``kolom: «kalimat» | …``)."""
    return [m for m in re.findall(r"«(.*?)»", bukti or "") if m]
