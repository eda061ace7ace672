"""Paths and modes, read from the environment with sensible defaults.

Everything that can move between a laptop, CI and a server is here, so no module
hard-codes a path.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Pinned upstream of the boundary data (MIT, cahyadsn/wilayah_boundaries).
BOUNDARIES_UPSTREAM_COMMIT = "3c5a796"
BOUNDARIES_UPSTREAM_BASE = (
    "https://raw.githubusercontent.com/cahyadsn/wilayah_boundaries/" + BOUNDARIES_UPSTREAM_COMMIT + "/db"
)

PUBLIC_SUBDIR = "publik"
DB_FILENAME = "netralitas.duckdb"
PARQUET_FILENAME = "pelanggaran.parquet"


def raw_dir() -> Path:
    return Path(os.environ.get("NETRALITAS_RAW", REPO_ROOT / "data" / "raw"))


def reference_figures_path() -> Path:
    """The official figures (``angka_resmi``): a reference table, never read as a case register, so it
    lives outside ``data/raw/``."""
    return Path(os.environ.get("NETRALITAS_REFERENSI", REPO_ROOT / "data" / "referensi" / "statistik_resmi.csv"))


def warehouse_dir() -> Path:
    """Root warehouse folder (internal build; the public build is ``publik/`` under it)."""
    return Path(os.environ.get("NETRALITAS_DATA", REPO_ROOT / "data" / "warehouse"))


def boundaries_dir() -> Path:
    """Local copy of cahyadsn/wilayah_boundaries (``kab/`` and ``prov/`` SQL files)."""
    default = REPO_ROOT.parent / "shared" / "geo" / "wilayah_boundaries"
    return Path(os.environ.get("NETRALITAS_GEO_DIR", default))


def wilayah_kode_dir() -> Path:
    """Local copy of cahyadsn/wilayah (``wilayah.sql``: the Kemendagri code list down to desa); read for the
    kecamatan names that identify one kabupaten/kota, never committed."""
    default = REPO_ROOT.parent / "shared" / "geo" / "wilayah_kode"
    return Path(os.environ.get("NETRALITAS_WILAYAH_KODE_DIR", default))


def boundaries_url() -> str:
    """Base URL for fetching the pinned upstream files when the local copy is missing."""
    return os.environ.get("NETRALITAS_GEO_URL", BOUNDARIES_UPSTREAM_BASE)


def cache_dir() -> Path:
    return Path(os.environ.get("NETRALITAS_CACHE", REPO_ROOT / ".cache"))


def mode() -> str:
    """``publik`` (default, no personal data ever opened) or ``internal`` (login required)."""
    value = os.environ.get("NETRALITAS_MODE", "publik").strip().lower()
    return "internal" if value == "internal" else "publik"
