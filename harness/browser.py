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
MAP_PAINT_MS = 5000
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
    """MapLibre paints the polygons on a WebGL canvas some seconds after the figure mounts
    (software GL in headless Chromium): wait for the canvas, then give it time to paint."""
    page.wait_for_selector(".stPlotlyChart canvas", timeout=timeout_ms)
    page.wait_for_timeout(MAP_PAINT_MS)


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
