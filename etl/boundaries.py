"""Read the boundary SQL dumps of cahyadsn/wilayah_boundaries (pinned commit).

The files are MySQL ``INSERT`` statements, one region per line:
``('18.72','Kota Metro',-5.11,105.30,'[[[lat,lng],...]]'),``. We parse them with a
line regex instead of running SQL, so a malformed line is reported, not executed.

When the configured folder is missing, the same pinned files are fetched from the
upstream (or ``NETRALITAS_GEO_URL``) into the cache folder and read from there.
"""

from __future__ import annotations

import re
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from netralitas import config

#: Files at the pinned commit: kabupaten/kota per province, provinces in 8 batches.
KAB_PROVINCES = (
    "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74 75 76 81 82 91 92 93 94 95 96"
).split()
KAB_FILES = tuple(f"kab/wilayah_boundaries_kab_{p}.sql" for p in KAB_PROVINCES)
PROV_FILES = tuple(f"prov/wilayah_boundaries_prov_{i}.sql" for i in range(1, 9))

_ROW = re.compile(
    r"""^\s*\('(?P<kode>\d{2}(?:\.\d{2})?)',\s*'(?P<nama>(?:[^'\\]|''|\\.)*)',\s*"""
    r"""(?P<lat>-?[\d.]+),\s*(?P<lng>-?[\d.]+),\s*'(?P<path>\[.*\])'\s*\)\s*[,;]?\s*$"""
)


class BoundaryDataError(RuntimeError):
    """The boundary files are missing, unreachable or malformed."""


@dataclass(frozen=True)
class BoundaryRecord:
    kode: str  # "18.72" (kabupaten/kota) or "19" (provinsi)
    nama: str  # official name with prefix: "Kota Metro", "Kabupaten Kepahiang", "Kepulauan Bangka Belitung"
    lat: float
    lng: float
    path_json: str  # rings of [lat, lng], Polygon or MultiPolygon depth


def parse_sql(text: str, source: str = "?") -> list[BoundaryRecord]:
    records = []
    for line in text.splitlines():
        if not line.lstrip().startswith("('"):
            continue
        m = _ROW.match(line)
        if not m:
            raise BoundaryDataError(f"{source}: unreadable boundary row: {line[:80]}…")
        nama = m["nama"].replace("''", "'").replace("\\'", "'")
        records.append(BoundaryRecord(m["kode"], nama, float(m["lat"]), float(m["lng"]), m["path"]))
    return records


def fetch_upstream(dest: Path, base_url: str | None = None, timeout: float = 30.0) -> Path:
    """Download the pinned files into ``dest`` (skips files already there)."""
    base_url = (base_url or config.boundaries_url()).rstrip("/")
    for rel in KAB_FILES + PROV_FILES:
        target = dest / rel
        if target.exists() and target.stat().st_size > 0:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        url = f"{base_url}/{rel}"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (pinned https/http URL)
                data = resp.read()
        except OSError as exc:
            raise BoundaryDataError(
                f"boundary folder missing and fetching {url} failed ({exc}); "
                "set NETRALITAS_GEO_DIR to a local copy of cahyadsn/wilayah_boundaries"
            ) from exc
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return dest


def resolve_dir(geo_dir: Path | None = None) -> Path:
    """The folder to read: the configured one if present, else the fetched cache."""
    geo_dir = Path(geo_dir) if geo_dir else config.boundaries_dir()
    if (geo_dir / "kab").is_dir() and (geo_dir / "prov").is_dir():
        return geo_dir
    return fetch_upstream(config.cache_dir() / f"wilayah_boundaries-{config.BOUNDARIES_UPSTREAM_COMMIT}")


def load_boundaries(geo_dir: Path | None = None) -> tuple[list[BoundaryRecord], list[BoundaryRecord]]:
    """``(kabupaten_kota, provinsi)`` records, in code order."""
    root = resolve_dir(geo_dir)
    kab: list[BoundaryRecord] = []
    prov: list[BoundaryRecord] = []
    for rel in KAB_FILES:
        kab += parse_sql((root / rel).read_text(encoding="utf-8"), rel)
    for rel in PROV_FILES:
        prov += parse_sql((root / rel).read_text(encoding="utf-8"), rel)
    kab = [r for r in kab if len(r.kode) == 5]
    prov = [r for r in prov if len(r.kode) == 2]
    if len(kab) < 500 or len(prov) < 34:
        raise BoundaryDataError(f"{root}: expected 514 kabupaten/kota and 38 provinces, got {len(kab)} and {len(prov)}")
    return sorted(kab, key=lambda r: r.kode), sorted(prov, key=lambda r: r.kode)
