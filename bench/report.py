"""Targets, the printed table and the machine-readable figures."""

from __future__ import annotations

import os
import platform
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import PAGE_FILES, human_rows

TARGET_ROWS = 1_000_000  # the targets are set for a million terlapor rows
GB2_MB = 2 * 1024.0


@dataclass
class Target:
    name: str
    value: float | None
    limit: float | None  # None: the limit itself was not measured (a floor of the same run)
    op: str  # "<=" or ">="
    unit: str

    @property
    def ok(self) -> bool | None:
        if self.value is None or self.limit is None:
            return None
        return self.value <= self.limit if self.op == "<=" else self.value >= self.limit

    def miss(self) -> str:
        if self.value is None or self.limit is None or self.ok:
            return ""
        if self.op == "<=":
            return f"+{fmt(self.value - self.limit, self.unit)} ({self.value / self.limit:.1f}x the limit)"
        ratio = self.limit / self.value if self.value else float("inf")
        return f"-{fmt(self.limit - self.value, self.unit)} ({ratio:.1f}x short)"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "value": self.value,
            "target": f"{self.op} {self.limit}",
            "unit": self.unit,
            "pass": self.ok,
            "miss": self.miss() or None,
        }


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "x":
        return f"{value:.1f}x"
    if unit == "B":
        return f"{value / 1e6:,.2f} MB" if value >= 1e5 else f"{value:,.0f} B"
    return f"{value:,.0f}"


def targets(fig: dict) -> list[Target]:
    """Every target the issue sets, evaluated on the figures of the largest size measured."""
    etl = fig.get("etl") or {}
    mixed = etl.get("mixed") or {}
    csv = etl.get("csv-utf8") or {}
    out = [
        Target("ETL, mixed-shape input: wall time (must)", mixed.get("seconds"), 60.0, "<=", "s"),
        Target("ETL, mixed-shape input: wall time (target)", mixed.get("seconds"), 30.0, "<=", "s"),
        Target("ETL, mixed-shape input: peak memory, process tree", mixed.get("peak_mb"), GB2_MB, "<=", "MB"),
        Target("ETL, plain CSV (UTF-8) input: throughput", csv.get("rows_per_s"), 100_000.0, ">=", "rows/s"),
    ]
    big = fig.get("skala_10jt") or {}
    if big:
        big_etl = big.get("etl") or {}
        out.append(Target("10M: ETL peak memory, process tree", big_etl.get("peak_mb"), 12 * 1024.0, "<=", "MB"))
        for path in PAGE_FILES:
            p = (big.get("pages") or {}).get(path)
            if not p or "error" in p:
                continue
            out.append(Target(f"10M page /{path}: warm script time", p.get("warm_s"), 0.3, "<=", "s"))
            out.append(Target(f"10M page /{path}: cold script time", p.get("cold_s"), 2.0, "<=", "s"))
    pages = fig.get("pages") or {}
    empty = fig.get("empty_page_s")
    for path in PAGE_FILES:
        p = pages.get(path)
        if not p or "error" in p:
            continue
        name = f"/{path}"
        out.append(Target(f"page {name}: warm script time", p.get("warm_s"), 0.3, "<=", "s"))
        out.append(Target(f"page {name}: cold script time", p.get("cold_s"), 2.0, "<=", "s"))
        if empty is not None and p.get("floor_s") is not None:
            limit = 2 * (p["floor_s"] + empty)
            out.append(
                Target(
                    f"page {name}: filter-change script time vs 2x(DuckDB {fmt(p['floor_s'], 's')} + empty)",
                    p.get("filter_s"),
                    round(limit, 4),
                    "<=",
                    "s",
                )
            )
    out += browser_targets(fig)
    out += [
        Target("Unduh CSV of every row", fig.get("csv_export_s"), 5.0, "<=", "s"),
        Target("monthly report, one (PDF + PNG, python -m laporan)", fig.get("report_one_s"), 10.0, "<=", "s"),
        Target("monthly report, 39-report batch (PDF + PNG)", fig.get("report_batch_s"), 180.0, "<=", "s"),
        Target(
            "faster than the naive pandas baseline (warm filter change)", fig.get("baseline_ratio"), 10.0, ">=", "x"
        ),
    ]
    return out


