"""The report document in headless Debian Chromium (Playwright): PDF (A4 landscape, text selectable,
fonts embedded by Chromium) and PNG (exactly 1920x1080, page 1).

Why this engine: the page's plotly figures are drawn by plotly.js itself, so the files show the same
charts as the screen (one chart code path) with their text as text; the map (MapLibre, WebGL) is the
only raster part. Chromium is already the system dependency of the browser tests; nothing is
downloaded: plotly.js comes from the plotly package and every request the page makes is answered from
local files by a route handler (anything else is refused and counted). One browser serves a whole batch.
"""

from __future__ import annotations

import shutil

from dashboard.formatting import bulan
from dashboard.laporan.content import MonthlyReport
from dashboard.laporan.document import HEIGHT, WIDTH, Document, build_document, figure_payload
from dashboard.warehouse import STATIC_DIR, STATIC_URL
from netralitas import config

ORIGIN = "http://laporan.invalid"
#: A4 landscape is 297 mm wide; with 8 mm margins the 1920 px canvas prints at this scale.
PDF_MARGIN_MM = 8
PDF_SCALE = round((297 - 2 * PDF_MARGIN_MM) / 25.4 * 96 / WIDTH, 3)

SHELL = f"""<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Laporan bulanan</title>
<style id="gaya"></style><script src="{ORIGIN}/plotly.min.js"></script></head><body></body></html>"""

# Draw every figure, then wait until MapLibre has painted (its 'idle' event) before anything is captured.
DRAW_JS = """
async ([html, css, payload]) => {
  // Free the previous report's charts (MapLibre's WebGL context above all) before drawing the next one.
  document.querySelectorAll('.js-plotly-plot').forEach((gd) => Plotly.purge(gd));
  document.getElementById('gaya').textContent = css;
  document.body.innerHTML = html;
  const figures = JSON.parse(payload);
  for (const [id, json] of figures) {
    const fig = JSON.parse(json);
    const gd = document.getElementById(id);
    await Plotly.newPlot(gd, fig.data, fig.layout, {staticPlot: true, displayModeBar: false, responsive: false});
    const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    if (sub && sub.map) {
      const m = sub.map;
      await new Promise((done) => {
        const timer = setTimeout(done, 20000);
        m.once('idle', () => { clearTimeout(timer); done(); });
        m.triggerRepaint();
      });
    }
  }
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return figures.length;
}
"""


class ChromiumMissing(RuntimeError):
    pass


def chromium_path() -> str:
    path = config.chromium_path() or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise ChromiumMissing(
            "Chromium tidak ditemukan: pasang dengan `apt-get install -y chromium` (atau isi NETRALITAS_CHROMIUM)."
        )
    return path


class Renderer:
    """One headless Chromium for many reports: ``with Renderer() as r: r.render(report, {"pdf", "png"})``."""

    def __init__(self, png_scale: int = 1) -> None:
        self.refused: list[str] = []  # requests that would have left the machine
        self.png_scale = png_scale  # 2: the PNG has twice the pixels (3840x2160) for print, same layout

    def __enter__(self) -> Renderer:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(
                executable_path=chromium_path(), headless=True, args=list(config.CHROMIUM_ARGS)
            )
            self._page = self._browser.new_page(
                viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=self.png_scale
            )
            self._page.route("**/*", self._serve)
            self._page.goto(ORIGIN + "/", wait_until="load")
        except BaseException:
            self._pw.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._browser.close()
        finally:
            self._pw.stop()

    def _serve(self, route) -> None:
        url = route.request.url
        if url == ORIGIN + "/":
            return route.fulfill(body=SHELL, content_type="text/html; charset=utf-8")
        if url == ORIGIN + "/plotly.min.js":
            return route.fulfill(body=_plotly_js(), content_type="application/javascript")
        prefix = ORIGIN + STATIC_URL + "/"
        if url.startswith(prefix):
            path = (STATIC_DIR / url[len(prefix) :].split("?")[0]).resolve()
            if path.is_relative_to(STATIC_DIR.resolve()) and path.is_file():
                return route.fulfill(path=str(path), content_type="application/geo+json")
        if url.startswith("data:") or url.startswith("blob:"):
            return route.continue_()
        self.refused.append(url)
        return route.abort()

    def draw(self, doc: Document) -> None:
        self._page.evaluate(DRAW_JS, [doc.html, doc.css, figure_payload(doc)])

    def render(self, report: MonthlyReport, formats: set[str], **kwargs) -> dict[str, bytes]:
        doc = build_document(report, **kwargs)
        self.draw(doc)
        out: dict[str, bytes] = {}
        if "png" in formats:
            out["png"] = self._page.screenshot(clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT}, type="png")
        if "pdf" in formats:
            out["pdf"] = self._page.pdf(
                format="A4",
                landscape=True,
                scale=PDF_SCALE,
                print_background=True,
                margin={
                    "top": f"{PDF_MARGIN_MM}mm",
                    "right": f"{PDF_MARGIN_MM}mm",
                    "left": f"{PDF_MARGIN_MM}mm",
                    "bottom": "12mm",
                },
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=doc.footer,
                tagged=True,
                outline=False,
            )
        return out


_PLOTLY: dict[str, str] = {}


def _plotly_js() -> str:
    if "js" not in _PLOTLY:
        from plotly.offline import get_plotlyjs

        _PLOTLY["js"] = get_plotlyjs()
    return _PLOTLY["js"]


def render_one(report: MonthlyReport, fmt: str) -> bytes:
    """One file for the page's download button (its own short-lived Chromium)."""
    with Renderer() as r:
        return r.render(report, {fmt})[fmt]


def file_name(report: MonthlyReport, fmt: str, png_scale: int = 1) -> str:
    """``laporan-2024-11-nasional.pdf``, ``laporan-2024-11-19.png`` (month, region code, election codes if any;
    ``-2x`` on a PNG with twice the pixels)."""
    region = "-".join(report.base.wilayah) if report.base.wilayah else "nasional"
    election = "".join(f"-{p}" for p in report.base.pemilihan)
    scale = f"-{png_scale}x" if fmt == "png" and png_scale != 1 else ""
    return f"laporan-{report.month:%Y-%m}-{region}{election}{scale}.{fmt}"


def describe(report: MonthlyReport) -> str:
    return f"{bulan(report.month)} · {report.scope()}"
