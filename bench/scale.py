"""``python -m bench --skala-10jt``: ten million terlapor rows, for real. The generator writes 10M
synthetic rows (``etl.sintetis``, 552 office files) and the real ETL loads them (``python -m etl run``,
partitioned: etl/partisi.py) into both builds; the build is cached like the smaller sets. Measured:

- the generator and the ETL (wall time, peak memory of the whole process tree, partitions);
- page script times through AppTest (cold, warm, filter change, DuckDB floor);
- peak RSS of the Streamlit process while one browser session visits every page;
- "Unduh CSV" of every row (time, size, peak RSS), unless the estimate would not fit in memory;
- the DuckDB file size.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bench import data, report
from bench.common import PAGE_FILES, RESULTS, human_rows, run_json_child, save_results

TEN_M = 10_000_000
COPIES = TEN_M // 1_000_000  # the 1M figures scaled by this, where a figure is estimated
BASE_ROWS = 1_000_000


def mem_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def measure_pages(warehouse: Path, *, log=print) -> dict:
    """Every page of the warehouse at ``warehouse`` (the folder holding ``publik/``) through AppTest in a
    child process: cold, warm, filter change; each page's warm and cold against 300 ms / 2 s."""
    from bench.pages import COLD_TARGET_S, WARM_TARGET_S, verdicts

    pages, _ = run_json_child("bench.pages", "--warehouse", str(warehouse), "--no-naive")
    for line in verdicts(pages["pages"]):
        log("  " + line)
    ok = [
        p.get("warm_s", 1e9) <= WARM_TARGET_S and p.get("cold_s", 1e9) <= COLD_TARGET_S for p in pages["pages"].values()
    ]
    return {"pages": pages["pages"], "empty_page_s": pages.get("empty_s"), "pages_pass": all(ok) and bool(ok)}


def latest_1m_figures() -> dict | None:
    """The figures of the latest ``python -m bench`` run at 1M rows, for side-by-side columns."""
    for path in sorted(RESULTS.glob("bench-*.json"), reverse=True):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        figures = result.get("figures", {})
        if figures.get("size") == BASE_ROWS and figures.get("pages") and figures.get("csv_export_s"):  # a full run
            return result["figures"] | {"_file": path.name}
    return None


def measure(args, *, log=print, one_m: dict | None = None) -> tuple[dict, str]:
    """Every 10M figure and its table. ``one_m``: the 1M figures of the same run, for the side-by-side
    column (default: the latest saved full run)."""
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    result: dict = {"generated": stamp, "machine": report.machine(), "loadavg_start": report.loadavg()}
    # Ten million rows from the generator through the real ETL (partitioned: etl/partisi.py), cached
    # like the smaller sets; the per-shape runs are left to the 1M benchmark.
    meta = data.build(TEN_M, args.seed, rebuild=args.rebuild, shapes=False, log=log)
    dest = Path(meta["warehouse"])
    result["generate"] = {k: meta["generate"][k] for k in ("seconds", "bytes")}
    result["etl"] = meta["etl"]["mixed"]
    result["duckdb_bytes"] = meta["duckdb_bytes"]
    result["cached"] = meta["cached"]

    log("[10M] pages through AppTest ...")
    result.update(measure_pages(dest, log=log))

    if one_m is None:
        one_m = latest_1m_figures()
        result["compared_with"] = one_m.get("_file") if one_m else None
    else:
        result["compared_with"] = "this run"
    if getattr(args, "no_load", False):
        log("[10M] --no-load: no export of every row and no server-RSS session at 10M")
    else:
        _export_and_server(args, dest, one_m, result, log)
    result["loadavg_end"] = report.loadavg()
    return result, table(result, one_m)


def main(args, *, log=print) -> int:
    """The 10M part alone (``python -m bench --skala-10jt --only-10jt``)."""
    result, text = measure(args, log=log)
    print(text)
    saved = save_results("skala-10jt", result["generated"], result, text, args.json)
    log(f"figures: {saved}")
    return 0


def _export_and_server(args, dest: Path, one_m: dict | None, result: dict, log) -> None:
    """Unduh CSV of every 10M row, and the server's memory over one session (reported, no targets)."""
    est_peak = (one_m or {}).get("csv_export_peak_mb")
    need_mb = est_peak * COPIES if est_peak else None
    avail = mem_available_mb()
    copy_only = bool(need_mb and need_mb > 0.6 * avail)
    note = None
    if copy_only:
        note = (
            f"csv_bytes would need ~{need_mb:,.0f} MB (10x the 1M peak), over 60% of the {avail:,.0f} MB "
            "available: measured DuckDB's COPY only, the file not read back into memory"
        )
        log(f"[10M] {note}")
    log("[10M] Unduh CSV of every row ...")
    probe = ["--warehouse", str(dest), "--runs", "1"] + (["--copy-only"] if copy_only else [])
    export, run = run_json_child("bench.export_probe", *probe)
    result["csv_export"] = {
        "seconds": export["seconds"][0],
        "bytes": export["bytes"],
        "peak_mb": round(run.peak_mb, 1),
        "rss_before_mb": export["rss_before_mb"],
        "copy_only": copy_only,
        "note": note,
        "estimated_peak_mb": need_mb,
    }
    if not args.skip_browser:
        from bench import browser

        log("[10M] Streamlit server RSS while one session visits every page ...")
        result["server"] = browser.page_rss(dest, list(PAGE_FILES), log=log)


