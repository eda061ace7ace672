"""A run too large for memory writes its rows to partition files as it goes (etl/partisi.py). A user
must get exactly the warehouse an unpartitioned run gives: the same rows in the same order with the
same ids, the same merges of a later file's duplicate into a row already written to a partition
(``sumber_lain``, the handling outcome), the same quarantine and per-file counts, in both builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etl.run import run_etl
from etl.sintetis import generate
from tests.conftest import BUNDLED_RAW
from tests.etl_helpers import query
from tests.register_lapangan.periksa import BERKAS
from tests.test_hostile_input import build_corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    """The bundled data, the field-register corpus (cases repeated across files), the hostile corpus
    and a synthetic national set with a copy of an early file at the end."""
    raw = tmp_path_factory.mktemp("partisi") / "raw"
    shutil.copytree(BUNDLED_RAW, raw / "a_bundel")
    shutil.copytree(BERKAS, raw / "b_lapangan")
    build_corpus(raw / "c_hostile")
    generate(raw / "d_sintetis", 1500, seed=11)
    first = sorted((raw / "a_bundel").rglob("*.csv"))[0]
    (raw / "z_salinan").mkdir()
    shutil.copy2(first, raw / "z_salinan" / "salinan.csv")
    return raw


def _tables(out: Path, public: bool) -> dict[str, list]:
    return {
        "pelanggaran": query(out, "SELECT * FROM pelanggaran", public=public),
        "parquet": query(
            out,
            "SELECT * FROM read_parquet(?)",
            [str(out / ("publik" if public else "") / "pelanggaran.parquet")],
            public=public,
        ),
        "karantina": query(out, "SELECT * FROM karantina ORDER BY ALL", public=public),
        "sumber": query(out, "SELECT * EXCLUDE (sumber_berkas) FROM sumber ORDER BY ALL", public=public),
        "etl_run": query(out, "SELECT * EXCLUDE (id_run, mulai, selesai) FROM etl_run", public=public),
    }


@pytest.mark.parametrize(("partition_rows", "workers"), [(7, 1), (300, 2)])
def test_partitioned_run_gives_the_same_warehouse(raw, tmp_path, partition_rows, workers):
    whole = run_etl(raw, tmp_path / "utuh", workers=1, partition_rows=0)
    parted = run_etl(raw, tmp_path / "partisi", workers=workers, partition_rows=partition_rows)
    assert parted.summary.spool is not None and len(parted.summary.spool.parts) > 3
    assert whole.summary.totals == parted.summary.totals
    # The corpus makes later files merge into rows that were already written to a partition.
    merged_late = query(tmp_path / "utuh", "SELECT count(*) FROM pelanggaran WHERE sumber_lain IS NOT NULL")[0][0]
    assert merged_late >= 2
    if partition_rows < 10:
        assert parted.summary.spool.rewritten >= 1
    for public in (False, True):
        one, two = _tables(tmp_path / "utuh", public), _tables(tmp_path / "partisi", public)
        for name in one:
            assert one[name] == two[name], (name, public)
    # Partition files are working files: none is left beside the warehouse.
    assert not list((tmp_path / "partisi").glob(".partisi-*"))
