"""A real Streamlit server and headless Debian Chromium (via playwright), for browser tests,
screenshots and the benchmark's browser figures."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.pages import URL_PATHS
from netralitas.config import CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent
MAP_PATHS = ("peta", "laporan-bulanan")  # and the root page (Ringkasan)

#: JavaScript: is this plotly chart a map, and is it drawn? An SVG map (the pages' ``geo`` maps) has a
#: path for every location of its choropleth traces; a MapLibre map (the report files') has rendered
#: polygons and is idle.
IS_MAP_JS = "(g => !!(g._fullLayout && (g._fullLayout.map || g._fullLayout.geo)))"
MAP_IS_DRAWN_JS = """(g => {
  if (g._fullLayout.geo) {
    const n = g._fullData.filter(t => t.type === 'choropleth').reduce((s, t) => s + t.locations.length, 0);
    return n > 0 && g.querySelectorAll('path.choroplethlocation').length >= n;
  }
  const m = g._fullLayout.map._subplot && g._fullLayout.map._subplot.map;
  return !!m && m.loaded() && m.areTilesLoaded() && m.queryRenderedFeatures().length > 0;
})"""
#: The first SVG map's screen point for ``[lng, lat]`` (plotly hit-tests the regions itself: the
#: element under the pointer is its drag layer, not the region's path).
MAP_POINT_JS = """([lng, lat]) => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout && g._fullLayout.geo);
  const path = gd.querySelector('path.choroplethlocation');
  const [px, py] = gd._fullLayout.geo._subplot.projection([lng, lat]);
  const p = new DOMPoint(px, py).matrixTransform(path.getScreenCTM());
  return [p.x, p.y];
}"""
#: Every map on the page is drawn (and there is one).
MAP_DRAWN_JS = f"""() => {{
  const maps = [...document.querySelectorAll('.js-plotly-plot')].filter({IS_MAP_JS});
  return maps.length > 0 && maps.every({MAP_IS_DRAWN_JS});
}}"""
PATHS = list(URL_PATHS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    warehouse: Path,
    env: dict | None = None,
    timeout: float = 60.0,
    port: int | None = None,
    args: tuple[str, ...] = (),
    app: str = "app.py",
):
    port = port or free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            app,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            *args,
        ],  # edits in the checkout must not prompt open pages
        cwd=REPO,
        env={**os.environ, "NETRALITAS_DATA": str(warehouse), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start: " + (proc.stdout.read(4000).decode() if proc.stdout else ""))
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def browser(chromium: str = "/usr/bin/chromium"):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(page, url: str, *, charts: bool = True, timeout_ms: int = 45_000) -> float:
    """Load a page and wait until Streamlit finished running it (and drew its charts). Returns seconds."""
    started = time.perf_counter()
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    wait_idle(page, timeout_ms)
    if charts:
        page.wait_for_selector(
            ".js-plotly-plot .main-svg, .stPlotlyChart canvas, [data-testid='stMetric'], [data-testid='stDataFrame']",
            timeout=timeout_ms,
        )
        path = urlsplit(url).path.strip("/")
        if path in MAP_PATHS or path == "":
            wait_map_drawn(page, timeout_ms)
    return time.perf_counter() - started


def wait_map_drawn(page, timeout_ms: int = 45_000) -> None:
    """Until every region of every map on the page is drawn (:data:`MAP_DRAWN_JS`)."""
    page.wait_for_function(MAP_DRAWN_JS, timeout=timeout_ms, polling=100)


def wait_idle(page, timeout_ms: int = 45_000) -> None:
    """Wait until the script run finished: the app says so on its root element (``initial`` before the
    first run, ``running`` during one), the running indicator is gone and no placeholder is left."""
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && app.getAttribute('data-test-connection-state') === 'CONNECTED'
                && !document.querySelector('[data-testid="stStatusWidget"]')
                && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0;
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(600)  # let plotly finish its first paint
