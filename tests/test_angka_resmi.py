"""Angka resmi: the official figures of ../shared/reference/statistik_resmi.csv go through the ETL into
both builds unchanged, contradictions are marked (never resolved), every figure keeps its URL, and
the page shows each figure equal to its reference row, every value of every contradiction, and a
coverage line whose numbers equal the warehouse query and the reference row.

Expected values come from the reference file itself, read here with the csv module, never from the
code under test."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections import defaultdict

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.export import frame_csv_bytes, frame_xlsx_bytes
from netralitas.angka_resmi import outlet_in_indonesian
from tests.conftest import REPO, run_etl_cli
from tests.etl_helpers import query, write_csv

SHARED = REPO.parent / "shared" / "reference" / "statistik_resmi.csv"
BUNDLED = REPO / "data" / "referensi" / "statistik_resmi.csv"
PUBLISHER = {"KASN": "KASN", "BKN": "BKN", "Bawaslu": "Bawaslu", "other": "Kemendagri", "KemenPANRB": "KemenPANRB"}
PAGE = "halaman/angka-resmi.py"


def reference_rows() -> list[dict]:
    with open(SHARED, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


REF = {r["stat_id"]: r for r in reference_rows()}


def groups_that_differ() -> list[set[str]]:
    """Same election, measure, category and scope (case/space-insensitive), more than one value."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in REF.values():
        key = (r["election"], r["measure"], " ".join(r["category"].lower().split()), r["scope"].lower())
        groups[key].append(r)
    return [{m["stat_id"] for m in g} for g in groups.values() if len({float(m["value"]) for m in g}) > 1]


def indonesian_number(text: str) -> float:
    """``2.034 ASN`` -> 2034.0; ``80,3%`` -> 80.3."""
    number = re.match(r"[\d.,]+", text.strip()).group(0)
    return float(number.replace(".", "").replace(",", "."))


# ------------------------------------------------------------------ ETL


def test_the_bundled_reference_file_is_the_shared_one_without_the_coders_notes():
    with open(BUNDLED, encoding="utf-8", newline="") as fh:
        bundled = list(csv.DictReader(fh))
    assert "quote_fact" not in bundled[0]
    assert len(bundled) == len(REF) == 569
    for row in bundled:
        assert row == {k: v for k, v in REF[row["stat_id"]].items() if k != "quote_fact"}


def test_every_figure_is_in_both_builds_equal_to_its_reference_row(bundled_warehouse):
    for public in (False, True):
        rows = query(
            bundled_warehouse,
            "SELECT id_angka, nilai, sumber_url, media_sumber, kategori, tanggal_data, tanggal_terbit, penerbit, "
            "coalesce(pemilihan, 'other') FROM angka_resmi",
            public=public,
        )
        assert len(rows) == 569
        for ident, nilai, url, media, kategori, data, terbit, penerbit, pemilihan in rows:
            ref = REF[ident]
            assert nilai == float(ref["value"]), ident
            assert (url, kategori) == (ref["url"], ref["category"]), ident
            # the outlet's own name as given; the coder's English note beside it in Indonesian
            assert media.split(" (")[0] == ref["outlet"].split(" (")[0], ident
            assert not ENGLISH_NOTE.search(media), (ident, media)
            assert (data.isoformat() if data else "") == ref["as_of_date"], ident
            assert (terbit.isoformat() if terbit else "") == ref["published_date"], ident
            assert penerbit == PUBLISHER[ref["publisher"]].lower(), ident
            assert pemilihan == ref["election"], ident


ENGLISH_NOTE = re.compile(r"\b(from|copy of|citing|same figures|also|official site|opinion piece|report)\b")


