"""Synthetic warehouses per size, cached under ``bench/cache/`` and keyed by size, seed and
code version, plus the ETL figures measured while building them (whole input and per shape)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

from bench.common import BENCH, CACHE, PYTHON, human_rows, run_measured, tree_bytes

SHAPES = ("xlsx", "csv-cp1252-semicolon", "csv-utf8", "jsonl")
DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl"}


def code_version() -> str:
    """The ETL's own code version (etl/ + netralitas/) plus this file: a change to either rebuilds."""
    from etl.run import code_version as etl_version

    digest = hashlib.sha256(etl_version().encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


def cache_key(size: int, seed: int) -> str:
    return f"{human_rows(size)}-s{seed}-{code_version()}"


# ---------------------------------------------------------------------- shapes


def sniff_shape(path: Path) -> str | None:
    """The input shape of one raw file, by extension plus a look at its first bytes
    (cp1252 with ``;`` vs UTF-8 with ``,``: the two CSV dialects Bawaslu offices send)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix in (".json", ".jsonl"):
        return "jsonl"
    if suffix not in (".csv", ".tsv", ".txt"):
        return None
    head = path.read_bytes()[:65536]
    try:
        head.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError as exc:
        utf8 = exc.start >= len(head) - 3  # a character cut at the sample's end is still UTF-8
    first = head.split(b"\n", 1)[0]
    semicolon = first.count(b";") > first.count(b",")
    # Pure-ASCII cp1252 decodes as UTF-8 too, so the delimiter decides when the bytes cannot.
    return "csv-cp1252-semicolon" if semicolon or not utf8 else "csv-utf8"


def files_by_shape(raw: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {s: [] for s in SHAPES}
    for path in sorted(raw.rglob("*")):
        if path.is_file() and path.suffix.lower() in DATA_SUFFIXES and not path.name.startswith("."):
            shape = sniff_shape(path)
            if shape:
                out[shape].append(path)
    return out


def shape_subset(raw: Path, files: list[Path], dest: Path) -> Path:
    """A raw folder holding only ``files`` (hard links) and every ``sumber.yml`` above them, so the
    ETL reads them exactly as in the mixed run (same relative paths, same folder defaults)."""
    if dest.exists():
        shutil.rmtree(dest)
    for path in files:
        rel = path.relative_to(raw)
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
        folder = path.parent
        while True:
            yml = folder / "sumber.yml"
            if yml.is_file():
                copy = dest / yml.relative_to(raw)
                if not copy.exists():
                    shutil.copy2(yml, copy)
            if folder == raw:
                break
            folder = folder.parent
    return dest


# ---------------------------------------------------------------------- ETL runs


def run_etl(raw: Path, out: Path) -> dict:
    """``python -m etl run`` as a child process: wall time, peak RSS, rows."""
    run = run_measured([PYTHON, "-m", "etl", "run", "--raw", str(raw), "--out", str(out), "--json"])
    if run.returncode not in (0, 2):
        raise RuntimeError(f"ETL failed ({run.returncode}) on {raw}:\n{run.stderr[-4000:]}")
    report = json.loads(run.stdout[run.stdout.index("{") :])
    totals = report["total"]
    rows = int(totals["terlapor"])
    return {
        "files": len(report["berkas"]),
        "input_bytes": tree_bytes(raw),
        "rows_in": int(totals["baris_masuk"]),
        "rows": rows,
        "quarantined": int(totals["karantina"]),
        "seconds": round(run.seconds, 3),
        "etl_reported_s": report["detik"],
        "phases_s": report.get("detik_per_tahap"),
        "partitions": report.get("partisi", 0),
        "workers": report.get("proses"),
        "rows_per_s": round(rows / run.seconds, 1) if run.seconds else None,
        "peak_mb": round(run.peak_mb, 1),
        "exit_code": run.returncode,
    }


MAP_LAYERS_SCRIPT = """
import json, tempfile
from etl.geo import write_geo_outputs
with tempfile.TemporaryDirectory() as out:
    print(json.dumps(write_geo_outputs(out)))
"""


def warm_map_layers() -> dict:
    """The map layers built before any timed ETL run. The first ETL run on a machine simplifies the
    boundaries into them (seconds) and caches them by input checksum (``etl/geo.py``); every later
    run copies them. Timed apart, so the ETL figures are every run's, not a new machine's first."""
    run = run_measured([PYTHON, "-c", MAP_LAYERS_SCRIPT])
    if run.returncode != 0:
        raise RuntimeError(f"map layers failed:\n{run.stderr[-2000:]}")
    report = json.loads(run.stdout.strip().splitlines()[-1])
    return {"seconds": round(run.seconds, 2), "from_cache": bool(report["dari_cache"])}


FLOOR_SCRIPT = """
import json, sys, time
import duckdb
files = sys.argv[1:]
started = time.perf_counter()
con = duckdb.connect()
# Every file read whole, as text, into one table (what the ETL at least has to do with them).
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, union_by_name = true, all_varchar = true, header = true)", [files])
rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
print(json.dumps({"rows": rows, "seconds": time.perf_counter() - started}))
"""


def duckdb_csv_floor(raw: Path) -> dict:
    """DuckDB's own ``read_csv`` of the same CSV files into one table, in a child process like the
    ETL's runs (Python start included): how fast these bytes can be read at all on this machine."""
    files = sorted(str(p) for p in raw.rglob("*.csv"))
    run = run_measured([PYTHON, "-c", FLOOR_SCRIPT, *files])
    if run.returncode != 0:
        raise RuntimeError(f"DuckDB read_csv floor failed:\n{run.stderr[-2000:]}")
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    return {
        "files": len(files),
        "data_rows": figures["rows"],
        "seconds": round(run.seconds, 3),
        "read_s": round(figures["seconds"], 3),
        "rows_per_s": round(figures["rows"] / run.seconds, 1) if run.seconds else None,
        "peak_mb": round(run.peak_mb, 1),
    }