def table(result: dict, one_m: dict | None) -> str:
    fmt = report.fmt
    base = human_rows((one_m or {}).get("size") or BASE_ROWS)
    rows = [["figure", f"{base} (bench run)", "10M (generated, real ETL)"]]
    etl, one_etl = result["etl"], (one_m or {}).get("etl", {}).get("mixed", {})
    rows.append(
        [
            "generator: time, bytes",
            "",
            f"{fmt(result['generate']['seconds'], 's')}, {fmt(result['generate']['bytes'], 'B')}",
        ]
    )
    rows.append(["ETL: wall time", fmt(one_etl.get("seconds"), "s"), fmt(etl["seconds"], "s")])
    rows.append(["ETL: peak memory, process tree", fmt(one_etl.get("peak_mb"), "MB"), fmt(etl["peak_mb"], "MB")])
    rows.append(
        ["ETL: terlapor rows, partitions", f"{one_etl.get('rows', '')}", f"{etl['rows']:,}, {etl.get('partitions')}"]
    )
    rows.append(["DuckDB file (public)", "", fmt(result["duckdb_bytes"], "B")])
    pages_1m = (one_m or {}).get("pages") or {}
    for path in PAGE_FILES:
        p = result["pages"].get(path) or {}
        q = pages_1m.get(path) or {}
        if "error" in p:
            rows.append([f"page /{path}", "", "ERROR"])
            continue
        for key, label in (
            ("cold_s", "cold (<= 2 s)"),
            ("warm_s", "warm (<= 300 ms)"),
            ("filter_s", "filter change"),
            ("floor_s", "DuckDB floor"),
        ):
            verdict = ""
            if key in ("cold_s", "warm_s") and p.get(key) is not None:
                verdict = " PASS" if p[key] <= (2.0 if key == "cold_s" else 0.3) else " FAIL"
            rows.append([f"page /{path}: {label}", fmt(q.get(key), "s") if q else "", fmt(p.get(key), "s") + verdict])
    exp = result.get("csv_export") or {}
    only = " (COPY only, see note)" if exp.get("copy_only") else ""
    rows.append(
        ["Unduh CSV, every row: time" + only, fmt((one_m or {}).get("csv_export_s"), "s"), fmt(exp.get("seconds"), "s")]
    )
    rows.append(["Unduh CSV: size", fmt((one_m or {}).get("csv_export_bytes"), "B"), fmt(exp.get("bytes"), "B")])
    rows.append(
        [
            "Unduh CSV: peak RSS" + only,
            fmt((one_m or {}).get("csv_export_peak_mb"), "MB"),
            fmt(exp.get("peak_mb"), "MB"),
        ]
    )
    server = result.get("server") or {}
    if server.get("peak_mb"):
        rows.append(
            [
                "Streamlit server: peak RSS (VmHWM)",
                fmt((one_m or {}).get("server_rss_mb", {}).get("VmHWM"), "MB"),
                fmt(server["peak_mb"], "MB"),
            ]
        )
        for path, p in server.get("pages", {}).items():
            rows.append(
                [f"  after /{path}: load time, RSS", "", f"{fmt(p['load_s'], 's')}, {fmt(p.get('VmRSS'), 'MB')}"]
            )
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    if exp.get("note"):
        lines.append("note: " + exp["note"])
    lines.append(
        f"load average {result.get('loadavg_start')} at start, {result.get('loadavg_end')} at end"
        + (f"; 1M column from {result['compared_with']}" if result.get("compared_with") else "")
    )
    return "\n".join(lines)


def pages_main(argv: list[str] | None = None) -> int:
    """``python -m bench.scale --warehouse PATH``: the page measurements alone, on any warehouse."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--warehouse", required=True, help="warehouse root (the folder holding publik/)")
    args = parser.parse_args(argv)
    result = measure_pages(Path(args.warehouse).resolve())
    result["loadavg"] = report.loadavg()
    print(
        f"load average {result['loadavg']}; every page within its targets: {'PASS' if result['pages_pass'] else 'FAIL'}"
    )
    return 0 if result["pages_pass"] else 1


if __name__ == "__main__":
    raise SystemExit(pages_main())