def browser_targets(fig: dict) -> list[Target]:
    """The map page painted within 2x the bare one-polygon map of the same browser run; a sidebar
    filter change redrawn within 1 s on every page, the session's first change too."""
    floor = fig.get("map_floor_s")
    out = [
        Target(
            f"browser: map page, polygons drawn, vs 2x floor ({fmt(floor, 's')})",
            fig.get("map_draw_s"),
            round(2 * floor, 3) if floor else None,
            "<=",
            "s",
        )
    ]
    for path, p in (fig.get("browser_redraw_pages") or {}).items():
        if "error" in p:
            out.append(Target(f"browser: /{path} filter change redrawn (failed)", None, 1.0, "<=", "s"))
            continue
        out.append(Target(f"browser: /{path} filter change redrawn", p.get("redraw_s"), 1.0, "<=", "s"))
        out.append(Target(f"browser: /{path} first filter change redrawn", p.get("first_s"), 1.0, "<=", "s"))
    return out


def machine() -> dict:
    info = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["mem_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    for mod in ("duckdb", "streamlit", "pandas", "plotly"):
        try:
            info[mod] = __import__(mod).__version__
        except Exception:
            pass
    return info


def cpu_reference(repeats: int = 3) -> float:
    """Seconds for a fixed pure-Python loop (5 million additions), the median of ``repeats``: how fast
    this machine runs Python at the moment, so runs on different days (or different virtual machines of
    the same kind) can be compared. The DuckDB floor of the CSV files says the same for C++ code."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        total = 0
        for i in range(5_000_000):
            total += i
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def loadavg() -> float | None:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except OSError:
        return None


# ---------------------------------------------------------------------- the table


def _row(cols: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip()


def table(result: dict) -> str:
    """One table: every figure, and for those with a target its verdict and miss."""
    fig = result["figures"]
    rows_at = fig["rows"]
    star = "" if rows_at >= TARGET_ROWS else "*"
    lines: list[list[str]] = [["figure", "measured", "target", "result", "miss"]]

    def add(name: str, value: str, target: Target | None = None) -> None:
        if target is None:
            lines.append([name, value, "", "", ""])
        else:
            verdict = "n/a" if target.ok is None else ("PASS" if target.ok else "FAIL")
            lines.append([name, value, f"{target.op} {fmt(target.limit, target.unit)}", verdict + star, target.miss()])

    tgt = {t.name: t for t in targets(fig)}
    for size, s in sorted(result["sizes"].items(), key=lambda kv: int(kv[0])):
        size_n = int(size)
        label = human_rows(size_n)
        lines.append(
            [f"-- ETL at {label} terlapor rows" + (" (cached build)" if s.get("cached") else ""), "", "", "", ""]
        )
        for shape, e in s["etl"].items():
            if not e or shape == "csv-utf8-floor":
                continue
            value = (
                f"{e['seconds']:.1f} s, {e['rows_per_s']:,.0f} rows/s, {e['peak_mb']:,.0f} MB peak, "
                f"{e['rows']:,} rows, {e['files']} files, {e['input_bytes'] / 1e6:,.1f} MB in"
            )
            add(f"ETL {shape}", value)
            phases = e.get("phases_s") or {}
            if shape == "mixed" and phases:
                add("  mixed: seconds per step of the run", ", ".join(f"{k} {v:.1f}" for k, v in phases.items()))
            layers = s.get("map_layers")
            if shape == "mixed" and layers:
                add(
                    "  map layers, built before the timed runs (once per machine)",
                    "cached" if layers["from_cache"] else fmt(layers["seconds"], "s"),
                )
            if size_n == rows_at and shape == "mixed":
                add("  mixed: wall time", fmt(e["seconds"], "s"), tgt["ETL, mixed-shape input: wall time (must)"])
                add("  mixed: wall time", fmt(e["seconds"], "s"), tgt["ETL, mixed-shape input: wall time (target)"])
                add(
                    "  mixed: peak memory",
                    fmt(e["peak_mb"], "MB"),
                    tgt["ETL, mixed-shape input: peak memory, process tree"],
                )
            if size_n == rows_at and shape == "csv-utf8":
                add(
                    "  csv-utf8: throughput",
                    fmt(e["rows_per_s"], "rows/s"),
                    tgt["ETL, plain CSV (UTF-8) input: throughput"],
                )
                floor = s["etl"].get("csv-utf8-floor")
                if floor and floor.get("seconds"):
                    add(
                        "  csv-utf8: DuckDB read_csv of the same files (the floor), ETL / floor",
                        f"{fmt(floor['seconds'], 's')}, {floor['rows_per_s']:,.0f} rows/s; "
                        f"{e['seconds'] / floor['seconds']:.1f}x",
                    )
        add("warehouse (public DuckDB file)", fmt(s.get("duckdb_bytes"), "B"))
    lines.append(
        [
            f"-- dashboard at {human_rows(rows_at)} rows (AppTest script time; DuckDB floor = its queries)",
            "",
            "",
            "",
            "",
        ]
    )
    add("empty page (page config + sidebar + preamble), warm", fmt(fig.get("empty_page_s"), "s"))
    for path in PAGE_FILES:
        p = (fig.get("pages") or {}).get(path)
        if not p:
            continue
        name = f"/{path}"
        if "error" in p:
            add(f"page {name}", "ERROR: " + p["error"].strip().splitlines()[-1][:80])
            continue
        add(
            f"page {name}: cold (floor {fmt(p.get('cold_floor_s'), 's')})",
            fmt(p["cold_s"], "s"),
            tgt.get(f"page {name}: cold script time"),
        )
        add(f"page {name}: warm rerun", fmt(p["warm_s"], "s"), tgt.get(f"page {name}: warm script time"))
        ratio = next((t for n, t in tgt.items() if n.startswith(f"page {name}: filter-change")), None)
        add(f"page {name}: filter change (floor {fmt(p.get('floor_s'), 's')})", fmt(p["filter_s"], "s"), ratio)
        for problem in p.get("problems", [])[:2]:
            add("    problem", problem[:100])
    add("naive baseline /: filter change (pandas reads Parquet each rerun)", fmt(fig.get("baseline_s"), "s"))
    add(
        "ours / faster than naive",
        fmt(fig.get("baseline_ratio"), "x"),
        tgt["faster than the naive pandas baseline (warm filter change)"],
    )
    add("Unduh CSV, every row: time", fmt(fig.get("csv_export_s"), "s"), tgt["Unduh CSV of every row"])
    add(
        "Unduh CSV: size, peak RSS of the exporting process",
        f"{fmt(fig.get('csv_export_bytes'), 'B')}, {fmt(fig.get('csv_export_peak_mb'), 'MB')} "
        f"(of which {fmt(fig.get('csv_export_rss_before_mb'), 'MB')} before the export)",
    )
    add("map layer peta_kabupaten_kota.geojson", fmt(fig.get("map_bytes"), "B"))
    if "report_one_s" in fig or "report_one_error" in fig:
        month = fig.get("report_month")
        add(
            f"monthly report {month}, one national (PDF + PNG), wall incl. start-up",
            fig.get("report_one_error") or fmt(fig.get("report_one_s"), "s"),
            tgt["monthly report, one (PDF + PNG, python -m laporan)"],
        )
        add(
            f"monthly report {month}, 39-report batch (national + 38 provinces)",
            fig.get("report_batch_error") or fmt(fig.get("report_batch_s"), "s"),
            tgt["monthly report, 39-report batch (PDF + PNG)"],
        )
        add(
            "  per report in the batch (median), peak memory, national PDF size",
            f"{fmt(fig.get('report_batch_each_s'), 's')}, {fmt(fig.get('report_batch_peak_mb'), 'MB')}, "
            f"{fmt(fig.get('report_pdf_bytes'), 'B')}",
        )
    if fig.get("browser_skipped"):
        add("browser figures", "skipped (--skip-browser)")
    else:
        floor = fig.get("map_floor_s")
        map_ratio = f" ({fig['map_draw_s'] / floor:.2f}x the floor)" if floor and fig.get("map_draw_s") else ""
        add("  floor: bare one-polygon SVG map app (front end + plotly.js)", fmt(floor, "s"))
        for bt in browser_targets(fig):
            add(bt.name, fmt(bt.value, "s") + (map_ratio if bt.name.startswith("browser: map page") else ""), bt)
        add(
            "browser: p95 page load, 20 concurrent sessions",
            fmt(fig.get("load_p95_s"), "s") if fig.get("load_p95_s") is not None else (fig.get("load_note") or "n/a"),
        )
    # Every target once more, together: the verdict of this run in one place.
    lines.append(["-- every target of this run", "", "", "", ""])
    for t in targets(fig):
        add(t.name, "n/a (not measured)" if t.value is None else fmt(t.value, t.unit), t)
    widths = [max(len(r[i]) for r in lines) for i in range(5)]
    text = [_row(lines[0], widths), _row(["-" * w for w in widths], widths)] + [_row(r, widths) for r in lines[1:]]
    failed = [t for t in targets(fig) if t.ok is False]
    text.append("")
    text.append(
        f"{len(failed)} of {sum(1 for t in targets(fig) if t.ok is not None)} targets missed"
        + (f" (* measured at {human_rows(rows_at)} rows; the targets are set for 1M)" if star else "")
    )
    m = result["machine"]
    text.append(
        f"machine: {m.get('cpus')} CPUs ({m.get('cpu', '?')}), {m.get('mem_gib')} GiB; "
        f"load average {result.get('loadavg_start')} at start, {result.get('loadavg_end')} at end; "
        f"Python reference loop {result.get('cpu_reference_start')} s at start, {result.get('cpu_reference_end')} s at end"
    )
    return "\n".join(text)
