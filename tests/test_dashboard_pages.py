"""Every page through Streamlit's AppTest: on the bundled warehouse, an empty one, a missing one;
filters from the URL; the synthetic banner; the internal build's login gate; safe exports."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import pages
from dashboard.charts import chart_table, has_table
from dashboard.export import csv_bytes
from dashboard.filters import Filter
from dashboard.warehouse import Warehouse
from tests import dashboard_fixtures
from tests.conftest import REPO

PAGES = [p.script for p in pages.PUBLIC_PAGES]


def test_every_page_script_is_in_the_page_list():
    """A script added to halaman/ but not to dashboard/pages.py would never be reachable."""
    on_disk = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "halaman").glob("*.py"))
    assert sorted(p.script for p in pages.PAGES) == on_disk
    assert [p.url_path for p in pages.PAGES].count("") == 1, "exactly one default page"


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    root = tmp_path_factory.mktemp("dash")
    return {
        "bundled": dashboard_fixtures.bundled_plus_hostile(root),
        "empty": dashboard_fixtures.empty(root),
        "synthetic": dashboard_fixtures.synthetic(root),
        "missing": root / "tidak_ada",
    }


def run_page(
    monkeypatch,
    warehouse,
    page: str | None = None,
    query: dict | None = None,
    mode: str = "publik",
    secrets: dict | None = None,
    user: dict | None = None,
) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DATA", str(warehouse))
    monkeypatch.setenv("NETRALITAS_MODE", mode)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if secrets:
        for k, v in secrets.items():
            at.secrets[k] = v
    if user:
        at.user = user
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def count(warehouse, sql="SELECT count(*) FROM pelanggaran", params=None):
    con = duckdb.connect(str(warehouse / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        return con.execute(sql, params or []).fetchone()[0]
    finally:
        con.close()


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def assert_charts_are_valid_plotly(at: AppTest) -> None:
    """The house builds its figures without plotly.py's property checks (``charts.unchecked_figure``):
    a misspelt property or a bad value would be dropped silently by the browser, so every chart a
    page sends is checked here as plotly.py would (``ValueError`` names the property)."""
    for chart in at.get("plotly_chart"):
        fig = go.Figure(json.loads(chart.proto.spec))
        # The "Lihat sebagai tabel" expander is offered exactly when the chart's table has rows.
        try:
            rows = len(chart_table(fig))
        except ValueError:  # traces that do not line up as one table: the page passes its own (Tren)
            continue
        assert has_table(fig) == (rows > 0), fig.layout.title.text


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_bundled_warehouse(monkeypatch, warehouses, page):
    at = run_page(monkeypatch, warehouses["bundled"], page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert_charts_are_valid_plotly(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_empty_warehouse(monkeypatch, warehouses, page):
    at = run_page(monkeypatch, warehouses["empty"], page)
    assert not at.exception, [e.value for e in at.exception]
    assert_charts_are_valid_plotly(at)
    text = " ".join(x.value for x in at.info) + " ".join(x.value for x in at.markdown)
    if page not in ("halaman/kualitas-data.py",):
        assert "Tidak ada" in text or "Belum ada" in text or "0 baris" in text


def test_missing_warehouse_says_which_command_builds_it(monkeypatch, warehouses):
    at = run_page(monkeypatch, warehouses["missing"])
    assert not at.exception
    assert any("python -m etl run" in i.value for i in at.info)


def test_kpi_equals_the_warehouse_count(monkeypatch, warehouses):
    wh = warehouses["bundled"]
    at = run_page(monkeypatch, wh)
    assert metric(at, "ASN terlapor") == f"{count(wh):,}".replace(",", ".")


def test_filters_come_from_the_url(monkeypatch, warehouses):
    wh = warehouses["bundled"]
    at = run_page(monkeypatch, wh, query={"wilayah": "35.79", "pemilihan": "pilkada_2024"})
    expected = count(
        wh, "SELECT count(*) FROM pelanggaran WHERE kode_kabupaten_kota = '35.79' AND pemilihan = 'pilkada_2024'"
    )
    assert expected == 9
    assert metric(at, "ASN terlapor") == "9"
    assert not at.warning


def test_province_code_in_url_keeps_province_level_cases(monkeypatch, warehouses):
    wh = warehouses["bundled"]
    at = run_page(monkeypatch, wh, query={"wilayah": "19"})
    assert metric(at, "ASN terlapor") == str(count(wh, "SELECT count(*) FROM pelanggaran WHERE kode_provinsi = '19'"))


@pytest.mark.parametrize(
    "query",
    [
        {"wilayah": "Jakarta'; DROP TABLE x"},
        {"dari": "kemarin"},
        {"pemilihan": "pemilu_1955"},
        {"jenis": "<script>"},
        {"dari": "2024-12-01", "sampai": "2024-01-01"},
        {"wilayah": "99.99"},
    ],
)
def test_malformed_url_parameters_are_ignored_with_a_notice(monkeypatch, warehouses, query):
    wh = warehouses["bundled"]
    at = run_page(monkeypatch, wh, query=query)
    assert not at.exception
    assert at.warning, "a visible notice is expected"
    assert metric(at, "ASN terlapor") == f"{count(wh):,}".replace(",", ".")


def test_synthetic_banner_on_every_page(monkeypatch, warehouses):
    for page in PAGES:
        at = run_page(monkeypatch, warehouses["synthetic"], page)
        assert any("Data sintetis" in w.value for w in at.warning), page


def test_internal_mode_without_login_config_shows_no_data(monkeypatch, warehouses):
    at = run_page(monkeypatch, warehouses["bundled"], mode="internal")
    assert any("login" in e.value.lower() for e in at.error)
    assert not at.metric


def test_internal_mode_asks_for_login(monkeypatch, warehouses):
    secrets = {
        "auth": {
            "redirect_uri": "http://127.0.0.1/oauth2callback",
            "cookie_secret": "x" * 32,
            "client_id": "id",
            "client_secret": "rahasia",
            "server_metadata_url": "http://127.0.0.1/.well-known",
        }
    }
    at = run_page(monkeypatch, warehouses["bundled"], mode="internal", secrets=secrets, user={"is_logged_in": False})
    assert any(b.label == "Masuk" for b in at.button)
    assert not at.metric


def test_internal_mode_after_login_reads_the_internal_build(monkeypatch, warehouses):
    secrets = {
        "auth": {
            "redirect_uri": "http://127.0.0.1/oauth2callback",
            "cookie_secret": "x" * 32,
            "client_id": "id",
            "client_secret": "rahasia",
            "server_metadata_url": "http://127.0.0.1/.well-known",
        }
    }
    at = run_page(
        monkeypatch,
        warehouses["bundled"],
        "halaman/data.py",
        mode="internal",
        secrets=secrets,
        user={"is_logged_in": True, "email": "staf@bawaslu.go.id"},
    )
    assert not at.exception
    frame = at.dataframe[0].value
    assert "nama_terlapor" in frame.columns


def test_public_data_page_has_no_personal_columns(monkeypatch, warehouses):
    at = run_page(monkeypatch, warehouses["bundled"], "halaman/data.py")
    frame = at.dataframe[0].value
    assert "nama_terlapor" not in frame.columns and "nip" not in frame.columns


@pytest.fixture(scope="module")
def long_warehouse(tmp_path_factory):
    """2,100 rows: three pages of the Data table."""
    return dashboard_fixtures.many_rows(tmp_path_factory.mktemp("panjang"), 2100)


def shown_rows(at: AppTest) -> tuple[int, str, list]:
    """The Data table's page number, its "Menampilkan baris …" caption and its descriptions."""
    caption = next(c.value for c in at.caption if c.value.startswith("Menampilkan baris"))
    return at.number_input(key="data_halaman").value, caption, at.dataframe[0].value["uraian"].tolist()


