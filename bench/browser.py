"""Figures only a real browser gives: a real server (``harness.browser.streamlit_server``)
and headless Debian Chromium.

- ``map_draw_s``: from navigation to the map page until every region of its SVG map has its path
  (``harness.browser.MAP_DRAWN_JS``), on a warm server, new session;
- ``map_floor_s``: the same measure on a bare one-polygon map app (``bench/map_floor_app.py``): what
  the browser needs before any map of ours can show;
- ``browser_redraw_s``: on every page, from the click on a sidebar filter option until every chart
  shows the new filter in its subtitle and nothing is stale any more; the first change of a session
  is the median over :data:`FIRST_CHANGE_SESSIONS` new sessions, the later ones of the first session;
- ``load_p95_s``: 95th-percentile page load under 20 concurrent sessions
  (``harness.load.run_load``).
"""

from __future__ import annotations

import os
import statistics
import time
import traceback
from pathlib import Path

from harness.browser import IS_MAP_JS, MAP_DRAWN_JS, MAP_IS_DRAWN_JS

VIEWPORT = {"width": 1920, "height": 1080}


#: Set before any page script: ``window.__ran`` turns true when a script run starts (reset before a click).
#: Read from each mutation record (old value included): a run that starts and ends before the observer's
#: callback runs still counts (reading the attribute's current value missed it and the wait never ended).
_RAN_INIT_JS = """
window.__ran = false;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.oldValue === 'running' || r.target.getAttribute('data-test-script-state') === 'running') window.__ran = true;
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
"""

#: Charts whose title carries the filter text ``label`` (spaces ignored: titles wrap).
_FILTER_CHARTS_JS = """(label) => {
  const flat = s => s.replace(/\\s+/g, '');
  return [...document.querySelectorAll('.js-plotly-plot')]
    .filter(g => flat((g.querySelector('.gtitle') || {}).textContent || '').includes(flat(label))).length;
}"""

#: Redrawn for the new filter: a script run started after the click and finished, nothing is stale,
#: every chart that carried the old filter text carries the new one (no old copy left on screen), and
#: every map is drawn (harness.browser.MAP_IS_DRAWN_JS).
_REDRAWN_JS = """([label, nCharts]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!window.__ran || !app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelectorAll('[data-stale="true"]').length) return false;
  const flat = s => s.replace(/\\s+/g, '');
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const titled = plots.filter(g => flat((g.querySelector('.gtitle') || {}).textContent || '').includes(flat(label)));
  if (titled.length < nCharts) return false;
  return plots.filter(IS_MAP).every(MAP_IS_DRAWN);
}""".replace("IS_MAP", IS_MAP_JS).replace("MAP_IS_DRAWN", MAP_IS_DRAWN_JS)


#: What :data:`_REDRAWN_JS` waits for, part by part (for the message when a redraw never comes).
_REDRAW_STATE_JS = """(label) => {
  const flat = s => s.replace(/\\s+/g, '');
  const app = document.querySelector('[data-testid="stApp"]');
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  return {
    ran: window.__ran,
    script: app && app.getAttribute('data-test-script-state'),
    stale: document.querySelectorAll('[data-stale="true"]').length,
    titled: plots.filter(g => flat((g.querySelector('.gtitle') || {}).textContent || '').includes(flat(label))).length,
    charts: plots.length,
    maps_drawn: plots.filter(IS_MAP).map(MAP_IS_DRAWN),
    chosen: [...document.querySelectorAll('[data-testid="stSidebar"] [data-baseweb="tag"]')].map(t => t.textContent),
  };
}""".replace("IS_MAP", IS_MAP_JS).replace("MAP_IS_DRAWN", MAP_IS_DRAWN_JS)


def server_pid(port: int) -> int | None:
    """The pid of the Streamlit child serving ``port`` (a child of this process)."""
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == me and b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
            return int(entry.name)
    return None