@pytest.mark.parametrize(
    ("outlet", "shown"),
    [
        ("VOI (from Antara)", "VOI (dari Antara)"),
        ("wbialogorze.info (copy of kumparan report)", "wbialogorze.info (salinan laporan kumparan)"),
        (
            "Kompas.com (citing Kompas.id; same figures on Media Kampung)",
            "Kompas.com (mengutip Kompas.id; angka sama di Media Kampung)",
        ),
        (
            "Transindonesia.co (also portalberitatribun.biz, VOI)",
            "Transindonesia.co (juga portalberitatribun.biz, VOI)",
        ),
        ("KASN (official site)", "KASN (situs resmi)"),
        ("Antara", "Antara"),
    ],
)
def test_outlet_notes_read_in_indonesian(outlet, shown):
    assert outlet_in_indonesian(outlet) == shown


def test_no_figure_without_a_url(bundled_warehouse):
    urls = [r[0] for r in query(bundled_warehouse, "SELECT sumber_url FROM angka_resmi", public=True)]
    assert len(urls) == 569 and all(re.fullmatch(r"https?://\S+", u) for u in urls)


def test_contradictions_are_marked_never_resolved(bundled_warehouse):
    marked = defaultdict(set)
    for ident, group in query(bundled_warehouse, "SELECT id_angka, id_kontradiksi FROM angka_resmi", public=True):
        if group:
            marked[group].add(ident)
    expected = groups_that_differ()
    assert sorted(map(sorted, marked.values())) == sorted(map(sorted, expected))
    assert len(expected) == 33
    # Bawaslu's Pilkada 2020 total printed as 1,536 by two outlets and 1,546 by a third: all three kept.
    assert {"S056", "S323", "S330"} in expected
    assert not any("S001" in g for g in expected)


def test_the_reference_file_is_never_read_as_a_case_register(bundled_warehouse):
    files = [r[0] for r in query(bundled_warehouse, "SELECT sumber_berkas FROM sumber")]
    assert files and not any("statistik_resmi" in f for f in files)


def test_bad_reference_rows_are_quarantined_with_a_reason_and_the_rest_load(tmp_path):
    header = list(REF["S001"])[:-1]
    good = [REF["S001"][c] for c in header]
    bad_url = [*good[:11], "javascript:alert(1)", good[12]]
    bad_url[0] = "S900"
    bad_value = list(good)
    bad_value[0], bad_value[9] = "S901", "banyak"
    bad_scope = list(good)
    bad_scope[0], bad_scope[5] = "S902", "Atlantis"
    bad_election = list(good)
    bad_election[0], bad_election[1] = "S903", "pemilu_1955"
    ref = write_csv(tmp_path / "resmi.csv", [header, good, bad_url, bad_value, bad_scope, bad_election])
    raw = tmp_path / "raw"
    raw.mkdir()
    proc = run_etl_cli(raw, tmp_path / "wh", "--referensi", str(ref))
    assert proc.returncode == 0, proc.stderr
    assert query(tmp_path / "wh", "SELECT id_angka FROM angka_resmi") == [("S001",)]
    reasons = dict(
        query(tmp_path / "wh", "SELECT sumber_baris, alasan FROM karantina WHERE alasan LIKE 'angka resmi%'")
    )
    assert set(reasons) == {3, 4, 5, 6}
    assert "URL" in reasons[3] and "nilai" in reasons[4] and "Atlantis" in reasons[5] and "pemilihan" in reasons[6]
    assert "4 baris angka resmi dikarantina" in proc.stdout


