"""When a page has finished running, what is wrong with it, and the many-sessions load run that
``tests/test_load.py`` asserts on and the benchmark (``bench/``) reports.

A page is *ready* when Streamlit is idle (the app root says ``notRunning``, nothing stale, no
skeleton) and the page drew
what it exists to show: every plotly chart has its ``.main-svg`` or map canvas (chart pages), or a
data grid shows its cells (``data``, ``kualitas-data``). The wait does not give MapLibre seconds to
paint its polygons: the load run measures the server and the page, not software WebGL.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable, Sequence

from harness.browser import CHROMIUM_ARGS, PATHS

#: Renderer processes the load run's browser may start (tabs beyond that share them).
RENDERER_PROCESSES = 2

#: Pages whose content is tables, not charts.
TABLE_PAGES = frozenset({"data", "kualitas-data"})

#: Streamlit's app root carries the script state (``initial``, ``running``, ``notRunning``...): the
#: same signal Streamlit's own end-to-end tests wait on.
_IDLE_JS = """(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.dataset.testScriptState === 'notRunning' && app.dataset.testConnectionState === 'CONNECTED';
})()"""

#: Before an interaction in an open page: remember the page's text and note any change of the script
#: state, so the wait after it cannot mistake the old page (still on screen, not yet stale) for the
#: new one. (A quick run under load can come and go inside one React commit, so the state change
#: alone is not enough; a page switch always changes the text of the main area.)
_ARM_JS = """() => {
  window.__pnRunSeen = false;
  window.__pnOldText = (document.querySelector('[data-testid="stMain"]') || {}).innerText;
  if (!window.__pnObserver) {
    window.__pnObserver = new MutationObserver(() => { window.__pnRunSeen = true; });
    window.__pnObserver.observe(document.body, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
  }
}"""

_READY_JS = (
    """({tables, after, path}) => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main) return false;
  if (after) {
    const current = document.querySelector('[data-testid="stSidebarNavLink"][aria-current="page"]');
    if (path !== null && (!current || current.getAttribute('href').replace(/\\?.*$/, '').split('/').pop() !== path)) return false;
    if (!window.__pnRunSeen && main.innerText === window.__pnOldText) return false;
  }
  if (!"""
    + _IDLE_JS
    + """) return false;
  if (document.querySelectorAll('[data-testid="stSkeleton"], [data-stale="true"]').length) return false;
  if (main.querySelector('.stException, [data-testid="stException"]')) return true;  // done, badly: reported
  if (tables) return !!main.querySelector('[data-testid="stDataFrame"] [role="gridcell"]');  // a grid with its cells
  const charts = [...main.querySelectorAll('.stPlotlyChart')];
  return charts.length > 0 && charts.every(c => c.querySelector('.main-svg, canvas'));
}"""
)


def _ready_arg(path: str, after: bool) -> dict:
    return {"tables": _bare(path) in TABLE_PAGES, "after": after, "path": _bare(path)}


#: Where a page that never became ready was stuck (for the error message).
_DIAG_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  return JSON.stringify({
    url: location.pathname + location.search, script: app?.dataset.testScriptState, conn: app?.dataset.testConnectionState,
    runSeen: window.__pnRunSeen, stale: document.querySelectorAll('[data-stale="true"]').length,
    skeleton: document.querySelectorAll('[data-testid="stSkeleton"]').length,
    charts: main ? main.querySelectorAll('.stPlotlyChart').length : null,
    drawn: main ? [...main.querySelectorAll('.stPlotlyChart')].filter(c => c.querySelector('.main-svg, canvas')).length : null,
    tables: main ? main.querySelectorAll('[data-testid="stDataFrame"]').length : null,
    title: (main?.querySelector('h1, h3') || {}).innerText, changed: main?.innerText !== window.__pnOldText,
  });
}"""

