"""``python -m bench --skala-10jt``: past one machine. A 10-million-row public warehouse made
cheaply by replicating the 1M one inside DuckDB (nine copies with new ids, into the same table, so
the schema and its constraints stay exactly as the ETL declared them), then:

- page script times through AppTest (cold, warm, filter change, DuckDB floor);
- peak RSS of the Streamlit process while one browser session visits every page;
- "Unduh CSV" of every row (time, size, peak RSS), unless the estimate would not fit in memory;
- the DuckDB file size.

The ETL is not run at 10M (it is measured up to 1M); the Parquet copy is not written (the
dashboard reads only the DuckDB file).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

from bench import data, report
from bench.common import CACHE, PAGE_FILES, RESULTS, human_rows, run_json_child, save_results

COPIES = 10
BASE_ROWS = 1_000_000


def mem_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def replicate(base: Path, dest: Path, copies: int = COPIES, *, log=print) -> dict:
    """``dest``/publik: the files of ``base``/publik, with ``pelanggaran`` ``copies`` times over."""
    import duckdb

    src, out = base / "publik", dest / "publik"
    done = dest / "replicated.json"
    if done.is_file():
        return json.loads(done.read_text(encoding="utf-8"))
    if dest.exists():
        shutil.rmtree(dest)
    out.mkdir(parents=True)
    for path in src.iterdir():
        if path.suffix == ".parquet" and path.name != "wilayah.parquet":
            continue  # the dashboard reads the DuckDB file only
        if path.name == "netralitas.duckdb":
            shutil.copy2(path, out / path.name)
        elif path.is_file():
            os.link(path, out / path.name)
    started = time.perf_counter()
    con = duckdb.connect(str(out / "netralitas.duckdb"))
    try:
        before = con.execute("SELECT count(*) FROM pelanggaran").fetchone()[0]
        # New case and row ids per copy, in the ETL's id formats (NK-<12 hex> and NK-<12 hex>-NN).
        con.execute(f"""
            INSERT INTO pelanggaran
            SELECT p.* REPLACE (
                'NK-' || substr(md5(p.id_kasus || ':' || r.i), 1, 12) AS id_kasus,
                'NK-' || substr(md5(p.id_kasus || ':' || r.i), 1, 12) || substr(p.id_terlapor, 16) AS id_terlapor)
            FROM pelanggaran p, range(1, {int(copies)}) r(i)""")
        con.execute("UPDATE etl_run SET terlapor = terlapor * ?", [copies])
        from etl import rollup

        rollup.write(con)  # the rollups of the replicated rows (the pages read them)
        rollup.check(con)
        con.execute("CHECKPOINT")
        rows = con.execute("SELECT count(*) FROM pelanggaran").fetchone()[0]
        dupes = con.execute("SELECT count(*) - count(DISTINCT id_terlapor) FROM pelanggaran").fetchone()[0]
    finally:
        con.close()
    info = {
        "rows": rows,
        "base_rows": before,
        "duplicate_ids": dupes,
        "seconds": round(time.perf_counter() - started, 1),
        "duckdb_bytes": (out / "netralitas.duckdb").stat().st_size,
        "base_duckdb_bytes": (src / "netralitas.duckdb").stat().st_size,
        "built": dt.datetime.now().isoformat(timespec="seconds"),
    }
    done.write_text(json.dumps(info, indent=2), encoding="utf-8")
    log(f"  replicated {before:,} -> {rows:,} rows in {info['seconds']} s; DuckDB {info['duckdb_bytes'] / 1e9:.2f} GB")
    return info


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


def main(args, *, log=print) -> int:
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    result: dict = {"generated": stamp, "machine": report.machine(), "loadavg_start": report.loadavg()}
    meta = data.build(BASE_ROWS, args.seed, rebuild=args.rebuild, any_version=True, log=log)
    base = Path(meta["warehouse"])
    dest = CACHE / f"10M-from-{meta['key']}" / "warehouse"
    for old in CACHE.glob("10M-from-*"):
        if old != dest.parent:
            shutil.rmtree(old, ignore_errors=True)
    log(f"[10M] replicating the 1M warehouse x{COPIES} inside DuckDB ...")
    rep = replicate(base, dest, log=log)
    result["replica"] = rep

    log("[10M] pages through AppTest ...")
    result.update(measure_pages(dest, log=log))

    one_m = latest_1m_figures()
    result["compared_with"] = one_m.get("_file") if one_m else None
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
    result["loadavg_end"] = report.loadavg()
    text = table(result, one_m)
    print(text)
    saved = save_results("skala-10jt", stamp, result, text, args.json)
    log(f"figures: {saved}")
    return 0


def table(result: dict, one_m: dict | None) -> str:
    fmt = report.fmt
    rows = [["figure", f"{human_rows(BASE_ROWS)} (bench run)", "10M (replicated)"]]
    rep = result["replica"]
    rows.append(["DuckDB file (public)", fmt(rep["base_duckdb_bytes"], "B"), fmt(rep["duckdb_bytes"], "B")])
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