# ---------------------------------------------------------------------- generate + build, cached


def generate_raw(out: Path, size: int, seed: int) -> dict:
    from etl import sintetis  # written alongside; absent in very old checkouts

    started = time.perf_counter()
    report = sintetis.generate(out, terlapor=size, seed=seed)
    if hasattr(report, "as_dict"):
        summary = report.as_dict()
    else:
        summary = report if isinstance(report, dict) else getattr(report, "__dict__", {"report": str(report)})
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "bytes": tree_bytes(out),
        "report": json.loads(json.dumps(summary, default=str)),
    }


def _check_shapes(shapes: dict[str, list[Path]], gen_report: dict) -> str | None:
    """Our sniffed shapes against the generator's own count of files per shape, when it gives one."""
    theirs = gen_report.get("files_per_shape") if isinstance(gen_report, dict) else None
    if not isinstance(theirs, dict):
        return None
    names = {"xlsx": "xlsx", "csv_cp1252": "csv-cp1252-semicolon", "csv_utf8": "csv-utf8", "jsonl": "jsonl"}
    ours = {s: len(f) for s, f in shapes.items()}
    diff = {
        names.get(k, k): (v, ours.get(names.get(k, k))) for k, v in theirs.items() if ours.get(names.get(k, k)) != v
    }
    return f"sniffed shapes differ from the generator's (generator, sniffed): {diff}" if diff else None


def latest_cached(size: int, seed: int) -> dict | None:
    """The newest finished build of this size and seed, whatever code version built it."""
    metas = []
    for path in CACHE.glob(f"{human_rows(size)}-s{seed}-*/build.json"):
        try:
            metas.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    if not metas:
        return None
    meta = max(metas, key=lambda m: m["built"])
    meta["cached"] = True
    return meta