def test_a_missing_reference_file_still_builds_the_case_warehouse(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    proc = run_etl_cli(raw, tmp_path / "wh", "--referensi", str(tmp_path / "tidak_ada.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "berkas angka resmi tidak ada" in proc.stdout
    assert query(tmp_path / "wh", "SELECT count(*) FROM angka_resmi", public=True) == [(0,)]


# ------------------------------------------------------------------ the page


def run_page(monkeypatch, warehouse, params: dict, page: str = PAGE) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DATA", str(warehouse))
    monkeypatch.setenv("NETRALITAS_MODE", "publik")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_tables(at: AppTest) -> pd.DataFrame:
    return pd.concat([d.value for d in at.dataframe if "id_angka" in d.value.columns], ignore_index=True)


def _values(encoded) -> list[float]:
    """Plotly sends numeric arrays base64-encoded (``{"dtype": "f8", "bdata": ...}``)."""
    if isinstance(encoded, dict):
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"]).tolist()
    return list(encoded)


def chart_points(at: AppTest) -> list[tuple[str, float]]:
    """(figure id, drawn value) of every chart point that names its figure."""
    points = []
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            if trace.get("customdata"):
                points += [(c[0], x) for c, x in zip(trace["customdata"], _values(trace["x"]), strict=True)]
    return points


ELECTIONS = ["pemilu_2019", "pilkada_2020", "pemilu_2024", "pilkada_2024"]


@pytest.mark.parametrize("election", ELECTIONS)
def test_every_figure_on_the_page_equals_its_reference_row(monkeypatch, bundled_warehouse, election):
    at = run_page(monkeypatch, bundled_warehouse, {"pemilihan": election})
    table = shown_tables(at)
    in_election = {i for i, r in REF.items() if r["election"] == election}
    others = {i for i, r in REF.items() if r["election"] == "other"}
    assert in_election <= set(table["id_angka"])  # every figure of the election is on the page
    assert set(table["id_angka"]) <= in_election | others
    for row in table.itertuples():
        ref = REF[row.id_angka]
        assert indonesian_number(row.angka) == pytest.approx(float(ref["value"])), row.id_angka
        assert row.sumber_url == ref["url"], row.id_angka
        assert row.media_sumber.split(" (")[0] == ref["outlet"].split(" (")[0], row.id_angka
        assert row.penerbit_label == PUBLISHER[ref["publisher"]], row.id_angka
    points = chart_points(at)
    assert points, "no chart point carries its figure id"
    for ident, x in points:
        assert x == float(REF[ident]["value"]) and REF[ident]["election"] == election, ident


def test_each_contradiction_shows_all_its_values_with_links(monkeypatch, bundled_warehouse):
    at = run_page(monkeypatch, bundled_warehouse, {"pemilihan": "pilkada_2020"})
    blocks = [m.value for m in at.markdown]
    groups = [g for g in groups_that_differ() if REF[next(iter(g))]["election"] == "pilkada_2020"]
    assert len(groups) >= 20
    for group in groups:
        block = next((b for b in blocks if all(f"{i}\\)" in b for i in group)), None)
        assert block is not None, f"no block names all of {sorted(group)}"
        for ident in group:
            assert f"]({REF[ident]['url'].replace('(', '%28').replace(')', '%29')})" in block
        # distinct values set apart, equal ones (the same figure from two outlets) joined
        assert block.count("**≠**") == len({float(REF[i]["value"]) for i in group}) - 1


def test_coverage_line_equals_the_warehouse_and_the_reference_row(monkeypatch, bundled_warehouse):
    election = "pilkada_2020"
    con = duckdb.connect(str(bundled_warehouse / "publik" / "netralitas.duckdb"), read_only=True)
    ours = con.execute("SELECT count(*) FROM pelanggaran WHERE pemilihan = ?", [election]).fetchone()[0]
    con.close()
    candidates = [
        r
        for r in REF.values()
        if r["election"] == election
        and r["scope"] == "national"
        and r["measure"] == "reported_asn"
        and r["dimension"] == "total"
        and r["unit"] == "ASN"
    ]
    latest = max(candidates, key=lambda r: (r["as_of_date"] or r["published_date"], -int(r["stat_id"][1:])))
    at = run_page(monkeypatch, bundled_warehouse, {"pemilihan": election})
    line = next(m.value for m in at.markdown if m.value.startswith("Data kasus di dasbor ini mencakup"))
    expected_m = f"{int(float(latest['value'])):,}".replace(",", "\\.")
    assert line.startswith(f"Data kasus di dasbor ini mencakup **{ours}** dari **{expected_m}** ASN")
    assert latest["url"] in line and latest["stat_id"] in line and "bukan total nasional" in line


def test_publisher_and_measure_filters_live_in_the_url(monkeypatch, bundled_warehouse):
    at = run_page(monkeypatch, bundled_warehouse, {"pemilihan": "pilkada_2020", "penerbit": "kasn", "ukuran": "persen"})
    table = shown_tables(at)
    main = table[table["id_angka"].map(lambda i: REF[i]["election"]) == "pilkada_2020"]
    assert len(main) and set(main["penerbit_label"]) == {"KASN"}
    assert all(REF[i]["measure"] == "percent" for i in main["id_angka"])
    # the shared sidebar filter keeps the page's own keys in the URL
    assert at.query_params["penerbit"] in ("kasn", ["kasn"]) and at.query_params["ukuran"] in ("persen", ["persen"])


def test_an_unknown_publisher_in_the_url_is_ignored_with_a_notice(monkeypatch, bundled_warehouse):
    at = run_page(monkeypatch, bundled_warehouse, {"pemilihan": "pemilu_2024", "penerbit": "kasn,<b>x</b>"})
    assert any("tidak dikenal" in w.value for w in at.warning)
    assert set(shown_tables(at)["penerbit_label"]) <= {"KASN"}


@pytest.mark.parametrize("page", ["halaman/ringkasan.py", "halaman/sanksi.py"])
def test_ringkasan_and_sanksi_give_the_official_national_totals_with_links(monkeypatch, bundled_warehouse, page):
    at = run_page(monkeypatch, bundled_warehouse, {"pemilihan": "pilkada_2020"}, page)
    line = next(c.value for c in at.caption if c.value.startswith("**Angka resmi nasional Pilkada 2020**"))
    # KASN's latest national total of ASN reported for Pilkada 2020: 2,034 (S051, 6 Feb 2024)
    assert f"KASN: 2\\.034 ASN, disampaikan 6 Feb 2024]({REF['S051']['url']})" in line
    assert f"BKN: 1\\.005 ASN, data per 26 Nov 2020]({REF['S013']['url']})" in line
    at = run_page(monkeypatch, bundled_warehouse, {}, page)
    assert not any(c.value.startswith("**Angka resmi nasional") for c in at.caption)


def test_downloads_carry_source_columns_and_neutralise_formulas():
    frame = pd.DataFrame(
        [
            {"id_angka": "S001", "kategori": "=HYPERLINK(1)", "nilai": 1997.0, "sumber_url": "https://a.id/x"},
            {"id_angka": "S002", "kategori": "+62 sekian", "nilai": 80.3, "sumber_url": "https://b.id/y"},
        ]
    )
    columns = ["id_angka", "kategori", "nilai", "sumber_url"]
    data = frame_csv_bytes(frame, columns)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows[0] == {
        "id_angka": "S001",
        "kategori": "'=HYPERLINK(1)",
        "nilai": "1997",
        "sumber_url": "https://a.id/x",
    }
    assert rows[1]["kategori"] == "'+62 sekian" and rows[1]["nilai"] == "80.3"
    sheet = openpyxl.load_workbook(io.BytesIO(frame_xlsx_bytes(frame, columns))).active
    values = list(sheet.values)
    assert values[0] == tuple(columns)
    assert values[1] == ("S001", "'=HYPERLINK(1)", 1997, "https://a.id/x")
    assert values[2][2] == 80.3


def test_hostile_text_in_the_reference_file_stays_text(monkeypatch, tmp_path):
    header = list(REF["S001"])[:-1]
    hostile = "<img src=x onerror=alert(1)> [klik](javascript:alert(2)) $x$"
    first = [REF["S001"][c] for c in header]
    first[7] = hostile
    second = list(first)
    second[0], second[9] = "S002", "2000"
    ref = write_csv(tmp_path / "resmi.csv", [header, first, second])
    raw = tmp_path / "raw"
    raw.mkdir()
    assert run_etl_cli(raw, tmp_path / "wh", "--referensi", str(ref)).returncode == 0
    at = run_page(monkeypatch, tmp_path / "wh", {"pemilihan": "pilkada_2020"})
    block = next(m.value for m in at.markdown if "S002" in m.value)
    assert not re.search(r"(?<!\\)[<$]", block) and "](javascript" not in block  # every < and $ escaped
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in block
    hovers = [
        c
        for chart in at.get("plotly_chart")
        for t in json.loads(chart.proto.spec)["data"]
        for c in t.get("customdata") or []
    ]
    assert hovers and all("<img" not in json.dumps(c) for c in hovers)


def test_choosing_an_election_on_the_page_sets_the_shared_filter(monkeypatch, bundled_warehouse):
    at = run_page(monkeypatch, bundled_warehouse, {})
    assert at.subheader[0].value == "Cakupan data dasbor ini: Pilkada 2024"  # default: the latest election
    at.selectbox(key="ar_pemilihan").set_value("pemilu_2019").run()
    assert not at.exception
    assert at.subheader[0].value == "Cakupan data dasbor ini: Pemilu 2019"
    assert at.session_state["f_pemilihan"] == ["pemilu_2019"]  # the sidebar filter, mirrored into the URL
    assert at.query_params["pemilihan"] in ("pemilu_2019", ["pemilu_2019"])


def test_breakdown_charts_are_chosen_one_at_a_time_and_each_carries_its_election(monkeypatch, bundled_warehouse):
    """One breakdown chart is drawn at a time (a page of seventeen was slow to redraw); picking another
    shows it, titled with its name and the election, its points equal to their reference rows."""
    at = run_page(monkeypatch, bundled_warehouse, {"pemilihan": "pilkada_2020"})
    box = at.selectbox(key="ar_rincian")
    names = list(box.options)
    assert len(names) > 1 and box.label.startswith("Grafik rincian")
    for name in names:
        at.selectbox(key="ar_rincian").set_value(name).run()
        assert not at.exception
        titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
        picked = [t for t in titles if t.startswith(f"<b>{name}")]
        assert len(picked) == 1 and "Pilkada 2020" in picked[0], titles
        assert len(titles) == 3  # the two funnel charts and the chosen breakdown
        for ident, x in chart_points(at):
            assert x == float(REF[ident]["value"]) and REF[ident]["election"] == "pilkada_2020", ident


def test_the_breakdown_chart_shown_lives_in_the_url(monkeypatch, bundled_warehouse):
    """A pasted link reopens the breakdown chart it was copied with; a name that is not a chart is
    ignored with a notice."""
    at = run_page(monkeypatch, bundled_warehouse, {"pemilihan": "pilkada_2020"})
    names = list(at.selectbox(key="ar_rincian").options)
    at.selectbox(key="ar_rincian").set_value(names[1]).run()
    slug = at.query_params["rincian"]
    slug = slug[0] if isinstance(slug, list) else slug
    assert slug and " " not in slug
    again = run_page(monkeypatch, bundled_warehouse, {"pemilihan": "pilkada_2020", "rincian": slug})
    assert again.selectbox(key="ar_rincian").value == names[1]
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in again.get("plotly_chart")]
    assert any(t.startswith(f"<b>{names[1]}") for t in titles)
    bad = run_page(monkeypatch, bundled_warehouse, {"pemilihan": "pilkada_2020", "rincian": "bukan-grafik"})
    assert bad.selectbox(key="ar_rincian").value == names[0]
    assert any("rincian=" in w.value and "grafik" in w.value for w in bad.warning), [w.value for w in bad.warning]
