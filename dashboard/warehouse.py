"""Read-only, swap-safe access to the warehouse the ETL writes.

Public mode (the default) opens ONLY ``<warehouse>/publik/netralitas.duckdb``; the
internal file is never touched. The database is attached read-only into an
in-memory DuckDB held per process and re-attached when the file on disk changes
(the ETL swaps a new file in with ``os.replace``, so the inode changes): open
sessions keep working and see the new data on their next rerun.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
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
            # Forget handles on swapped-out files without closing them: other sessions' threads may
            # still be running a query on them; the handle is freed when its last cursor closes.
            for old_key in list(_connections):
                if old_key.split(":")[0] == str(wh.db_path):
                    del _connections[old_key]
            con = duckdb.connect(":memory:", config={"threads": "2"})
            con.execute("ATTACH ? AS db (READ_ONLY)", [str(wh.db_path)])
            _connections[key] = con
    cur = con.cursor()
    cur.execute("USE db")
    return cur


def reset() -> None:
    """Close every cached DuckDB connection and forget the parsed map layers: the state of a freshly
    started server. The app never needs it; the benchmark's cold runs measure from here."""
    with _lock:
        for con in _connections.values():
            con.close()
        _connections.clear()
    _publish_layer.cache_clear()


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
    # Stops at the first synthetic row (a count over ten million rows on every page was not free).
    return bool(scalar(wh, "SELECT count(*) > 0 FROM (SELECT 1 FROM pelanggaran WHERE data_sintetis LIMIT 1)"))


#: Streamlit serves ``static/`` beside app.py at ``/app/static/`` (``server.enableStaticServing``).
STATIC_DIR = config.REPO_ROOT / "static"
STATIC_URL = "/app/static"


@dataclass(frozen=True)
class MapLayer:
    """A browser map layer: the URL the browser fetches (once; the name carries the content hash,
    so it is cached and a new ETL run gets a new name) and the region codes it holds."""

    url: str
    codes: tuple[str, ...]
    #: (west, south, east, north) of every region, to zoom the map to a chosen one.
    bounds: dict[str, tuple[float, float, float, float]] = field(default_factory=dict, compare=False, hash=False)


@lru_cache(maxsize=8)
def _publish_layer(path: str, mtime_ns: int, size: int) -> MapLayer:
    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    # Reoriented for the SVG map once per layer (0.6 s for the kabupaten/kota), named by the ETL file's hash.
    target = STATIC_DIR / "peta" / f"{Path(path).stem}-{digest}-svg.geojson"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(_clockwise(data))
        os.replace(tmp, target)  # readers never see a half-written file
    features = json.loads(data)["features"]
    codes = tuple(f["id"] for f in features)
    return MapLayer(f"{STATIC_URL}/peta/{target.name}", codes, {f["id"]: _bounds(f["geometry"]) for f in features})


@lru_cache(maxsize=1)
def base_topology_url() -> str:
    """An empty base map for plotly's ``geo`` maps, served by the app (see :func:`dashboard.maps.map_config`)."""
    write_base_topology(STATIC_DIR / "peta" / "topojson")
    return f"{STATIC_URL}/peta/topojson/"


def write_base_topology(folder: Path) -> None:
    """plotly asks for ``<scope>_<resolution>m.json``; every layer of it is hidden on our maps, so each
    layer is an empty collection."""
    empty = {"type": "GeometryCollection", "geometries": []}
    layers = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")
    text = json.dumps({"type": "Topology", "objects": dict.fromkeys(layers, empty), "arcs": []})
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("world_110m", "world_50m"):
        target = folder / f"{name}.json"
        if not target.is_file() or target.read_text() != text:
            tmp = target.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(text)
            os.replace(tmp, target)


def _clockwise(data: bytes) -> bytes:
    """The layer with every outer ring clockwise and every hole counter-clockwise, as plotly's SVG map
    (d3-geo, spherical) reads them: the ETL writes RFC 7946's opposite, which d3 takes for the whole
    globe minus the region. MapLibre (the report files) reads either."""
    import shapely  # here, not at the top: only a layer's first publication needs it
    from shapely.geometry import mapping, shape

    layer = json.loads(data)
    for feature in layer["features"]:
        if feature.get("geometry"):
            feature["geometry"] = mapping(shapely.orient_polygons(shape(feature["geometry"]), exterior_cw=True))
    return json.dumps(layer, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _bounds(geometry: dict) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []

    def walk(node) -> None:
        if node and isinstance(node[0], (int, float)):
            xs.append(node[0])
            ys.append(node[1])
        else:
            for child in node:
                walk(child)

    walk(geometry["coordinates"])
    return (min(xs), min(ys), max(xs), max(ys))


def map_layer(wh: Warehouse, name: str) -> MapLayer | None:
    """The ETL's map layer (``peta_kabupaten_kota.geojson`` / ``peta_provinsi.geojson``), published as
    a static file. Sending the 1.4 MB GeoJSON inside every figure on every rerun made the map pages
    slow (plotly validating it, Streamlit serialising it, the browser re-parsing it); by URL the
    browser fetches it once."""
    path = wh.folder / name
    if not path.is_file():
        return None
    st = os.stat(path)
    return _publish_layer(str(path), st.st_mtime_ns, st.st_size)
