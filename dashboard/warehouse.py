"""Read-only, swap-safe access to the warehouse the ETL writes.

Public mode (the default) opens ONLY ``<warehouse>/publik/netralitas.duckdb``; the
internal file is never touched. The database is attached read-only into an
in-memory DuckDB held per process and re-attached when the file on disk changes
(the ETL swaps a new file in with ``os.replace``, so the inode changes): open
sessions keep working and see the new data on their next rerun.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from netralitas import config


@dataclass(frozen=True)
class Warehouse:
    folder: Path  # the build folder the dashboard reads (publik/ in public mode)
    mode: str

    @property
    def db_path(self) -> Path:
        return self.folder / config.DB_FILENAME

    def exists(self) -> bool:
        return self.db_path.is_file()

    def identity(self) -> str:
        """Changes whenever the ETL swaps a new database in: part of every cache key."""
        st = self.db_path.stat()
        return f"{self.db_path}:{st.st_ino}:{st.st_mtime_ns}:{st.st_size}"


def current() -> Warehouse:
    mode = config.mode()
    root = config.warehouse_dir()
    folder = root if mode == "internal" else root / config.PUBLIC_SUBDIR
    return Warehouse(folder, mode)


_lock = threading.Lock()
_connections: dict[str, duckdb.DuckDBPyConnection] = {}


def connection(wh: Warehouse) -> duckdb.DuckDBPyConnection:
    """A cursor on an in-memory DuckDB with the current file attached read-only as ``db``."""
    key = wh.identity()
    with _lock:
        con = _connections.get(key)
        if con is None:
            for old_key, old in list(_connections.items()):  # drop handles on swapped-out files
                if old_key.split(":")[0] == str(wh.db_path):
                    old.close()
                    del _connections[old_key]
            con = duckdb.connect(":memory:", config={"threads": "2"})
            con.execute("ATTACH ? AS db (READ_ONLY)", [str(wh.db_path)])
            _connections[key] = con
    cur = con.cursor()
    cur.execute("USE db")
    return cur


def query(wh: Warehouse, sql: str, params: list | None = None):
    """Run a parameterised query; returns a pandas DataFrame (small, aggregated results only)."""
    cur = connection(wh)
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


def scalar(wh: Warehouse, sql: str, params: list | None = None):
    cur = connection(wh)
    try:
        row = cur.execute(sql, params or []).fetchone()
        return row[0] if row else None
    finally:
        cur.close()


def data_date(wh: Warehouse) -> dt.date | None:
    """The date of the last ETL run: printed on every chart as the data date."""
    value = scalar(wh, "SELECT max(selesai) FROM etl_run")
    return value.date() if value is not None else None


def has_synthetic(wh: Warehouse) -> bool:
    return bool(scalar(wh, "SELECT count(*) > 0 FROM pelanggaran WHERE data_sintetis"))


@lru_cache(maxsize=4)
def _geojson(path: str, mtime_ns: int) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def map_layer(wh: Warehouse, name: str) -> dict | None:
    """The ETL's browser map layer (``peta_kabupaten_kota.geojson`` / ``peta_provinsi.geojson``)."""
    path = wh.folder / name
    if not path.is_file():
        return None
    return _geojson(str(path), os.stat(path).st_mtime_ns)
