"""``pelanggaran`` rows as Arrow columns: how a file's rows leave the per-file stage.

Each file's rows are converted to Arrow where the file was read (a worker process, a Dask worker or
the run's own process) and travel as one small table; the merge across files (duplicates, case
numbering, :class:`etl.pipeline.RowBuilder`) reads only the rows' keys and never turns the rows back
into Python objects, except the few a later source merges into (:func:`patch_rows`). At a million
rows this spares the run a Python list per row (about 1.5 KB each, never returned to the system) and
the conversion of all of them at the end.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa

from netralitas import schema

ARROW_TYPES = {
    "teks": pa.string(),
    "tanggal": pa.date32(),
    "bilangan": pa.int32(),
    "boolean": pa.bool_(),
    "waktu": pa.timestamp("s"),
    "desimal": pa.float64(),
}
COLUMNS = schema.column_names(schema.PELANGGARAN)
COL = {name: i for i, name in enumerate(COLUMNS)}
SCHEMA = pa.schema([pa.field(c.name, ARROW_TYPES[c.dtype]) for c in schema.PELANGGARAN])


def pelanggaran_arrays(rows: list[list[object]]) -> dict[str, pa.Array]:
    """Rows (lists in schema column order) as the internal build's columns: the transposition and the
    conversion are C loops."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema.PELANGGARAN)
    return {c.name: pa.array(columns[COL[c.name]], type=ARROW_TYPES[c.dtype]) for c in schema.PELANGGARAN}


def pelanggaran_table(rows: list[list[object]]) -> pa.Table:
    return pa.Table.from_pydict(pelanggaran_arrays(rows), schema=SCHEMA)


def patch_rows(
    table: pa.Table, local: list[int], patch: Callable[[int, list[object]], None], start: int = 0
) -> pa.Table:
    """``table`` with the rows at ``local`` changed by ``patch(start + i, row)`` (``start``: the run's
    index of the table's first row; a row as a list in schema column order, changed in place). Only those rows go back to Python; the others are copied by one
    C-level take."""
    if not local:
        return table
    picked = table.take(pa.array(local, type=pa.int64()))
    columns = [picked[name].to_pylist() for name in COLUMNS]
    rows = [list(r) for r in zip(*columns, strict=True)]
    for i, row in zip(local, rows, strict=True):
        patch(start + i, row)
    order = np.arange(table.num_rows, dtype=np.int64)
    order[np.asarray(local, dtype=np.int64)] = table.num_rows + np.arange(len(local), dtype=np.int64)
    return pa.concat_tables([table, pelanggaran_table(rows)]).take(pa.array(order))
