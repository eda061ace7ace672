"""The official figures (``data/referensi/statistik_resmi.csv``) -> the ``angka_resmi`` table.

A reference table, not a case register: it is read from its own path (``config.reference_figures_path``),
never discovered under ``data/raw/``. Each row is checked (known codes, a number, an http(s) URL, a
scope that is national, a known non-region scope or a region name resolving to a Kemendagri code);
a row that fails goes to the quarantine with its reason, the rest load. Figures with the same
election, measure, category and scope but different values share a contradiction id: both are
kept, neither is chosen.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from netralitas import angka_resmi as vocab_resmi
from netralitas import vocab

COLUMNS = (
    "stat_id",
    "election",
    "publisher",
    "as_of_date",
    "published_date",
    "scope",
    "dimension",
    "category",
    "measure",
    "value",
    "unit",
    "url",
    "outlet",
)
URL = re.compile(r"https?://[^\s<>\"'`]+")


@dataclass
class ReferenceLoad:
    """What the run writes: the figures, the quarantined rows (dicts shaped like ``karantina``) and a note."""

    relpath: str
    records: list[dict] = field(default_factory=list)
    quarantined: list[dict] = field(default_factory=list)
    error: str | None = None

    @property
    def contradictions(self) -> int:
        return len({r["id_kontradiksi"] for r in self.records if r["id_kontradiksi"]})


def _date(text: str, what: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{what} bukan tanggal ISO: {text[:30]!r}") from exc


def _scope(text: str, resolver) -> tuple[str, str, str | None]:
    """(tingkat_cakupan, cakupan as shown, Kemendagri code or None)."""
    text = text.strip()
    for term in vocab_resmi.terms("cakupan"):
        if text in (term.extra.get("sumber") or ()):
            return term.kode, term.label if term.kode == "nasional" else text, None
        if any(text.startswith(prefix) for prefix in term.extra.get("awalan") or ()):
            return term.kode, text, None
    if resolver is None:
        raise ValueError(f'cakupan "{text[:60]}" tidak dapat dicocokkan (data wilayah tidak dimuat)')
    if re.match(r"(?i)^(kabupaten|kota)\b", text):
        match = resolver.resolve(text)
    else:  # a bare name here is a province (Gorontalo is also a kabupaten and a kota)
        match = resolver.resolve("", provinsi=text)
    if not hasattr(match, "kode_provinsi"):
        raise ValueError(f"cakupan: {match.alasan}")
    if match.kode_kabupaten_kota:
        return "kabupaten_kota", text, match.kode_kabupaten_kota
    return "provinsi", text, match.kode_provinsi


def _record(row: dict[str, str], line: int, relpath: str, resolver) -> dict:
    missing = [c for c in COLUMNS if c not in row]
    if missing:
        raise ValueError(f"kolom tidak ada: {', '.join(missing)}")
    get = {k: (row.get(k) or "").strip() for k in COLUMNS}
    if not get["stat_id"]:
        raise ValueError("stat_id kosong")
    election = get["election"]
    if election == vocab_resmi.other_election()["sumber"]:
        pemilihan = None
    elif vocab.election(election) is not None:
        pemilihan = election
    else:
        raise ValueError(f"pemilihan tidak dikenal: {election[:30]!r}")
    coded = {}
    for section, column in (("penerbit", "publisher"), ("dimensi", "dimension"), ("ukuran", "measure")):
        code = vocab_resmi.from_source(section).get(get[column])
        if code is None:
            raise ValueError(f"{column} tidak dikenal: {get[column][:30]!r}")
        coded[section] = code
    satuan = vocab_resmi.from_source("satuan").get(get["unit"])
    if satuan is None:
        raise ValueError(f"unit tidak dikenal: {get['unit'][:30]!r}")
    try:
        nilai = float(get["value"])
    except ValueError as exc:
        raise ValueError(f"nilai bukan angka: {get['value'][:30]!r}") from exc
    if not URL.fullmatch(get["url"]):
        raise ValueError("URL sumber kosong atau bukan http(s)")
    if not get["outlet"]:
        raise ValueError("media (outlet) kosong")
    if not get["category"]:
        raise ValueError("kategori kosong")
    tingkat, cakupan, kode = _scope(get["scope"], resolver)
    return {
        "id_angka": get["stat_id"],
        "pemilihan": pemilihan,
        "penerbit": coded["penerbit"],
        "tanggal_data": _date(get["as_of_date"], "as_of_date"),
        "tanggal_terbit": _date(get["published_date"], "published_date"),
        "tingkat_cakupan": tingkat,
        "cakupan": cakupan,
        "kode_wilayah": kode,
        "dimensi": coded["dimensi"],
        "kategori": get["category"],
        "ukuran": coded["ukuran"],
        "nilai": nilai,
        "satuan": satuan,
        "label": vocab_resmi.figure_label(coded["ukuran"], coded["dimensi"], get["category"]),
        "sumber_url": get["url"],
        "media_sumber": vocab_resmi.outlet_in_indonesian(get["outlet"]),
        "id_kontradiksi": None,
        "sumber_berkas": relpath,
        "sumber_baris": line,
    }


def _mark_contradictions(records: list[dict]) -> None:
    groups: dict[tuple, list[dict]] = {}
    for r in records:
        key = vocab_resmi.contradiction_key(r["pemilihan"], r["ukuran"], r["kategori"], r["cakupan"])
        groups.setdefault(key, []).append(r)
    for key, members in groups.items():
        if len({m["nilai"] for m in members}) > 1:
            ident = "K-" + hashlib.sha1("|".join(key).encode("utf-8")).hexdigest()[:8]
            for m in members:
                m["id_kontradiksi"] = ident


def load(path: Path, resolver, relpath: str | None = None) -> ReferenceLoad:
    """Read, check and code the reference file. A missing or unreadable file gives an empty table and
    a message (the run still writes the case warehouse); a bad row goes to the quarantine."""
    path = Path(path)
    result = ReferenceLoad(relpath or path.name)
    if not path.is_file():
        result.error = f"berkas angka resmi tidak ada: {path}"
        return result
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        result.error = f"berkas angka resmi tidak terbaca: {type(exc).__name__}"
        result.quarantined.append(_quarantine(result.relpath, 0, result.error, None))
        return result
    seen: set[str] = set()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        try:
            record = _record(row, line, result.relpath, resolver)
            if record["id_angka"] in seen:
                raise ValueError(f"stat_id berulang: {record['id_angka']}")
        except ValueError as exc:
            result.quarantined.append(_quarantine(result.relpath, line, f"angka resmi: {exc}", row))
            continue
        seen.add(record["id_angka"])
        result.records.append(record)
    _mark_contradictions(result.records)
    return result


def _quarantine(relpath: str, line: int, reason: str, row: dict | None) -> dict:
    import json

    raw = json.dumps({k: v for k, v in (row or {}).items() if k}, ensure_ascii=False)[:2000] if row else None
    return {
        "sumber_berkas": relpath,
        "sumber_baris": line,
        "lembar": None,
        "alasan": reason,
        "isi_mentah": raw,
        "data_sintetis": False,
    }