def rss_mb(pid: int) -> dict:
    """Current (VmRSS) and peak (VmHWM) resident memory of a process, MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = round(int(value.split()[0]) / 1024.0, 1)
    return out


def map_floor(b, repeats: int = 3, log=print) -> dict:
    """Median seconds to painted polygons on the bare map app, served by its own Streamlit server
    (same browser ``b``)."""
    from harness.browser import streamlit_server

    try:
        with streamlit_server(Path("."), timeout=120, app="bench/map_floor_app.py") as base:
            _map_draw(b, base, "")  # warm-up: server imports, browser cache
            draws = [_map_draw(b, base, "") for _ in range(repeats)]
    except Exception:
        return {"map_floor_error": traceback.format_exc(limit=2)}
    log(f"  browser: bare one-polygon map drawn {draws}")
    return {"map_floor_s": round(statistics.median(draws), 3), "map_floor_runs": [round(x, 3) for x in draws]}


def _map_draw(b, base: str, path: str) -> float:
    from harness.browser import wait_idle

    page = b.new_page(viewport=VIEWPORT)
    try:
        started = time.perf_counter()
        page.goto(f"{base}/{path}", wait_until="domcontentloaded", timeout=300_000)
        page.wait_for_function(MAP_DRAWN_JS, timeout=300_000, polling=50)
        seconds = time.perf_counter() - started
        wait_idle(page, 300_000)
        return seconds
    finally:
        page.close()


#: Pages that show one election at a time, chosen in a box of their own (kept equal to the sidebar's).
ONE_ELECTION_PAGES = ("angka-resmi",)


def _redraw(b, base: str, path: str, elections: list[str]) -> list[float]:
    """On page ``path`` (a new session), add elections one by one to the Pemilihan filter; time each
    redraw from the click on the option. The first is the session's first change."""
    from dashboard.filters import Filter
    from harness.browser import open_page
    from harness.load import wait_ready
    from netralitas import vocab

    page = b.new_page(viewport=VIEWPORT)
    page.add_init_script(_RAN_INIT_JS)
    times = []
    try:
        open_page(page, f"{base}/{path}", charts=path not in ("data", "kualitas-data"), timeout_ms=300_000)
        wait_ready(page, path)
        label = Filter().describe()
        names = vocab.election_names()
        chosen: list[str] = []
        one_election = path in ONE_ELECTION_PAGES
        own_box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(has_text="Pemilihan").first
        if one_election:  # its charts name the election shown, chosen in the page's own box
            label = own_box.locator("input").first.input_value()
        for code in elections:
            n_charts = page.evaluate(_FILTER_CHARTS_JS, label)
            chosen.append(code)
            if one_election:
                if names[code] == label:
                    continue  # already shown: not a change
                label = names[code]
                own_box.locator("input").first.click()
            else:
                label = Filter(pemilihan=tuple(chosen)).describe()
                box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
                    has_text="Pemilihan"
                )
                box.locator("input").click()
            option = page.locator("[role='option']").filter(has_text=names[code]).first
            option.wait_for(timeout=30_000)
            page.evaluate("() => { window.__ran = false; }")
            started = time.perf_counter()
            option.click()
            try:
                page.wait_for_function(_REDRAWN_JS, arg=[label, n_charts], timeout=180_000, polling=20)
            except Exception as exc:  # say which part of "redrawn" never came
                state = page.evaluate(_REDRAW_STATE_JS, label)
                raise RuntimeError(f"{code} ({len(times)} changes before): not redrawn: {state}") from exc
            times.append(time.perf_counter() - started)
            page.keyboard.press("Escape")  # close the option list before the next pick
            wait_ready(page, path)
    finally:
        page.close()
    return times


#: New sessions whose first filter change is timed per page (the median is the figure): one session's
#: first change varied from 0.76 to 1.52 s around a 1 s target on an idle machine (Jenis pelanggaran).
FIRST_CHANGE_SESSIONS = 3


def redraw_pages(b, base: str, elections: list[str], log=print) -> dict:
    """Every public page: the first filter change of a new session (median of
    :data:`FIRST_CHANGE_SESSIONS` sessions), then the median of the later changes of the first one."""
    from dashboard.pages import URL_PATHS

    out: dict = {}
    for path in URL_PATHS:
        try:
            runs = _redraw(b, base, path, elections)
            # Two changes each: on a one-election page the first election may already be the one shown.
            firsts = [runs[0]] + [_redraw(b, base, path, elections[:2])[0] for _ in range(FIRST_CHANGE_SESSIONS - 1)]
        except Exception:
            out[path] = {"error": traceback.format_exc(limit=2)}
            log(f"  browser: /{path} filter redraw failed: {out[path]['error'].strip().splitlines()[-1][:400]}")
            continue
        rest = runs[1:] or runs
        out[path] = {
            "first_s": round(statistics.median(firsts), 3),
            "first_runs": [round(x, 3) for x in firsts],
            "redraw_s": round(statistics.median(rest), 3),
            "runs": [round(x, 3) for x in runs],
        }
        log(
            f"  browser: /{path} filter redraw, first {[round(x, 2) for x in firsts]} (new sessions), "
            f"then {[round(x, 2) for x in rest]}"
        )
    return out


