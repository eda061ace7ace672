"""Every setting read from the environment, in one place, with its default.

Everything that can move between a laptop, CI and a server is here, so no module hard-codes a
path and no other module reads ``os.environ``. :data:`SETTINGS` lists them all; a test checks
that each is documented in the README's *Settings* table and that no other module reads one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Pinned upstream of the boundary data (MIT, cahyadsn/wilayah_boundaries).
BOUNDARIES_UPSTREAM_COMMIT = "3c5a796"
BOUNDARIES_UPSTREAM_BASE = (
    "https://raw.githubusercontent.com/cahyadsn/wilayah_boundaries/" + BOUNDARIES_UPSTREAM_COMMIT + "/db"
)

#: Headless Chromium on a machine without a network or a GPU (report files, browser tests): no sandbox
#: (root in CI), no GPU, and none of the background connections that fail offline.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

PUBLIC_SUBDIR = "publik"
DB_FILENAME = "netralitas.duckdb"
PARQUET_FILENAME = "pelanggaran.parquet"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str  # as the README says it
    what: str


#: The environment variables the project reads (and nothing else reads the environment).
SETTINGS: tuple[Setting, ...] = (
    Setting("NETRALITAS_DATA", "data/warehouse", "warehouse folder the ETL writes by default and the dashboard reads"),
    Setting("NETRALITAS_MODE", "publik", "`internal` opens the internal build (names) behind the login"),
    Setting("NETRALITAS_RAW", "data/raw", "raw folder `python -m etl run` reads when `--raw` is not given"),
    Setting("NETRALITAS_GEO_DIR", "../shared/geo/wilayah_boundaries", "local copy of the boundary data"),
    Setting(
        "NETRALITAS_GEO_URL", "the pinned upstream", "where the boundary files are fetched when the copy is missing"
    ),
    Setting("NETRALITAS_CACHE", ".cache", "fetched boundary files and built map layers"),
    Setting("NETRALITAS_ETL_PROSES", "one per core on large input", "ETL worker processes (`--proses` wins)"),
    Setting(
        "NETRALITAS_ETL_PARTISI",
        "2000000",
        "terlapor rows an ETL run holds in memory before it writes them to a partition (`--partisi` wins; 0 = never)",
    ),
    Setting("NETRALITAS_SINTETIS_WORKERS", "2 from 200k terlapor, else 1", "writer processes of `etl sintetis`"),
    Setting("NETRALITAS_MAX_FILE_MB", "200", "largest input file read"),
    Setting("NETRALITAS_MAX_ROWS", "2000000", "data rows read per file"),
    Setting("NETRALITAS_MAX_CELL_CHARS", "20000", "a longer cell quarantines its row"),
    Setting("NETRALITAS_MAX_COLUMNS", "500", "columns read per file"),
    Setting("NETRALITAS_REFERENSI", "data/referensi/statistik_resmi.csv", "the official figures (`angka_resmi`)"),
    Setting("NETRALITAS_WILAYAH_KODE_DIR", "../shared/geo/wilayah_kode", "the Kemendagri code list (kecamatan names)"),
    Setting("NETRALITAS_URL", "http://localhost:8501", "the dashboard's address in report files' links"),
    Setting("NETRALITAS_CHROMIUM", "`chromium` on the PATH", "the browser that renders report files"),
    Setting("NETRALITAS_SEEDS_DIR", "../shared/seeds", "the five founding articles (`python -m bench.berita`)"),
)
_NAMES = {s.name for s in SETTINGS}


def _get(name: str, default: str | None = None) -> str | None:
    assert name in _NAMES, f"{name} is not declared in SETTINGS"
    return os.environ.get(name, default)


def _path(name: str, default: Path) -> Path:
    value = _get(name)
    return default if value is None else Path(value)


def raw_dir() -> Path:
    return _path("NETRALITAS_RAW", REPO_ROOT / "data" / "raw")


def reference_figures_path() -> Path:
    """The official figures (``angka_resmi``): a reference table, never read as a case register, so it
    lives outside ``data/raw/``."""
    return _path("NETRALITAS_REFERENSI", REPO_ROOT / "data" / "referensi" / "statistik_resmi.csv")


def warehouse_dir() -> Path:
    """Root warehouse folder (internal build; the public build is ``publik/`` under it)."""
    return _path("NETRALITAS_DATA", REPO_ROOT / "data" / "warehouse")


def boundaries_dir() -> Path:
    """Local copy of cahyadsn/wilayah_boundaries (``kab/`` and ``prov/`` SQL files)."""
    return _path("NETRALITAS_GEO_DIR", REPO_ROOT.parent / "shared" / "geo" / "wilayah_boundaries")


def wilayah_kode_dir() -> Path:
    """Local copy of cahyadsn/wilayah (``wilayah.sql``: the Kemendagri code list down to desa); read for the
    kecamatan names that identify one kabupaten/kota, never committed."""
    return _path("NETRALITAS_WILAYAH_KODE_DIR", REPO_ROOT.parent / "shared" / "geo" / "wilayah_kode")


def dashboard_url(default: str) -> str:
    """The dashboard's public address, for the links in report files that reopen a view."""
    return _get("NETRALITAS_URL") or default


def chromium_path() -> str | None:
    """The Chromium that renders report files when it is not ``chromium`` on the PATH."""
    return _get("NETRALITAS_CHROMIUM")


def seeds_dir() -> Path:
    """The five founding articles (read by the news-intake evaluation; never copied into the repo)."""
    return _path("NETRALITAS_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds")


def boundaries_url() -> str:
    """Base URL for fetching the pinned upstream files when the local copy is missing."""
    return str(_get("NETRALITAS_GEO_URL", BOUNDARIES_UPSTREAM_BASE))


def cache_dir() -> Path:
    return _path("NETRALITAS_CACHE", REPO_ROOT / ".cache")


def mode() -> str:
    """``publik`` (default, no personal data ever opened) or ``internal`` (login required)."""
    value = str(_get("NETRALITAS_MODE", "publik")).strip().lower()
    return "internal" if value == "internal" else "publik"


def etl_workers() -> int | None:
    """``NETRALITAS_ETL_PROSES`` when it is a positive whole number, else None (the ETL decides)."""
    configured = (_get("NETRALITAS_ETL_PROSES") or "").strip()
    return int(configured) if configured.isdigit() and int(configured) > 0 else None


def etl_partition_rows() -> int:
    """``NETRALITAS_ETL_PARTISI``: rows held in memory before a partition is written (0 = never)."""
    return max(0, limit("NETRALITAS_ETL_PARTISI", 2_000_000))


def synthetic_workers() -> int | None:
    """``NETRALITAS_SINTETIS_WORKERS`` (at least 1) when set, else None (the generator decides)."""
    value = _get("NETRALITAS_SINTETIS_WORKERS")
    return max(1, int(value)) if value else None  # a value that is no number stops the run, as before


def limit(name: str, default: int) -> int:
    """An input limit (file size, rows, cell length, columns); a value that is no whole number keeps the default."""
    try:
        return int(str(_get(name, str(default))))
    except ValueError:
        return default