def build(
    size: int, seed: int, *, rebuild: bool = False, any_version: bool = False, shapes: bool = True, log=print
) -> dict:
    """The cached synthetic set of ``size`` terlapor rows: raw files, the mixed-shape warehouse and
    the ETL figures measured when it was built (``shapes``: also the ETL on each input shape alone,
    and DuckDB's own ``read_csv`` of the plain CSV files, the floor). Returns the cache entry
    (``build.json``)."""
    key = cache_key(size, seed)
    folder = CACHE / key
    meta_path = folder / "build.json"
    if meta_path.is_file() and not rebuild:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["cached"] = True
        log(f"[{human_rows(size)}] cached build {key} (from {meta['built']})")
        return meta
    if any_version and not rebuild:
        meta = latest_cached(size, seed)
        if meta:
            log(f"[{human_rows(size)}] cached build {meta['key']} (from {meta['built']}; the code is now {key})")
            return meta
    for old in CACHE.glob(f"{human_rows(size)}-s{seed}-*"):  # other code versions of this size
        shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True)
    raw, warehouse = folder / "raw", folder / "warehouse"
    log(f"[{human_rows(size)}] generating {size:,} terlapor rows (seed {seed}) ...")
    gen = generate_raw(raw, size, seed)
    log(f"[{human_rows(size)}] generated {gen['bytes'] / 1e6:.1f} MB in {gen['seconds']} s; ETL on all shapes ...")
    map_layers = warm_map_layers()
    log(
        f"[{human_rows(size)}] map layers: {map_layers['seconds']} s "
        + ("(cached on this machine)" if map_layers["from_cache"] else "(first build on this machine; cached now)")
    )
    etl = {"mixed": run_etl(raw, warehouse)}
    log(f"[{human_rows(size)}] mixed: {etl['mixed']['seconds']} s, {etl['mixed']['peak_mb']} MB peak")
    by_shape = files_by_shape(raw) if shapes else {}
    shape_check = _check_shapes(by_shape, gen["report"]) if shapes else None
    if shape_check:
        log(f"[{human_rows(size)}] note: {shape_check}")
    for shape, files in by_shape.items():
        if not files:
            etl[shape] = None
            continue
        subset = shape_subset(raw, files, folder / "shape" / shape)
        out = folder / "shape_out" / shape
        etl[shape] = run_etl(subset, out)
        log(
            f"[{human_rows(size)}] {shape}: {len(files)} files, {etl[shape]['rows']:,} rows, {etl[shape]['seconds']} s, "
            f"{etl[shape]['peak_mb']} MB peak"
        )
        if shape == "csv-utf8":
            etl["csv-utf8-floor"] = duckdb_csv_floor(subset)
            log(
                f"[{human_rows(size)}] DuckDB read_csv of the same files (floor): {etl['csv-utf8-floor']['seconds']} s, "
                f"{etl['csv-utf8-floor']['rows_per_s']:,.0f} rows/s"
            )
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(subset, ignore_errors=True)
    shutil.rmtree(folder / "shape", ignore_errors=True)
    shutil.rmtree(folder / "shape_out", ignore_errors=True)
    publik = warehouse / "publik"
    meta = {
        "key": key,
        "size": size,
        "seed": seed,
        "built": dt.datetime.now().isoformat(timespec="seconds"),
        "generate": gen,
        "etl": etl,
        "map_layers": map_layers,
        "shape_check": shape_check,
        "warehouse": str(warehouse),
        "duckdb_bytes": (publik / "netralitas.duckdb").stat().st_size,
        "map_bytes": (publik / "peta_kabupaten_kota.geojson").stat().st_size,
        "map_province_bytes": (publik / "peta_provinsi.geojson").stat().st_size,
    }
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    meta["cached"] = False
    return meta


def stale_cache_note() -> str:
    return f"cache: {CACHE.relative_to(BENCH.parent)} (delete it, or pass --rebuild, to rebuild)"