_STATE_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const metric = [...document.querySelectorAll('[data-testid="stMetric"]')]
    .find(m => (m.querySelector('[data-testid="stMetricLabel"]')?.innerText || '').trim() === 'ASN terlapor');
  return {
    exceptions: [...document.querySelectorAll('.stException, [data-testid="stException"]')].map(e => e.innerText.slice(0, 300)),
    toasts: [...document.querySelectorAll('[data-testid="stToast"]')].map(t => t.innerText.slice(0, 300)),
    charts: main ? main.querySelectorAll('.stPlotlyChart').length : 0,
    undrawn: main ? [...main.querySelectorAll('.stPlotlyChart')].filter(c => !c.querySelector('.main-svg, canvas')).length : 0,
    tables: main ? main.querySelectorAll('[data-testid="stDataFrame"]').length : 0,
    text: main ? main.innerText : '',
    kpi: metric ? metric.querySelector('[data-testid="stMetricValue"]').innerText.trim() : null,
  };
}"""


def page_url(base_url: str, path: str, query: str = "") -> str:
    query = query.lstrip("?")
    return f"{base_url.rstrip('/')}/{path}" + (f"?{query}" if query else "")


def _bare(path: str) -> str:
    return path.split("?")[0].strip("/")


def problems(state: dict, path: str) -> list[str]:
    """What a user would notice is wrong with a finished page (from :data:`_STATE_JS`)."""
    out = [f"exception: {e}" for e in state["exceptions"]]
    out += [f"toast: {t}" for t in state["toasts"]]
    if _bare(path) in TABLE_PAGES:
        if not state["tables"]:
            out.append("no data grid drawn")
    elif not state["charts"] or state["undrawn"]:
        out.append(f"charts not drawn: {state['undrawn']} of {state['charts']}")
    return out


# ------------------------------------------------------------------ sync (one page at a time)


def wait_ready(page, path: str, timeout_ms: int = 60_000, *, after_run: bool = False) -> None:
    """Wait until the page of ``path`` finished running and drew its charts (or data grid).
    ``after_run``: only after the page switch to ``path`` that followed :func:`arm`."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(_READY_JS, arg=_ready_arg(path, after_run), timeout=timeout_ms, polling=100)


def arm(page) -> None:
    """Call before an interaction that reruns the script, then ``wait_ready(..., after_run=True)``."""
    page.evaluate(_ARM_JS)


def page_state(page) -> dict:
    return page.evaluate(_STATE_JS)


def nav_link(path: str) -> str:
    """The sidebar navigation link to ``path`` (the root page's link ends with ``/``)."""
    return f"[data-testid='stSidebarNavLink'][href$='/{_bare(path)}']"


def open_ready(page, base_url: str, path: str, query: str = "", timeout_ms: int = 60_000) -> float:
    """Load a page and wait until it finished running and drew its charts/tables. Returns seconds."""
    started = time.perf_counter()
    page.goto(page_url(base_url, path, query), wait_until="domcontentloaded", timeout=timeout_ms)
    wait_ready(page, path, timeout_ms)
    return time.perf_counter() - started


def click_ready(page, path: str, timeout_ms: int = 60_000) -> float:
    """Go to ``path`` the way a user does, by its sidebar link (same session, filters kept), and
    wait until the new page finished and drew. Returns seconds."""
    started = time.perf_counter()
    arm(page)
    page.click(nav_link(path), timeout=timeout_ms)
    wait_ready(page, path, timeout_ms, after_run=True)
    return time.perf_counter() - started


