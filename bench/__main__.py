"""``python -m bench``: speed and memory of the ETL and the dashboard on synthetic national data.

    python -m bench                          10k, 100k and 1M terlapor rows (dashboard at the largest)
    python -m bench --sizes 10000,100000     smaller sets
    python -m bench --skip-browser           AppTest and export figures only (no browser, no report files)
    python -m bench --json FILE              also write the figures for machines to FILE
    python -m bench --profile                pyinstrument profiles of every page (bench/results/profile-*)
    python -m bench --sizes 1000000 --only load   re-measure one part on the cached build
    python -m bench --skala-10jt             also 10 million generated rows through the real ETL, then the pages:
                                             one table with every target (bench/scale.py)
    python -m bench --skala-10jt --only-10jt the 10M part alone

Builds are cached in bench/cache/ (key: size, seed, code version); every run's figures are saved
in bench/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from bench import data, report
from bench.common import RESULTS, human_rows, run_json_child, save_results

DEFAULT_SIZES = "10000,100000,1000000"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(x.replace("_", "").replace(".", "")) for x in text.split(",") if x.strip()})
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("sizes must be positive row counts, e.g. 10000,100000")
    return sizes


PARTS = ("pages", "export", "browser", "load", "report")


def dashboard_figures(warehouse: Path, meta: dict, args: argparse.Namespace, stamp: str) -> dict:
    """Every dashboard figure at one size: AppTest pages, naive baseline, CSV export, browser."""
    parts = set(args.only or PARTS)
    if args.skip_browser:
        parts -= {"browser", "load", "report"}
    if args.no_load:
        parts.discard("load")
    fig: dict = {"map_bytes": meta["map_bytes"], "parts": sorted(parts)}
    filters = None
    if "pages" in parts:
        log(f"[{human_rows(meta['size'])}] pages through AppTest (cold, warm, filter change, DuckDB floor) ...")
        page_args = ["--warehouse", str(warehouse)]
        if args.profile:
            page_args += ["--profile", str(RESULTS / f"profile-{stamp}")]
        pages, _ = run_json_child("bench.pages", *page_args)
        fig["pages"] = pages["pages"]
        fig["empty_page_s"] = pages.get("empty_s")
        fig["bare_script_s"] = pages.get("bare_s")
        filters = fig["filters"] = pages.get("filters")
        if pages.get("profiles"):
            fig["profiles"] = pages["profiles"]
        naive = pages.get("naive") or {}
        fig["baseline_s"] = naive.get("filter_s")
        fig["baseline_ours_s"] = naive.get("ours_filter_s")
        # Both medians from the same interleaved rounds, numbers asserted equal (bench/pages.measure_naive).
        fig["baseline_ratio"] = naive.get("ratio")
        fig["baseline"] = naive

    if "export" in parts:
        log(f"[{human_rows(meta['size'])}] Unduh CSV of every row ...")
        export, run = run_json_child("bench.export_probe", "--warehouse", str(warehouse))
        fig["csv_export_s"] = min(export["seconds"])
        fig["csv_export_runs"] = export["seconds"]
        fig["csv_export_bytes"] = export["bytes"]
        fig["csv_export_peak_mb"] = round(run.peak_mb, 1)
        fig["csv_export_rss_before_mb"] = export["rss_before_mb"]

    if "report" in parts:
        from bench import monthly_report

        log(f"[{human_rows(meta['size'])}] monthly report files (python -m laporan): one, then the 39-report batch ...")
        fig.update(monthly_report.measure(warehouse, log=log))

    if not parts & {"browser", "load"}:
        fig["browser_skipped"] = True
    else:
        from bench import browser
        from bench.pages import election_filters

        log(f"[{human_rows(meta['size'])}] browser: {', '.join(sorted(parts & {'browser', 'load'}))} ...")
        singles = [f[0] for f in (filters or election_filters(warehouse)) if len(f) == 1]
        fig.update(
            browser.measure(
                warehouse, singles, load="load" in parts, log=log, parts=("map", "redraw") if "browser" in parts else ()
            )
        )
    return fig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"terlapor rows per synthetic set, comma-separated (default {DEFAULT_SIZES})",
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--json", metavar="FILE", help="also write the figures for machines to FILE")
    parser.add_argument("--skip-browser", action="store_true", help="no real-browser figures")
    parser.add_argument("--no-load", action="store_true", help="no 20-session load run")
    parser.add_argument("--rebuild", action="store_true", help="ignore bench/cache and rebuild every set")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profiles of every page")
    parser.add_argument(
        "--only",
        type=lambda t: [x for x in t.split(",") if x],
        metavar="PARTS",
        help=f"measure only these dashboard parts on the cached build: {','.join(PARTS)}",
    )
    parser.add_argument(
        "--skala-10jt",
        action="store_true",
        help="also 10M generated rows through the real ETL (partitioned): ETL time and memory, page times, "
        "server RSS, export; its targets join the same table",
    )
    parser.add_argument("--only-10jt", action="store_true", help="with --skala-10jt: the 10M part alone")
    args = parser.parse_args(argv)
    if args.only and set(args.only) - set(PARTS):
        parser.error(f"--only takes {','.join(PARTS)}")
    if args.skala_10jt and args.only_10jt:
        from bench import scale

        return scale.main(args, log=log)

    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    started = time.perf_counter()
    result: dict = {
        "generated": stamp,
        "seed": args.seed,
        "code_version": data.code_version(),
        "machine": report.machine(),
        "loadavg_start": report.loadavg(),
        "cpu_reference_start": report.cpu_reference(),
        "sizes": {},
    }
    metas = {}
    for size in args.sizes:
        # Re-measuring a dashboard part (--only) does not need an ETL build of the current code.
        meta = data.build(size, args.seed, rebuild=args.rebuild, any_version=bool(args.only), log=log)
        metas[size] = meta
        result["sizes"][str(size)] = {
            k: meta[k] for k in ("etl", "generate", "duckdb_bytes", "map_bytes", "built", "key")
        }
        result["sizes"][str(size)]["cached"] = meta["cached"]
        # the map layers built before the timed ETL (absent from builds cached by older code)
        result["sizes"][str(size)]["map_layers"] = meta.get("map_layers")
    largest = max(args.sizes)
    meta = metas[largest]
    mixed = meta["etl"]["mixed"]
    fig: dict = {
        "rows": mixed["rows"],
        "size": largest,
        "etl": meta["etl"],
        "etl_s": mixed["seconds"],
        "etl_peak_mb": mixed["peak_mb"],
        "csv_rows_per_s": (meta["etl"].get("csv-utf8") or {}).get("rows_per_s"),
    }
    fig.update(dashboard_figures(Path(meta["warehouse"]), meta, args, stamp))
    big_text = ""
    if args.skala_10jt:
        from bench import scale

        log("[10M] ten million generated rows through the real ETL, then the pages ...")
        fig["skala_10jt"], big_text = scale.measure(args, log=log, one_m=fig)
    result["figures"] = fig
    result["targets"] = [t.as_dict() for t in report.targets(fig)]
    result["loadavg_end"] = report.loadavg()
    result["cpu_reference_end"] = report.cpu_reference()
    result["seconds"] = round(time.perf_counter() - started, 1)
    # The keys machines read sit at the top level (figures of the largest size); per-size ETL
    # figures are under "sizes".
    flat = {
        k: fig.get(k)
        for k in (
            "rows",
            "etl_s",
            "etl_peak_mb",
            "csv_rows_per_s",
            "browser_redraw_s",
            "map_bytes",
            "map_draw_s",
            "map_floor_s",
            "csv_export_s",
            "csv_export_bytes",
            "csv_export_peak_mb",
            "baseline_s",
            "baseline_ratio",
            "empty_page_s",
            "load_p95_s",
            "report_one_s",
            "report_batch_s",
        )
    }
    flat["pages"] = {
        path: {k: p.get(k) for k in ("cold_s", "warm_s", "floor_s", "filter_s", "cold_floor_s")}
        for path, p in (fig.get("pages") or {}).items()
        if "error" not in p
    }
    result = {**flat, **result}
    text = report.table(result) + (f"\n\n-- at 10M rows\n{big_text}" if big_text else "")
    print(text)
    saved = save_results("bench", stamp, result, text, args.json)
    log(f"figures: {saved}" + (f" and {args.json}" if args.json else "") + f" ({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