def test_the_table_page_number_lives_in_the_url(monkeypatch, long_warehouse):
    first = run_page(monkeypatch, long_warehouse, "halaman/data.py")
    assert not first.exception, [e.value for e in first.exception]
    page, caption, rows = shown_rows(first)
    assert (page, caption) == (1, "Menampilkan baris 1–1.000 dari 2.100; unduh untuk semuanya.")
    assert "halaman" not in first.query_params

    second = run_page(monkeypatch, long_warehouse, "halaman/data.py", query={"halaman": "2"})
    page2, caption2, rows2 = shown_rows(second)
    assert (page2, caption2) == (2, "Menampilkan baris 1.001–2.000 dari 2.100; unduh untuk semuanya.")
    assert len(rows2) == 1000 and not set(map(str, rows2)) & set(map(str, rows)), "page 2 shows other rows"

    second.number_input(key="data_halaman").set_value(3).run()  # a change goes back into the URL
    assert second.query_params["halaman"] == "3"
    assert shown_rows(second)[1] == "Menampilkan baris 2.001–2.100 dari 2.100; unduh untuk semuanya."
    second.sidebar.text_input(key="f_cari").set_value("paslon").run()  # the filters change: back to page 1
    assert shown_rows(second)[0] == 1 and "halaman" not in second.query_params


