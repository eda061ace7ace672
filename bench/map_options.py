"""``python -m bench.map_options [--warehouse DIR] [--rounds N] [VARIANT ...]``: the map options of
``bench/map_options_app.py`` measured in one browser run, interleaved round by round (so a change of
machine load hits every option alike): median seconds from navigation to painted polygons, the
floor (one square) of the same run, the ratio, and the load average."""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from bench.browser import _map_draw
from bench.report import loadavg

DEFAULT = ["floor", "kab", "kab_prov", "kab_inline", "kab_plain", "kab_t30", "kab_t60", "geo_floor", "geo"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.map_options", description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=Path("data/warehouse"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("variants", nargs="*", default=DEFAULT)
    args = parser.parse_args(argv)
    from harness.browser import browser, streamlit_server

    runs: dict[str, list[float]] = {v: [] for v in args.variants}
    loads = [loadavg()]
    with (
        streamlit_server(args.warehouse.resolve(), timeout=120, app="bench/map_options_app.py") as base,
        browser() as b,
    ):
        for v in args.variants:  # warm-up: server imports, simplified layers, browser cache
            _map_draw(b, base, f"?v={v}")
        for _ in range(args.rounds):
            for v in args.variants:
                runs[v].append(round(_map_draw(b, base, f"?v={v}"), 3))
            loads.append(loadavg())
    floor = statistics.median(runs["floor"]) if runs.get("floor") else None
    rows = {}
    for v, xs in runs.items():
        med = statistics.median(xs)
        rows[v] = {"median_s": round(med, 3), "runs": xs, "ratio": round(med / floor, 2) if floor else None}
        print(f"{v:14s} {med:6.2f} s  ×{rows[v]['ratio']}  {xs}")
    print(f"load average during the run: {loads}")
    sizes = {p.name: p.stat().st_size for p in (Path(__file__).parent / "static" / "opsi").glob("*.geojson")}
    print(json.dumps({"options": rows, "loadavg": loads, "layer_bytes": sizes}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
