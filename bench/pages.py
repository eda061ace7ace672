"""Every dashboard page through Streamlit's AppTest, in its own process (``python -m bench.pages``):

- ``cold_s``: first run after the Streamlit caches, the DuckDB connection and the map-layer cache
  were dropped (what the first visitor after a deploy or a warehouse swap waits for);
- ``warm_s``: a rerun with everything cached (median of several);
- ``filter_s``: a rerun after a sidebar filter changed to a value nobody asked for yet: every
  query runs, on a warm connection (median over a few filters);
- ``floor_s`` / ``cold_floor_s``: the DuckDB time of the queries in those runs, measured by
  wrapping ``dashboard.warehouse.query``/``scalar`` from outside (no timing hook in product code);
- ``empty_s``: the shell every page pays (page config, sidebar filters, page preamble), warm;
- the naive baseline (:mod:`bench.naive`) on the same filter changes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import traceback
from pathlib import Path

from bench.common import PAGE_FILES, REPO

WARM_RUNS = 3
EMPTY_SCRIPT = """
import streamlit as st
from dashboard.layout import context, sidebar_filters
st.set_page_config(page_title="Kosong", layout="wide")
sidebar_filters()
context("Halaman kosong")
"""
NAIVE_SCRIPT = """
import streamlit as st
st.set_page_config(page_title="Naif", layout="wide")
from bench import naive
naive.page("halaman/ringkasan.py")
"""


class DuckTimer:
    """Accumulates the seconds spent inside DuckDB calls made through the dashboard's query layer."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    def reset(self) -> None:
        self.seconds, self.calls = 0.0, 0

    def wrap(self, fn):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1

        timed.__wrapped__ = fn
        return timed

    def install(self) -> None:
        import dashboard.queries
        import dashboard.warehouse as wh

        # query/scalar are looked up as module globals by the warehouse helpers and the page scripts
        # (re-imported on each run); dashboard.queries bound its own name at import.
        wh.query = self.wrap(wh.query)
        wh.scalar = self.wrap(wh.scalar)
        dashboard.queries.query = wh.query


TIMER = DuckTimer()
PROFILE = False  # set by --profile


def drop_caches(*, connection: bool) -> None:
    """Forget Streamlit's cached query results; with ``connection``, also the attached DuckDB and
    the parsed map layers (a fresh server process)."""
    import streamlit as st

    import dashboard.warehouse as wh

    st.cache_data.clear()
    if connection:
        wh.reset()


def _check(at, label: str) -> list[str]:
    problems = [f"{label}: exception {e.value}" for e in at.exception]
    return problems


def _timed_run(at) -> float:
    started = time.perf_counter()
    at.run()
    return time.perf_counter() - started


