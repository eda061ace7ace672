"""Screenshots of every page, as a reader sees them: a real server and headless Chromium.

    .venv/bin/python scripts/screenshots.py [--data data/warehouse] [--out screenshots] [--query "?pemilihan=pilkada_2024"]

For looking at what you changed before you stop (the browser tests keep theirs in tests/output/).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness.browser import PATHS, browser, open_page, streamlit_server  # noqa: E402
from netralitas import config  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(config.warehouse_dir()), help="warehouse folder (NETRALITAS_DATA)")
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
    parser.add_argument("--query", default="", help="query string added to every path, e.g. ?pemilihan=pilkada_2024")
    parser.add_argument("--full-page", action="store_true", help="capture the whole page, not only 1920x1080")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with streamlit_server(Path(args.data)) as base, browser() as b:
        page = b.new_page(viewport={"width": 1920, "height": 1080})
        for path in PATHS:
            seconds = open_page(page, f"{base}/{path}{args.query}")
            target = out / f"{path or 'ringkasan'}.png"
            page.screenshot(path=str(target), full_page=args.full_page)
            print(f"{target}  ({seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
