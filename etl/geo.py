"""Region reference (``wilayah``) and the browser map layers, from the boundary dumps.

Steps: parse the ``[lat, lng]`` rings (swapped to GeoJSON's ``[lng, lat]``), repair the
invalid source polygons (``make_valid``, polygonal parts only), clean the kabupaten/kota
set into a true coverage (no overlaps, slivers closed, shared edges identical), then
simplify it as a coverage (neighbours keep one shared edge, so no visible gaps or
overlaps) and round the coordinates. Provinces are the union of their simplified
kabupaten/kota, so both layers line up exactly.

The cleaned and simplified layers take a few seconds; they are cached under
``config.cache_dir()`` keyed by the SHA-256 of the input files and the parameters.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

from etl.boundaries import KAB_FILES, PROV_FILES, BoundaryRecord, load_boundaries, resolve_dir
from netralitas import config

#: Simplification tolerance (degrees, ~1.3 km: keeps 514 regions under 1.5 MB) and coordinate grid (~110 m) of the browser layers.
SIMPLIFY_TOLERANCE = 0.012
GRID = 0.001
DECIMALS = 3
#: Slivers narrower than this between neighbours are closed when cleaning the coverage.
GAP_WIDTH = 0.01
LAYER_VERSION = "1"
MAP_KAB = "peta_kabupaten_kota.geojson"
MAP_PROV = "peta_provinsi.geojson"
WILAYAH_PARQUET = "wilayah.parquet"


def _to_geometry(path_json: str):
    data = json.loads(path_json)

    def ring(points):
        return [(p[1], p[0]) for p in points]  # source is [lat, lng]

    def polygon(rings):
        return Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    if data and isinstance(data[0][0][0], (int, float)):
        return polygon(data)
    return MultiPolygon([polygon(p) for p in data])


def _polygonal(geom):
    """A valid polygonal geometry: ``make_valid`` can return lines or points beside the polygons."""
    if geom.is_valid:
        return geom
    fixed = shapely.make_valid(geom)
    if fixed.geom_type in ("Polygon", "MultiPolygon"):
        return fixed
    parts = [g for g in getattr(fixed, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _tingkat(nama: str) -> str:
    return "kota" if nama.lower().startswith("kota") else "kabupaten"


def wilayah_table(geo_dir: Path | None = None) -> pd.DataFrame:
    """The ``wilayah`` table (no geometry): 38 provinces and 514 kabupaten/kota."""
    kab, prov = load_boundaries(geo_dir)
    prov_names = {p.kode: p.nama for p in prov}
    rows = [
        {
            "kode": p.kode,
            "nama": p.nama,
            "tingkat": "provinsi",
            "kode_provinsi": p.kode,
            "nama_provinsi": p.nama,
            "lat": p.lat,
            "lng": p.lng,
        }
        for p in prov
    ]
    rows += [
        {
            "kode": k.kode,
            "nama": k.nama,
            "tingkat": _tingkat(k.nama),
            "kode_provinsi": k.kode[:2],
            "nama_provinsi": prov_names[k.kode[:2]],
            "lat": k.lat,
            "lng": k.lng,
        }
        for k in kab
    ]
    return pd.DataFrame(rows).sort_values("kode", ignore_index=True)


def build_wilayah(geo_dir: Path | None = None):
    """``(table, GeoDataFrame)``: the table plus repaired full-detail geometries (EPSG:4326)."""
    return _build_wilayah(str(resolve_dir(geo_dir)))


@lru_cache(maxsize=2)
def _build_wilayah(root: str):
    import geopandas as gpd

    geo_dir = Path(root)
    kab, prov = load_boundaries(geo_dir)
    table = wilayah_table(geo_dir)
    by_code: dict[str, BoundaryRecord] = {r.kode: r for r in kab + prov}
    geoms = [_polygonal(_to_geometry(by_code[k].path_json)) for k in table["kode"]]
    return table, gpd.GeoDataFrame(table, geometry=geoms, crs="EPSG:4326")


def _input_digest(geo_dir: Path | None) -> str:
    root = resolve_dir(geo_dir)
    digest = hashlib.sha256(f"{LAYER_VERSION}|{SIMPLIFY_TOLERANCE}|{GRID}|{GAP_WIDTH}".encode())
    for rel in KAB_FILES + PROV_FILES:
        digest.update((root / rel).read_bytes())
    return digest.hexdigest()[:16]


def _round(obj):
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    return obj


def _feature_collection(table: pd.DataFrame, geoms) -> str:
    features = []
    for row, geom in zip(table.itertuples(index=False), geoms, strict=True):
        gj = mapping(shapely.orient_polygons(geom))  # RFC 7946: exterior rings counter-clockwise
        features.append(
            {
                "type": "Feature",
                "id": row.kode,
                "properties": {
                    "kode": row.kode,
                    "nama": row.nama,
                    "kode_provinsi": row.kode_provinsi,
                    "nama_provinsi": row.nama_provinsi,
                },
                "geometry": {"type": gj["type"], "coordinates": _round(gj["coordinates"])},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"), ensure_ascii=False)


def _build_layers(table: pd.DataFrame, gdf) -> tuple[str, str]:
    kab_mask = (table["tingkat"] != "provinsi").to_numpy()
    kab_table = table[kab_mask].reset_index(drop=True)
    kab_geoms = np.array(gdf.geometry[kab_mask].tolist(), dtype=object)
    clean = shapely.coverage_clean(kab_geoms, gap_width=GAP_WIDTH)
    simple = shapely.coverage_simplify(clean, SIMPLIFY_TOLERANCE, simplify_boundary=True)
    rounded = shapely.set_precision(simple, GRID)  # snaps shared vertices identically; output stays valid
    rounded = np.array([_polygonal(g) for g in rounded], dtype=object)
    prov_table = table[~kab_mask].reset_index(drop=True)
    prov_geoms = [
        shapely.set_precision(shapely.union_all(rounded[(kab_table["kode_provinsi"] == kode).to_numpy()]), GRID)
        for kode in prov_table["kode"]
    ]
    return _feature_collection(kab_table, rounded), _feature_collection(prov_table, prov_geoms)


def repaired_count(geo_dir: Path | None = None) -> int:
    """How many source kabupaten/kota polygons are invalid as given (and so repaired)."""
    kab, _ = load_boundaries(geo_dir)
    return sum(1 for k in kab if not _to_geometry(k.path_json).is_valid)


def write_geo_outputs(out_dir: Path, geo_dir: Path | None = None) -> dict:
    """Write ``wilayah.parquet`` (GeoParquet, full detail) and the two map layers into ``out_dir``."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = config.cache_dir() / f"peta-{_input_digest(geo_dir)}"
    cached = (cache / MAP_KAB).exists() and (cache / MAP_PROV).exists() and (cache / WILAYAH_PARQUET).exists()
    if not cached:
        table, gdf = build_wilayah(geo_dir)
        kab_json, prov_json = _build_layers(table, gdf)
        cache.mkdir(parents=True, exist_ok=True)
        for name, text in ((MAP_KAB, kab_json), (MAP_PROV, prov_json)):
            tmp = cache / f".{name}.{os.getpid()}.tmp"  # concurrent runs never share a temp file
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(cache / name)
        tmp = cache / f".{WILAYAH_PARQUET}.{os.getpid()}.tmp"
        gdf.to_parquet(tmp, index=False)
        tmp.replace(cache / WILAYAH_PARQUET)
    sizes = {}
    for name in (MAP_KAB, MAP_PROV, WILAYAH_PARQUET):
        data = (cache / name).read_bytes()
        (out_dir / name).write_bytes(data)
        sizes[name] = len(data)
    return {"ukuran_byte": sizes, "dari_cache": cached, "detik": round(time.perf_counter() - started, 2)}
