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


def measure_naive(filters: list[list[str]]) -> dict:
    """The naive Ringkasan (pandas reads the Parquet on every rerun) on the same filter changes."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(NAIVE_SCRIPT, default_timeout=600)
    at.run()
    problems = _check(at, "naive first run")
    times = []
    for codes in filters:
        set_elections(at, codes)
        times.append(_timed_run(at))
        problems += _check(at, f"naive filter {codes}")
    return {
        "filter_s": round(statistics.median(times), 4),
        "filter_runs": [round(x, 4) for x in times],
        "problems": problems,
    }


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
        except Exception:
            out["naive"] = {"error": traceback.format_exc(limit=3)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
