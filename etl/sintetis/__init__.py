"""Synthetic national raw data: ``python -m etl sintetis --terlapor N [--seed S] --out DIR``.

Writes one register per Bawaslu office (38 provinces, 514 kabupaten/kota, each in its own
folder with a ``sumber.yml`` saying ``sintetis: true``) in the mixed shapes of the ETL's
input contract: XLSX with title rows (some with a follow-up sheet), ``;``-separated cp1252
CSV, UTF-8 CSV (some with BOM) and JSON Lines. The mess is the real one: region aliases
and spellings, Indonesian dates in several forms, a few month-only dates, counts instead
of names, names separated by ``;``, NIPs with and without spaces, and a few deliberately
bad rows (unknown region, ``JUMLAH`` subtotal, a header pasted mid-file, a broken JSON
line, a follow-up row with an unknown register number) that the ETL must quarantine.

The ETL loads exactly ``terlapor`` rows: every name and NIP is unique (no duplicate
merges), every region spelling is checked against the ETL's own resolver before use, and
the bad rows are the only quarantines. The same seed gives byte-identical files.

Distribution parameters (and where their numbers come from) are data, in
``netralitas/referensi/sintetis.yml``. Row-level values are drawn with numpy in one pass;
text is written with plain string joins; XLSX is written directly as SpreadsheetML
(fixed timestamps and zip dates) because xlsxwriter took ~40 s for 150k rows here. Each
file has its own random stream, so big sets are written by two processes, same bytes.

The package, in the order data flows: ``world`` (parameters, offices, spellings: pure) ->
``sampling`` (every row's values and each file's plan: pure) -> ``cells`` (one file's cells, encoded
for its shape with ``encoding``) -> ``writing`` (one writer per format; ``xlsx`` writes SpreadsheetML)
-> ``run`` (``generate``, the CLI).
"""

from etl.sintetis.run import SyntheticReport, generate, main, workers_for
from etl.sintetis.shapes import SHAPES
from etl.sintetis.world import params, world

__all__ = ["SHAPES", "SyntheticReport", "generate", "main", "params", "workers_for", "world"]
