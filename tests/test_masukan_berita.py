"""Page *Masukan berita* end to end in a real browser: login, paste an article, get the draft with its
evidence, correct a field, accept, rebuild the warehouse, and find the case (with the article as its
source) in the Data page's download. In the public build the page does not exist."""

from __future__ import annotations

import csv
import io
import re
import shutil

import pytest

from harness.browser import browser, free_port, open_page, streamlit_server, wait_idle
from tests.conftest import BUNDLED_RAW, REPO, require_chromium, run_etl_cli
from tests.test_login import oidc_provider

pytestmark = pytest.mark.browser
OUTPUT = REPO / "tests" / "output"
URL = "https://contoh.id/berita/asn-garut-uji-masukan"
ARTICLE = (
    "BANDUNG – Seorang ASN Pemkab Garut diduga mengunggah dukungan kepada salah satu calon bupati di Facebook "
    "pada Senin (7/10/2024). Unggahan itu beredar luas di grup warga.\n\n"
    "Bawaslu Kabupaten Garut sudah memanggil yang bersangkutan untuk klarifikasi, kata anggota Bawaslu Garut, "
    "Rabu (9/10/2024)."
)


def test_paste_draft_correct_accept_rebuild_and_find_the_case(tmp_path):
    chromium = require_chromium()
    raw = tmp_path / "raw"
    shutil.copytree(BUNDLED_RAW, raw)
    wh = tmp_path / "wh"
    assert run_etl_cli(raw, wh).returncode == 0
    OUTPUT.mkdir(exist_ok=True)
    with oidc_provider() as issuer:
        port = free_port()
        secrets = tmp_path / "secrets.toml"
        # A throwaway secret for a local mock provider, never a real credential.
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{"uji-" * 8}"\n'
            'client_id = "pantau-netralitas"\n'
            'client_secret = "rahasia-uji-lokal"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        env = {"NETRALITAS_MODE": "internal", "NETRALITAS_RAW": str(raw)}
        with (
            streamlit_server(wh, env=env, port=port, args=("--secrets.files", str(secrets))) as base,
            browser(chromium) as b,
        ):
            page = b.new_page(viewport={"width": 1920, "height": 1200}, accept_downloads=True)
            open_page(page, f"{base}/masukan-berita", charts=False)
            assert page.get_by_label("Teks artikel").count() == 0  # nothing before login
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(f"{issuer}/**", timeout=30_000)
            page.locator("input[name='sub']").fill("staf.bawaslu")
            page.locator("button[type='submit'], input[type='submit']").first.click()
            page.wait_for_url(f"{base}/**", timeout=30_000)
            open_page(page, f"{base}/masukan-berita", charts=False)

            page.get_by_label("Teks artikel").fill(ARTICLE)
            page.get_by_label("URL", exact=True).fill(URL)
            page.get_by_label("Media", exact=True).fill("Priangan Kini")
            page.get_by_label("Tanggal terbit").fill("10 Oktober 2024")
            page.get_by_role("button", name="Buat rancangan").click()
            page.get_by_text("1 kasus ditemukan").wait_for(timeout=60_000)
            wait_idle(page)
            assert (
                page.get_by_role("textbox", name=re.compile(r"^Kabupaten.Kota \(")).input_value() == "Kabupaten Garut"
            )
            assert page.get_by_role("textbox", name=re.compile(r"^Tanggal Kejadian \(")).input_value() == "2024-10-07"
            assert page.get_by_role("textbox", name=re.compile(r"^Pemilihan \(")).input_value() == "Pilkada 2024"
            # the evidence sentence is highlighted in the article text, shown as text (no article HTML)
            assert page.locator("span", has_text="Seorang ASN Pemkab Garut diduga mengunggah").count() >= 1
            for width in (1920, 1440, 390):
                page.set_viewport_size({"width": width, "height": 1200})
                wait_idle(page)
                page.screenshot(path=str(OUTPUT / f"masukan-berita-{width}.png"), full_page=True)
            page.set_viewport_size({"width": 1920, "height": 1200})
            page.get_by_text("3. Kasus di gudang data").scroll_into_view_if_needed()
            page.screenshot(path=str(OUTPUT / "masukan-berita-1920-rancangan.png"))

            page.get_by_role("textbox", name=re.compile(r"^Jabatan \(")).fill(
                "Analis Kepegawaian"
            )  # the reviewer corrects a field
            page.get_by_role("button", name="Terima").click()
            page.get_by_text("Diterima dan ditambahkan").wait_for(timeout=30_000)
            register = (raw / "berita_ditinjau" / "berita_ditinjau.csv").read_text(encoding="utf-8")
            (row,) = list(csv.DictReader(io.StringIO(register)))
            assert (row["Jabatan"], row["URL"], row["Ditinjau Oleh"]) == ("Analis Kepegawaian", URL, "staf.bawaslu")

            page.get_by_role("button", name="Bangun ulang gudang data").click()
            page.get_by_text("Gudang data dibangun ulang").wait_for(timeout=180_000)

            open_page(page, f"{base}/data", charts=False)
            page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
            wait_idle(page)
            with page.expect_download(timeout=60_000) as info:
                page.get_by_role("button", name=re.compile("Unduh CSV")).click()
            data = open(info.value.path(), "rb").read().decode("utf-8-sig")
            cases = [r for r in csv.DictReader(io.StringIO(data)) if r["sumber_url"] == URL]
            assert len(cases) == 1
            assert cases[0]["kode_kabupaten_kota"] == "32.05" and cases[0]["jabatan"] == "Analis Kepegawaian"
            assert cases[0]["media_sumber"] == "Priangan Kini"


def test_the_page_does_not_exist_in_the_public_build(tmp_path):
    chromium = require_chromium()
    wh = tmp_path / "wh"
    assert run_etl_cli(BUNDLED_RAW, wh).returncode == 0
    with streamlit_server(wh) as base, browser(chromium) as b:
        page = b.new_page(viewport={"width": 1440, "height": 900})
        open_page(page, f"{base}/masukan-berita", charts=False)
        assert page.get_by_label("Teks artikel").count() == 0
        assert page.get_by_role("link", name="Masukan berita").count() == 0
        assert "Masukan berita" not in page.content()