# ------------------------------------------------------------------ the load run


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (``p`` in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def session_paths(n: int, paths: Sequence[str], per_session: int | None = None, last: str | None = None) -> list[str]:
    """The pages session ``n`` visits, in order: it starts on page ``n`` (mod the number of pages) so the
    sessions do not move in lockstep, then follows the sidebar order round; ``per_session`` pages (default:
    all of them). ``last``: a page every session ends on, moved there or added (where the test reads the
    filter's KPI, after the session's clicks)."""
    start = n % len(paths)
    order = list(paths[start:]) + list(paths[:start])
    order = order[: per_session or len(order)]
    if last is not None:
        order = [p for p in order if p != last] + [last]
    return order


async def _session(
    context,
    n: int,
    base_url: str,
    order: Sequence[str],
    query: str,
    timeout_ms: int,
    on_load: Callable[[dict], None] | None,
) -> list[dict]:
    """One user: opens the link (with ``query``) on the first page of ``order``, then clicks through the
    others in the sidebar."""
    page = await context.new_page()
    records = []
    try:
        for i, path in enumerate(order):
            record: dict = {
                "session": n,
                "path": path,
                "how": "link" if i == 0 else "klik",
                "seconds": None,
                "problems": [],
                "kpi": None,
            }
            started = time.perf_counter()
            try:
                if i == 0:
                    await page.goto(page_url(base_url, path, query), wait_until="domcontentloaded", timeout=timeout_ms)
                    await page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
                else:
                    await page.evaluate(_ARM_JS)
                    await page.click(nav_link(path), timeout=timeout_ms)
                await page.wait_for_function(_READY_JS, arg=_ready_arg(path, i > 0), timeout=timeout_ms, polling=100)
                record["seconds"] = round(time.perf_counter() - started, 3)
                state = await page.evaluate(_STATE_JS)
                record["problems"] = problems(state, path)
                record["kpi"] = state["kpi"]
            except Exception as exc:  # a timeout or a crashed page is a finding, not a reason to stop the run
                record["problems"] = [f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"]
                with contextlib.suppress(Exception):
                    record["problems"][0] += " | " + await page.evaluate(_DIAG_JS)
                with contextlib.suppress(Exception):  # start the next page from a fresh load
                    await page.goto(page_url(base_url, path, query), wait_until="domcontentloaded", timeout=timeout_ms)
            records.append(record)
            if on_load is not None:
                on_load(record)
    finally:
        await page.close()
    return records


async def _empty_layer(route) -> None:
    await route.fulfill(
        status=200, content_type="application/geo+json", body='{"type": "FeatureCollection", "features": []}'
    )


async def _run_load(
    base_url: str,
    sessions: int,
    paths: Sequence[str],
    query: str,
    chromium: str,
    timeout_ms: int,
    on_load: Callable[[dict], None] | None,
    draw_maps: bool,
    plan: list[list[str]],
) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=[*CHROMIUM_ARGS, f"--renderer-process-limit={RENDERER_PROCESSES}"],
        )
        # One browser window with a tab per user: every tab is its own Streamlit session (its own
        # WebSocket, its own filters), as on twenty machines, but the tabs share renderer processes
        # and so V8's compiled copy of Streamlit's JavaScript. Twenty separate contexts made the
        # harness's twenty JavaScript compilers and software GL the bottleneck, not the server.
        context = await browser.new_context(viewport={"width": 1024, "height": 720})
        if not draw_maps:
            await context.route("**/app/static/peta/*.geojson", _empty_layer)
        started = time.perf_counter()
        try:
            results = await asyncio.gather(
                *(_session(context, n, base_url, plan[n], query, timeout_ms, on_load) for n in range(sessions))
            )
        finally:
            await browser.close()
        wall = time.perf_counter() - started
    loads = [r for session in results for r in session]
    seconds = [r["seconds"] for r in loads if r["seconds"] is not None]
    return {
        "n_sessions": sessions,
        "paths": list(paths),
        "plan": plan,
        "query": query,
        "page_loads": len(seconds),
        "p50_s": percentile(seconds, 50),
        "p95_s": percentile(seconds, 95),
        "max_s": max(seconds) if seconds else None,
        "wall_s": round(wall, 1),
        "errors": [f"session {r['session']} /{r['path']}: {p}" for r in loads for p in r["problems"]],
        "loads": loads,
    }


def run_load(
    base_url: str,
    sessions: int = 20,
    paths: Sequence[str] = PATHS,
    query: str = "",
    *,
    chromium: str | None = None,
    timeout_ms: int = 120_000,
    on_load: Callable[[dict], None] | None = None,
    draw_maps: bool = True,
    per_session: int | None = None,
    last: str | None = None,
) -> dict:
    """``sessions`` concurrent browser sessions (one headless Chromium, one tab each) against a
    running dashboard, each loading every page of ``paths`` with ``query`` (or ``per_session`` of them,
    ending on ``last``: :func:`session_paths`) and waiting until it has finished and drawn. Returns
    ``n_sessions``, ``plan`` (each session's pages, in order), ``page_loads`` (loads that finished), ``p50_s``,
    ``p95_s``, ``max_s`` (seconds per page load), ``errors`` (what went wrong, per load; empty when
    all is well) and ``loads`` (every load: session, path, seconds, problems, the ASN terlapor KPI).
    ``on_load`` is called with each load's record as it finishes (progress output). ``draw_maps=False``
    hands the browser an empty map layer instead of the region polygons: the server still serves
    every page, but twenty tabs no longer tessellate 514 polygons each in software WebGL (on a
    2-core machine without a GPU that was most of the run's CPU, and none of it the server's)."""
    from tests.conftest import chromium_path

    chromium = chromium or chromium_path() or "/usr/bin/chromium"
    plan = [session_paths(n, paths, per_session, last) for n in range(sessions)]
    return asyncio.run(_run_load(base_url, sessions, paths, query, chromium, timeout_ms, on_load, draw_maps, plan))