@pytest.mark.parametrize(("value", "page"), [("abc", 1), ("-3", 1), ("0", 1), ("999999", 3), ("2.5", 1), ("", 1)])
def test_a_bad_table_page_in_the_url_is_clamped(monkeypatch, long_warehouse, value, page):
    at = run_page(monkeypatch, long_warehouse, "halaman/data.py", query={"halaman": value})
    assert not at.exception, [e.value for e in at.exception]
    assert shown_rows(at)[0] == page


def test_csv_export_is_exactly_the_filtered_rows_and_neutralises_formulas(warehouses):
    wh_dir = warehouses["bundled"]
    wh = Warehouse(wh_dir / "publik", "publik")
    f, _ = Filter.from_query({"wilayah": "18.72"})
    data = csv_bytes(wh, f)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))
    assert len(rows) == count(wh_dir, "SELECT count(*) FROM pelanggaran WHERE kode_kabupaten_kota = '18.72'")
    from netralitas import schema

    assert [c for c in rows[0] if not c.endswith("_label")] == schema.public_columns()
    assert list(rows[0])[list(rows[0]).index("jenis_pelanggaran") + 1] == "jenis_pelanggaran_label"
    uraian = {r["uraian"] for r in rows}
    assert "'" + dashboard_fixtures.FORMULA in uraian
    instansi = {r["instansi"] for r in rows}
    assert "'-Dinas Uji" in instansi and "'+Dinas Uji" in instansi
    assert not any(v[:1] in "=+-@\t\r" for r in rows for v in r.values() if v)


def test_streamlit_config_is_safe():
    import tomllib

    cfg = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["server"]["enableCORS"] is True  # CORS protection on: no wildcard origin
    assert cfg["server"]["maxUploadSize"] <= 10
    assert cfg["browser"]["gatherUsageStats"] is False
    assert cfg["client"]["disableDataExport"] is True  # the dataframe toolbar cannot bypass the safe export
    assert cfg["client"]["showErrorDetails"] == "none"


def test_url_values_echoed_in_notices_cannot_become_markdown_links():
    _, notices = Filter.from_query({"wilayah": "x` [klik di sini](http://contoh.invalid) `", "jenis": "**tebal**"})
    assert len(notices) == 2
    for notice in notices:
        assert "](" not in notice and "**" not in notice and notice.count("`") == 2


def test_trend_comparison_table_counts_whole_people_per_week(monkeypatch, warehouses):
    """The comparison chart's "Lihat sebagai tabel": one row per week H-, one column per election,
    whole numbers of people that add up to the warehouse's rows in those weeks."""
    wh = warehouses["bundled"]
    at = run_page(monkeypatch, wh, "halaman/tren.py")
    for box in at.expander:
        if box.label == "Lihat sebagai tabel":
            at.session_state[box.key] = True  # open it
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # the one-election chart's table has "ASN terlapor" and "Kumulatif"; the comparison one a column per election
    (table,) = [d.value for d in at.dataframe if "Minggu" in d.value.columns and "Kumulatif" not in d.value.columns]
    counts = table.drop(columns="Minggu")
    assert all(str(dtype) == "int64" for dtype in counts.dtypes), counts.dtypes
    in_weeks = "hari_sebelum_pemungutan BETWEEN -56 AND 286"  # weeks -8 … 40, as the chart shows them
    assert int(counts.to_numpy().sum()) == count(wh, f"SELECT count(*) FROM pelanggaran WHERE {in_weeks}")
