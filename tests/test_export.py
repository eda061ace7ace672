"""The journalist's downloads, opened as a spreadsheet would: the XLSX keeps codes as text and dates
as dates, carries the data dictionary and the citation; the CSV has a label beside each code."""

from __future__ import annotations

import csv
import datetime as dt
import io

import duckdb
import openpyxl
import pytest

from dashboard.export import csv_bytes, export_fields, xlsx_bytes
from dashboard.filters import Filter
from dashboard.warehouse import Warehouse
from netralitas import schema, vocab
from tests import dashboard_fixtures


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return dashboard_fixtures.bundled_plus_hostile(tmp_path_factory.mktemp("export"))


def count(warehouse, where: str, params: list) -> int:
    con = duckdb.connect(str(warehouse / "publik" / "netralitas.duckdb"), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM pelanggaran {where}", params).fetchone()[0]
    finally:
        con.close()


def test_xlsx_has_typed_cells_the_dictionary_and_the_citation(warehouse):
    wh = Warehouse(warehouse / "publik", "publik")
    f = Filter(wilayah=("18.72",), cari="Metro")
    where, params = f.where()
    expected = count(warehouse, where, params)
    assert expected >= 3
    book = openpyxl.load_workbook(
        io.BytesIO(xlsx_bytes(wh, f, citation="Pantau Netralitas (2026).", link="http://contoh/data?cari=Metro"))
    )
    assert book.sheetnames == ["Data", "Kamus data", "Kutipan"]
    data = book["Data"]
    header = [c.value for c in data[1]]
    names = [name for name, _, _ in export_fields(wh)]
    assert header == names and "nama_terlapor" not in header and "nip" not in header
    rows = list(data.iter_rows(min_row=2, values_only=False))
    assert len(rows) == expected
    col = {name: i for i, name in enumerate(header)}
    for row in rows:
        region = row[col["kode_kabupaten_kota"]]
        assert region.value == "18.72" and region.data_type == "s"  # text, never the number 18.72
        assert row[col["kode_provinsi"]].value == "18"
        when = row[col["tanggal_kejadian"]].value
        assert when is None or isinstance(when, dt.datetime)
        assert (
            row[col["jenis_pelanggaran_label"]].value
            == vocab.labels("jenis_pelanggaran")[row[col["jenis_pelanggaran"]].value]
        )
        for cell in row:
            assert cell.data_type != "f" and not str(cell.value or "").startswith(("=", "+", "-", "@"))
    assert sum(isinstance(r[col["tanggal_kejadian"]].value, dt.datetime) for r in rows) >= 2
    uraian = {r[col["uraian"]].value for r in rows}
    assert "'" + dashboard_fixtures.FORMULA in uraian
    kamus = [[c.value for c in r] for r in book["Kamus data"].iter_rows(min_row=2)]
    assert [r[0] for r in kamus] == names
    assert all(r[3] for r in kamus)  # every column explained
    kutipan = {r[0].value: r[1].value for r in book["Kutipan"].iter_rows()}
    assert kutipan["Tautan ke tampilan ini"] == "http://contoh/data?cari=Metro"
    assert kutipan["Baris"] == expected and kutipan["Kutipan yang disarankan"].startswith("Pantau Netralitas")


def test_csv_has_a_label_beside_every_code_column(warehouse):
    wh = Warehouse(warehouse / "publik", "publik")
    rows = list(csv.DictReader(io.StringIO(csv_bytes(wh, Filter())[3:].decode("utf-8"))))
    assert len(rows) == count(warehouse, "", [])
    header = list(rows[0])
    coded = [c.name for c in schema.PELANGGARAN if c.kosakata]
    assert coded and all(header[header.index(c) + 1] == f"{c}_label" for c in coded)
    elections = {e.kode: e.nama for e in vocab.elections()}
    for r in rows:
        assert r["hasil_label"] == vocab.labels("hasil")[r["hasil"]]
        assert r["pemilihan_label"] == elections.get(r["pemilihan"], "")