def measure(
    warehouse: Path,
    elections: list[str],
    *,
    load: bool = True,
    log=print,
    repeats: int = 3,
    parts: tuple[str, ...] = ("map", "redraw"),
) -> dict:
    from harness.browser import browser, open_page, streamlit_server

    out: dict = {}
    with streamlit_server(warehouse, timeout=180) as base:
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        with browser() as b:
            warm = b.new_page(viewport=VIEWPORT)
            first = open_page(
                warm, f"{base}/", charts=True, timeout_ms=180_000
            )  # server warm-up: imports, first queries
            warm.close()
            out["first_load_s"] = round(first, 3)
            log(f"  browser: first load of / {first:.1f} s (server warm-up)")
            if "map" in parts:
                try:
                    draws = [_map_draw(b, base, "peta") for _ in range(repeats)]
                    out["map_draw_s"] = round(statistics.median(draws), 3)
                    out["map_draw_runs"] = [round(x, 3) for x in draws]
                    log(f"  browser: map drawn {draws}")
                except Exception:
                    out["map_draw_error"] = traceback.format_exc(limit=2)
                out.update(map_floor(b, repeats, log))
            if "redraw" in parts:
                pages = redraw_pages(b, base, elections[: repeats + 1], log)
                out["browser_redraw_pages"] = pages
                good = [p for p in pages.values() if "error" not in p]
                if good:  # the slowest page: the target holds on every page
                    out["browser_redraw_s"] = max(p["redraw_s"] for p in good)
                    out["browser_first_change_s"] = max(p["first_s"] for p in good)
                if len(good) < len(pages):
                    out["browser_redraw_error"] = "; ".join(p for p, v in pages.items() if "error" in v)
        if pid:
            out["server_rss_mb"] = rss_mb(pid)
        # After the sync browser is closed: run_load drives its own asyncio loop, which cannot
        # start while sync playwright's loop is running in this thread.
        if load:
            out.update(load_p95(base, log=log))
            if pid:
                out["server_rss_after_load_mb"] = rss_mb(pid)
    return out


def load_p95(base: str, *, sessions: int = 20, log=print) -> dict:
    from harness.load import run_load

    log(f"  browser: {sessions} concurrent sessions over every page ...")
    try:
        result = run_load(base, sessions=sessions)
    except Exception as exc:
        return {"load_p95_s": None, "load_note": f"n/a: run_load failed: {type(exc).__name__}: {exc}"[:500]}
    return {
        "load_p95_s": result.get("p95_s"),
        "load": {k: v for k, v in result.items() if k != "loads"} | {"errors": (result.get("errors") or [])[:20]},
    }


def page_rss(warehouse: Path, paths: list[str], *, log=print) -> dict:
    """Peak RSS of the Streamlit process while one browser session visits ``paths`` in turn."""
    from harness.browser import browser, open_page, streamlit_server

    out: dict = {"pages": {}}
    with streamlit_server(warehouse, timeout=180) as base, browser() as b:
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        if pid is None:
            return {"error": "server pid not found"}
        out["idle"] = rss_mb(pid)
        page = b.new_page(viewport=VIEWPORT)
        try:
            for path in paths:
                seconds = open_page(
                    page, f"{base}/{path}", charts=path not in ("data", "kualitas-data"), timeout_ms=300_000
                )
                out["pages"][path] = {"load_s": round(seconds, 2), **rss_mb(pid)}
                log(f"  /{path}: {seconds:.1f} s, {out['pages'][path]}")
        finally:
            page.close()
        out["peak_mb"] = rss_mb(pid)["VmHWM"]
    return out
