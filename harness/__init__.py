"""The one home of the test and benchmark harness: a real Streamlit server, headless Debian
Chromium (via playwright) and the multi-session load driver. The tests, ``python -m bench`` and
``scripts/screenshots.py`` all import it from here; the product code never does."""
