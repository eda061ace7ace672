"""The internal build behind a real login: Streamlit's ``st.login`` against a local OpenID Connect
provider (``oidc-provider-mock`` on 127.0.0.1), in headless Chromium. Before login no data and no
name is on the page; after login the data page carries the internal columns (names, NIP)."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import subprocess
import sys
import time
import urllib.request

import duckdb
import pytest

from harness.browser import browser, free_port, open_page, streamlit_server, wait_idle
from tests import dashboard_fixtures
from tests.conftest import require_chromium

pytestmark = pytest.mark.browser


@contextlib.contextmanager
def oidc_provider():
    """A real OIDC provider on loopback; its login form lets us type the user's subject."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("oidc-provider-mock did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_internal_build_shows_names_only_after_a_real_login(tmp_path):
    chromium = require_chromium()
    wh = dashboard_fixtures.bundled_plus_hostile(tmp_path)
    con = duckdb.connect(str(wh / "netralitas.duckdb"), read_only=True)
    name = con.execute(
        "SELECT nama_terlapor FROM pelanggaran WHERE nama_terlapor IS NOT NULL ORDER BY 1 LIMIT 1"
    ).fetchone()[0]
    con.close()
    with oidc_provider() as issuer:
        port = free_port()
        secrets = tmp_path / "secrets.toml"
        # The client secret here is a throwaway for a local mock provider, never a real credential.
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{"uji-" * 8}"\n'
            'client_id = "pantau-netralitas"\n'
            'client_secret = "rahasia-uji-lokal"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        env = {"NETRALITAS_MODE": "internal"}
        with (
            streamlit_server(wh, env=env, port=port, args=("--secrets.files", str(secrets))) as base,
            browser(chromium) as b,
        ):
            page = b.new_page(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
            open_page(page, f"{base}/data", charts=False)
            before = page.content()
            assert page.get_by_role("button", name="Masuk").count() == 1
            assert name not in before and "stDataFrame" not in before

            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(f"{issuer}/**", timeout=30_000)
            page.locator("input[name='sub']").fill("staf.bawaslu")
            page.locator("button[type='submit'], input[type='submit']").first.click()
            page.wait_for_url(f"{base}/**", timeout=30_000)
            page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
            open_page(page, f"{base}/data", charts=False)
            page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
            wait_idle(page)
            assert page.get_by_role("button", name="Masuk").count() == 0
            assert page.locator(".stException").count() == 0
            assert page.get_by_text("Build internal: memuat data pribadi").count() == 1
            # The internal CSV carries the personal columns and the names themselves.
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name=re.compile("Unduh CSV")).click()
            data = open(info.value.path(), "rb").read().decode("utf-8-sig")
            header = next(csv.reader(io.StringIO(data)))
            assert "nama_terlapor" in header and "nip" in header
            assert name in data