def election_filters(warehouse: Path, n: int = 3) -> list[list[str]]:
    """Distinct pemilihan selections (each a cache miss): the largest elections, then a pair."""
    import duckdb

    con = duckdb.connect(str(warehouse / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        codes = [
            r[0]
            for r in con.execute(
                "SELECT pemilihan FROM pelanggaran WHERE pemilihan IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 3"
            ).fetchall()
        ]
    finally:
        con.close()
    choices = [[c] for c in codes] + ([codes[:2]] if len(codes) > 1 else [])
    return choices[:n] if choices else [[]]


def set_elections(at, codes: list[str]) -> None:
    at.multiselect(key="f_pemilihan").set_value(codes)


class ScriptProfiler:
    """pyinstrument inside the script thread: AppTest runs each script run on a thread of its
    own, which a profiler started on the main thread never sees. Wraps Streamlit's script
    executor from outside; ``active`` names the profile the next runs add to."""

    def __init__(self) -> None:
        self.active: str | None = None
        self.profilers: dict = {}

    def install(self) -> None:
        from streamlit.runtime.scriptrunner import script_runner

        original = script_runner.exec_func_with_error_handling

        def profiled(func, ctx):
            if self.active is None:
                return original(func, ctx)
            from pyinstrument import Profiler

            profiler = self.profilers.setdefault(self.active, Profiler(async_mode="disabled", interval=0.001))
            profiler.start()
            try:
                return original(func, ctx)
            finally:
                profiler.stop()

        script_runner.exec_func_with_error_handling = profiled

    def write(self, folder: Path) -> list[str]:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, profiler in self.profilers.items():
            path = folder / f"profile-{name}.html"
            path.write_text(profiler.output_html(), encoding="utf-8")
            (folder / f"profile-{name}.txt").write_text(
                profiler.output_text(unicode=True, show_all=False), encoding="utf-8"
            )
            written.append(str(path))
        return written


PROFILER = ScriptProfiler()


def measure_page(at, path: str, file: str, filters: list[list[str]]) -> dict:
    problems: list[str] = []
    name = path or "ringkasan"
    drop_caches(connection=True)
    TIMER.reset()
    PROFILER.active = f"{name}-cold" if PROFILE else None
    started = time.perf_counter()
    at.switch_page(file).run()
    cold = time.perf_counter() - started
    PROFILER.active = None
    cold_floor, cold_calls = TIMER.seconds, TIMER.calls
    problems += _check(at, f"{path or '/'} cold")
    warm = [_timed_run(at) for _ in range(WARM_RUNS)]
    problems += _check(at, f"{path or '/'} warm")
    filter_s, floors = [], []
    for codes in filters:
        drop_caches(connection=False)
        set_elections(at, codes)
        TIMER.reset()
        PROFILER.active = f"{name}-filter" if PROFILE else None
        filter_s.append(_timed_run(at))
        PROFILER.active = None
        floors.append(TIMER.seconds)
        problems += _check(at, f"{path or '/'} filter {codes}")
    set_elections(at, [])
    at.run()
    return {
        "cold_s": round(cold, 4),
        "cold_floor_s": round(cold_floor, 4),
        "cold_queries": cold_calls,
        "warm_s": round(statistics.median(warm), 4),
        "filter_s": round(statistics.median(filter_s), 4),
        "floor_s": round(statistics.median(floors), 4),
        "filter_runs": [round(x, 4) for x in filter_s],
        "problems": problems,
    }


def measure_empty() -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(EMPTY_SCRIPT, default_timeout=300)
    at.run()
    warm = [_timed_run(at) for _ in range(WARM_RUNS)]
    bare = AppTest.from_string("import streamlit as st\n", default_timeout=60)
    bare.run()
    bare_warm = [_timed_run(bare) for _ in range(WARM_RUNS)]
    return {"empty_s": round(statistics.median(warm), 4), "bare_s": round(statistics.median(bare_warm), 4)}


#: Rounds of the naive-vs-ours comparison (each round: every filter, both pages); medians are reported.
NAIVE_ROUNDS = 3


def _metrics(at) -> list[tuple]:
    return [(m.label, m.value, m.delta) for m in at.metric]


def _numbers(kind: str, value) -> object:
    """A query answer in a comparable form (row order and NaN/None spelling aside)."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        rows = [
            tuple(
                None if pd.isna(v) else (int(v) if hasattr(v, "__int__") and not isinstance(v, str) else v) for v in r
            )
            for r in value.itertuples(index=False)
        ]
        return sorted(rows, key=repr)
    if isinstance(value, dict):
        return {k: (None if v is None or v != v else float(v)) for k, v in value.items()}
    return int(value)


def same_numbers(codes: list[str]) -> list[str]:
    """The naive data path's answers against ours for one filter: every number the Ringkasan page shows."""
    import pandas as pd

    from bench.naive import NaiveQueries
    from dashboard import queries
    from dashboard.filters import Filter
    from dashboard.warehouse import current
    from netralitas import config

    wh = current()
    ident = wh.identity()
    naive = NaiveQueries(pd.read_parquet(wh.folder / config.PARQUET_FILENAME))
    f = Filter(pemilihan=tuple(codes))
    pairs = {
        "kpis": (queries.kpis(wh, ident, f), naive.kpis(wh, ident, f)),
        "breakdown pemilihan": (
            queries.breakdown(wh, ident, f, "pemilihan"),
            naive.breakdown(wh, ident, f, "pemilihan"),
        ),
        "by_region provinsi": (queries.by_region(wh, ident, f, "provinsi"), naive.by_region(wh, ident, f, "provinsi")),
        "by_region kabupaten_kota": (
            queries.by_region(wh, ident, f, "kabupaten_kota"),
            naive.by_region(wh, ident, f, "kabupaten_kota"),
        ),
        "province_level_count": (
            queries.province_level_count(wh, ident, f),
            naive.province_level_count(wh, ident, f),
        ),
        "count_rows": (queries.count_rows(wh, ident, f), naive.count_rows(wh, ident, f)),
    }
    return [
        f"{name} {codes}: ours {_numbers(name, a)!r:.300} != naive {_numbers(name, b)!r:.300}"
        for name, (a, b) in pairs.items()
        if _numbers(name, a) != _numbers(name, b)
    ]


def measure_naive(filters: list[list[str]]) -> dict:
    """The naive Ringkasan (pandas reads the Parquet on every rerun) against ours, in the same run: the
    same filter changes, interleaved, ``NAIVE_ROUNDS`` times; medians of both and their ratio. Both
    must show the same numbers (KPIs on screen, and every query answer behind the page): a mismatch
    raises, so the benchmark fails loudly instead of comparing two different computations."""
    from streamlit.testing.v1 import AppTest

    naive_at = AppTest.from_string(NAIVE_SCRIPT, default_timeout=600)
    naive_at.run()
    ours_at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
    ours_at.run()
    ours_at.switch_page(PAGE_FILES[""]).run()
    problems = _check(naive_at, "naive first run") + _check(ours_at, "ours first run")
    naive_times: list[float] = []
    ours_times: list[float] = []
    mismatches: list[str] = []
    for round_ in range(NAIVE_ROUNDS):
        for codes in filters:
            set_elections(naive_at, codes)
            naive_times.append(_timed_run(naive_at))
            drop_caches(connection=False)  # ours: a filter value nobody asked for yet
            set_elections(ours_at, codes)
            ours_times.append(_timed_run(ours_at))
            problems += _check(naive_at, f"naive filter {codes}") + _check(ours_at, f"ours filter {codes}")
            if round_ == 0:
                if _metrics(naive_at) != _metrics(ours_at):
                    mismatches.append(f"KPIs {codes}: ours {_metrics(ours_at)} != naive {_metrics(naive_at)}")
                mismatches += same_numbers(codes)
    if mismatches:
        raise AssertionError("naive baseline computes other numbers than our page:\n  " + "\n  ".join(mismatches))
    naive_s, ours_s = statistics.median(naive_times), statistics.median(ours_times)
    return {
        "filter_s": round(naive_s, 4),
        "ours_filter_s": round(ours_s, 4),
        "ratio": round(naive_s / ours_s, 2) if ours_s else None,
        "filter_runs": [round(x, 4) for x in naive_times],
        "ours_filter_runs": [round(x, 4) for x in ours_times],
        "same_numbers": True,
        "problems": problems,
    }


#: Page targets (AppTest script time): warm rerun and cold first run.
WARM_TARGET_S = 0.3
COLD_TARGET_S = 2.0


def verdicts(pages: dict) -> list[str]:
    """One line per page: warm and cold against their targets, PASS/FAIL."""
    lines = []
    for path, p in pages.items():
        if "error" in p:
            lines.append(f"page /{path}: ERROR")
            continue
        warm = "PASS" if p["warm_s"] <= WARM_TARGET_S else "FAIL"
        cold = "PASS" if p["cold_s"] <= COLD_TARGET_S else "FAIL"
        lines.append(
            f"page /{path}: warm {p['warm_s'] * 1000:.0f} ms (<= {WARM_TARGET_S * 1000:.0f} ms {warm}), "
            f"cold {p['cold_s']:.2f} s (<= {COLD_TARGET_S:.0f} s {cold})"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("--warehouse", required=True, help="warehouse root (the folder holding publik/)")
    parser.add_argument("--pages", default=",".join(PAGE_FILES), help="URL paths, comma-separated ('' = Ringkasan)")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument(
        "--profile", default=None, help="folder for pyinstrument profiles of each page's cold and filter-change runs"
    )
    args = parser.parse_args(argv)
    warehouse = Path(args.warehouse).resolve()
    os.environ["NETRALITAS_DATA"] = str(warehouse)
    os.environ["NETRALITAS_MODE"] = "publik"
    os.chdir(REPO)
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))

    from streamlit.testing.v1 import AppTest

    TIMER.install()
    filters = election_filters(warehouse)
    out: dict = {"filters": filters, "pages": {}}
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
    at.run()  # imports and first-run costs of the process are not any page's
    paths = args.pages.split(",") if args.pages else list(PAGE_FILES)
    global PROFILE
    PROFILE = bool(args.profile)
    if PROFILE:
        PROFILER.install()
    for path in paths:
        try:
            out["pages"][path] = measure_page(at, path, PAGE_FILES[path], filters)
        except Exception:  # one broken page must not hide the others' figures
            out["pages"][path] = {"error": traceback.format_exc(limit=3)}
        print(f"page /{path}: {out['pages'][path]}", file=sys.stderr, flush=True)
    if PROFILE:
        out["profiles"] = PROFILER.write(Path(args.profile))
    out.update(measure_empty())
    if not args.no_naive:
        try:
            out["naive"] = measure_naive(filters)
            print(
                f"naive baseline: {out['naive']['filter_s']} s, ours {out['naive']['ours_filter_s']} s, "
                f"{out['naive']['ratio']}x (target >= 10x: {'PASS' if (out['naive']['ratio'] or 0) >= 10 else 'FAIL'})",
                file=sys.stderr,
                flush=True,
            )
        except Exception:
            out["naive"] = {"error": traceback.format_exc(limit=3)}
            print(f"naive baseline FAILED:\n{out['naive']['error']}", file=sys.stderr, flush=True)
    for line in verdicts(out["pages"]):
        print(line, file=sys.stderr, flush=True)
    print(json.dumps(out))
    return 1 if "error" in out.get("naive", {}) else 0


if __name__ == "__main__":
    raise SystemExit(main())
