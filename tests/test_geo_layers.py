"""The region reference and the browser map layers built from the boundary data."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from functools import partial

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point, shape

from etl import geo
from etl.boundaries import load_boundaries
from netralitas import config


@pytest.fixture(scope="module")
def layers(tmp_path_factory):
    out = tmp_path_factory.mktemp("geo")
    report = geo.write_geo_outputs(out)
    kab = json.loads((out / geo.MAP_KAB).read_text(encoding="utf-8"))
    prov = json.loads((out / geo.MAP_PROV).read_text(encoding="utf-8"))
    return out, report, kab, prov


def test_wilayah_table_has_every_region_with_official_names():
    table = geo.wilayah_table()
    assert len(table) == 552 and table["kode"].is_unique
    by_code = table.set_index("kode")
    assert by_code.loc["18.72", ["nama", "tingkat", "kode_provinsi"]].tolist() == ["Kota Metro", "kota", "18"]
    assert by_code.loc["17.08", ["nama", "tingkat", "nama_provinsi"]].tolist() == [
        "Kabupaten Kepahiang",
        "kabupaten",
        "Bengkulu",
    ]
    assert by_code.loc["19", ["nama", "tingkat"]].tolist() == ["Kepulauan Bangka Belitung", "provinsi"]
    assert (table["tingkat"] == "provinsi").sum() == 38
    assert by_code.loc["31.74", "tingkat"] == "kota"  # Kota Administrasi Jakarta Selatan


@pytest.mark.slow  # 6-7 s of geometry over every region: keeps the fast tier under 3 minutes
def test_invalid_source_polygons_are_repaired():
    assert geo.repaired_count() == 124
    _, gdf = geo.build_wilayah()
    assert gdf.geometry.is_valid.all() and not gdf.geometry.is_empty.any()
    assert set(gdf.geometry.geom_type) <= {"Polygon", "MultiPolygon"}


def test_map_layer_is_small_valid_and_keyed_by_code(layers):
    out, _, kab, prov = layers
    assert (out / geo.MAP_KAB).stat().st_size <= 1_500_000
    assert len(kab["features"]) == 514 and len(prov["features"]) == 38
    codes = [f["properties"]["kode"] for f in kab["features"]]
    assert len(set(codes)) == 514 and all(f["id"] == f["properties"]["kode"] for f in kab["features"])
    for f in kab["features"] + prov["features"]:
        g = shape(f["geometry"])
        assert g.is_valid and not g.is_empty, f["id"]


@pytest.mark.slow  # 6-7 s of geometry over every region: keeps the fast tier under 3 minutes
def test_no_visible_gaps_or_overlaps_between_neighbours(layers):
    _, _, kab, _ = layers
    geoms = [shape(f["geometry"]) for f in kab["features"]]
    total = sum(g.area for g in geoms)
    union = shapely.union_all(geoms)
    # Overlap: the parts counted twice; a handful of grid-snapped slivers at most.
    assert (total - union.area) / total < 1e-4
    # Gaps: simplification must not open holes between neighbours that the source does not have
    # (lakes such as Danau Toba belong to no kabupaten/kota and are holes in both).
    _, gdf = geo.build_wilayah()
    source = shapely.union_all(gdf[gdf["tingkat"] != "provinsi"].geometry.to_numpy())

    def holes(g):
        return sum(shapely.Polygon(r).area for p in getattr(g, "geoms", [g]) for r in p.interiors)

    assert holes(union) <= holes(source) + 1e-4 * total


def test_simplified_layer_keeps_the_shape(layers):
    _, _, kab, _ = layers
    _, gdf = geo.build_wilayah()
    full = gdf[gdf["tingkat"] != "provinsi"].set_index("kode").geometry
    deviation = {}
    for f in kab["features"]:
        original = full.loc[f["id"]]
        deviation[f["id"]] = abs(shape(f["geometry"]).area - original.area) / original.area
    # Tiny kota lose detail at national zoom, and the cleaning gives source overlaps (e.g. around
    # Kabupaten Tambrauw) to one neighbour; beyond that the shapes must hold.
    assert sum(d > 0.10 for d in deviation.values()) <= 10
    assert max(deviation.values()) < 0.5


def test_a_point_in_kota_metro_falls_in_its_feature(layers):
    _, _, kab, _ = layers
    kab_records, _ = load_boundaries()
    metro = next(r for r in kab_records if r.kode == "18.72")
    feature = next(f for f in kab["features"] if f["id"] == "18.72")
    assert shape(feature["geometry"]).contains(Point(metro.lng, metro.lat))
    assert feature["properties"]["nama_provinsi"] == "Lampung"


def test_geoparquet_reads_back(layers):
    out, _, _, _ = layers
    gdf = gpd.read_parquet(out / geo.WILAYAH_PARQUET)
    assert len(gdf) == 552 and gdf.crs.to_epsg() == 4326


@pytest.mark.slow  # ~20 s: builds the map layers from the boundary files twice
def test_cache_is_reused_and_invalidated(tmp_path, monkeypatch):
    src = config.boundaries_dir()
    copy = tmp_path / "wb"
    shutil.copytree(src, copy)
    # Start from the suite's own cache (built once by any ETL run; a cold build is ~25 s): the copied
    # boundaries are byte-identical, so the cache serves them; an edited file must not be served.
    geo.write_geo_outputs(tmp_path / "warm", src)
    shutil.copytree(config.cache_dir(), tmp_path / "cache")
    monkeypatch.setenv("NETRALITAS_CACHE", str(tmp_path / "cache"))
    assert geo.write_geo_outputs(tmp_path / "b", copy)["dari_cache"] is True
    path = copy / "kab" / "wilayah_boundaries_kab_18.sql"
    path.write_text(path.read_text(encoding="utf-8") + "\n-- changed\n", encoding="utf-8")
    assert geo.write_geo_outputs(tmp_path / "c", copy)["dari_cache"] is False


def test_fetch_from_pinned_upstream_when_folder_missing(tmp_path, monkeypatch):
    """The fallback path, against a local HTTP server on 127.0.0.1 (never the internet)."""
    served = tmp_path / "upstream" / "db"
    shutil.copytree(config.boundaries_dir() / "kab", served / "kab")
    shutil.copytree(config.boundaries_dir() / "prov", served / "prov")
    hits: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            hits.append(self.path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("NETRALITAS_GEO_DIR", str(tmp_path / "missing"))
        monkeypatch.setenv("NETRALITAS_GEO_URL", f"http://127.0.0.1:{server.server_port}")
        monkeypatch.setenv("NETRALITAS_CACHE", str(tmp_path / "cache"))
        kab, prov = load_boundaries()
        assert len(kab) == 514 and len(prov) == 38
        first_hits = len(hits)
        assert first_hits == 46  # 38 kabupaten files + 8 province files
        load_boundaries()
        assert len(hits) == first_hits  # second call reads the cache
    finally:
        server.shutdown()
