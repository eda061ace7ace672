"""The data dictionary in docs/ is generated from the same schema declaration the ETL validates against."""

from __future__ import annotations

import subprocess
import sys

from netralitas import schema, vocab
from tests.conftest import REPO


def test_docs_dictionary_is_current():
    committed = (REPO / "docs" / "kamus_data.md").read_text(encoding="utf-8")
    assert committed.strip() == schema.data_dictionary_markdown().strip(), (
        "docs/kamus_data.md is stale: run `python -m etl kamus`"
    )


def test_every_published_column_and_vocabulary_value_is_documented():
    text = (REPO / "docs" / "kamus_data.md").read_text(encoding="utf-8")
    for col in schema.PELANGGARAN:
        assert f"`{col.name}`" in text
    for term in vocab.taxonomy("jenis_pelanggaran"):
        assert f"`{term.kode}`" in text
    for e in vocab.elections():
        assert f"`{e.kode}`" in text


def test_kamus_command_prints_dictionary():
    proc = subprocess.run(
        [sys.executable, "-m", "etl", "kamus", "--out", "-"], cwd=REPO, capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert "## Tabel `pelanggaran`" in proc.stdout and "TIDAK (pribadi)" in proc.stdout
