"""Rows travel from the per-file stage to the merge as Arrow tables (etl/kolom.py): a later source's
merge changes only the rows it merges into, and every other row, value and position stays as it was."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.kolom import COL, COLUMNS, patch_rows, pelanggaran_table


def _row(i: int) -> list[object]:
    row: list[object] = [None] * len(COLUMNS)
    row[COL["id_terlapor"]] = f"NK-{i:03d}-01"
    row[COL["tahap"]] = "klarifikasi"
    row[COL["tanggal_kejadian"]] = dt.date(2024, 9, 1) + dt.timedelta(days=i)
    row[COL["sumber_baris"]] = i + 2
    row[COL["data_sintetis"]] = False
    return row


@pytest.mark.parametrize("touched", [[], [0], [4], [0, 2, 4], [1, 2, 3]])
def test_patching_rows_changes_those_rows_only(touched):
    rows = [_row(i) for i in range(5)]
    table = pelanggaran_table(rows)

    def merge(i: int, row: list[object]) -> None:
        row[COL["tahap"]] = "rekomendasi"
        row[COL["sumber_lain"]] = f"lain.csv:{i}"

    patched = patch_rows(table, touched, merge)
    assert patched.schema == table.schema
    got = patched.to_pylist()
    assert [r["id_terlapor"] for r in got] == [f"NK-{i:03d}-01" for i in range(5)]  # order kept
    for i, r in enumerate(got):
        expected = dict(zip(COLUMNS, rows[i], strict=True))
        if i in touched:
            expected |= {"tahap": "rekomendasi", "sumber_lain": f"lain.csv:{i}"}
        assert r == expected
