"""Warehouses for the dashboard tests, built by the real ETL from files written here."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.browser import browser, streamlit_server
from tests.conftest import BUNDLED_RAW, REPO, require_chromium, run_etl_cli
from tests.etl_helpers import write_csv

XSS = '<script>alert("xss")</script><img src=x onerror=alert(2)>'
FORMULA = '=HYPERLINK("http://contoh.invalid","klik")'


def build(raw: Path, out: Path) -> Path:
    proc = run_etl_cli(raw, out)
    assert proc.returncode in (0, 2), proc.stdout + proc.stderr
    return out


def bundled_plus_hostile(root: Path) -> Path:
    """The bundled data plus a register whose text tries HTML/script injection and formulas."""
    raw = root / "raw"
    shutil.copytree(BUNDLED_RAW, raw)
    write_csv(
        raw / "uji_keamanan" / "register.csv",
        [
            ["Kabupaten/Kota", "Nama", "Tanggal Kejadian", "Uraian", "Instansi"],
            ["Kota Metro", "Penguji Satu", "01/10/2024", XSS, "-Dinas Uji"],
            ["Kota Metro", "Penguji Dua", "02/10/2024", FORMULA, "+Dinas Uji"],
        ],
    )
    return build(raw, root / "wh")


def empty(root: Path) -> Path:
    raw = root / "raw_kosong"
    raw.mkdir(parents=True)
    return build(raw, root / "wh_kosong")


def synthetic(root: Path) -> Path:
    raw = root / "raw_sintetis"
    (raw / "kantor").mkdir(parents=True)
    (raw / "kantor" / "sumber.yml").write_text("wilayah: '18.72'\nsintetis: true\n", encoding="utf-8")
    write_csv(
        raw / "kantor" / "data.csv",
        [["Nama", "Tanggal Kejadian", "Uraian"], ["Contoh Sintetis", "01/10/2024", "like postingan paslon"]],
    )
    return build(raw, root / "wh_sintetis")


def many_rows(root: Path, n: int = 2100) -> Path:
    """One office with ``n`` distinct reported ASN: more than two pages of the Data table."""
    raw = root / "raw_banyak"
    (raw / "kantor").mkdir(parents=True)
    (raw / "kantor" / "sumber.yml").write_text("wilayah: '18.72'\n", encoding="utf-8")
    write_csv(
        raw / "kantor" / "data.csv",
        [["Nama", "Tanggal Kejadian", "Uraian"]]
        + [[f"Penguji {i:05d}", f"{1 + i % 28:02d}/10/2024", f"like postingan paslon nomor {i}"] for i in range(n)],
    )
    return build(raw, root / "wh_banyak")


@pytest.fixture(scope="session")
def bundled_server(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """One real server for the browser tests (warehouse, base URL): the bundled data plus the hostile
    register, built once per test session (registered as a plugin by tests/conftest.py). Every browser tab is its own
    Streamlit session, so the tests that share it cannot see each other's filters."""
    wh = bundled_plus_hostile(tmp_path_factory.mktemp("served"))
    with streamlit_server(wh, timeout=120) as base:
        yield wh, base


@pytest.fixture(scope="module")
def served(bundled_server, request) -> Iterator[tuple[Path, str, object]]:
    """``(warehouse, base URL, browser)``: the shared server and a headless Chromium for this module.
    A module sets ``SHOTS`` (its screenshot folder), created here."""
    chromium = require_chromium()
    shots = getattr(request.module, "SHOTS", REPO / "tests" / "output")
    shots.mkdir(parents=True, exist_ok=True)
    wh, base = bundled_server
    with browser(chromium) as b:
        yield wh, base, b
