"""Terlapor rows as Arrow columns: the form rows take from a worker to the merge, and from the merge
to the partitions and the warehouse writer.

A worker (a forked process or a Dask worker) hands the merge one file's rows as one Arrow table
(:class:`FileCases`), not as Python lists: unpickling the lists was most of the merging process's
work (measured on 100k rows: 2.2 s for the lists, 0.35 s for the table and the slim person keys),
and a million rows held as lists weigh about 1.5 GB against about 0.5 GB as columns. The merge keeps
such a row as a reference into its file's table (:data:`RowRef`) and turns it into a Python list only
when a later source's duplicate merges fields into it; :func:`entries_to_arrays` gathers the
references and the lists back into columns in row order.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

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
_ID_KASUS, _ID_TERLAPOR = COL["id_kasus"], COL["id_terlapor"]

#: A row the merge kept without turning it into a list: (table number, row index in that table,
#: id_kasus, id_terlapor). The ids are the merge's; everything else is in the table.
RowRef = tuple[int, int, str, str]

#: Person keys, merge-side: a weak key whole (its date and type are compared), any other as its
#: ((identity kind,), (basis,)), all the merge reads of it besides its digest.
SlimKeys = tuple[tuple, ...]


@dataclass
class FileCases:
    """One file's cases as a worker hands them to the merge: its rows as one table in schema column
    order (ids still empty), and per case (line, case key, [(person keys, digests, row index)])."""

    table: pa.Table | None
    cases: list[tuple[int, str, list[tuple[SlimKeys, tuple[bytes, ...], int]]]]


def slim_key(pkey: tuple) -> tuple:
    return pkey if pkey[1][0] == "lemah" else ((pkey[0][0],), (pkey[1][0],))


def pelanggaran_arrays(rows: list[list[object]]) -> dict[str, pa.Array]:
    """Rows as lists -> the internal build's columns (the transposition and the conversion are C
    loops; the public build reuses these arrays)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema.PELANGGARAN)
    return {c.name: pa.array(columns[COL[c.name]], type=ARROW_TYPES[c.dtype]) for c in schema.PELANGGARAN}


def row_of(table: pa.Table, index: int) -> list[object]:
    """One row of a file's table as a list in schema column order (values as the lists hold them)."""
    return [table.column(i)[index].as_py() for i in range(table.num_columns)]


def materialise(ref: RowRef, tables: dict[int, pa.Table]) -> list[object]:
    number, index, id_kasus, id_terlapor = ref
    row = row_of(tables[number], index)
    row[_ID_KASUS], row[_ID_TERLAPOR] = id_kasus, id_terlapor
    return row


def entries_to_arrays(entries: list, tables: dict[int, pa.Table]) -> dict[str, pa.Array]:
    """Rows in order, each a list or a :data:`RowRef` into ``tables``, as columns."""
    if not any(e.__class__ is tuple for e in entries):
        return pelanggaran_arrays(entries)  # a one-process run: lists only
    numbers = sorted({e[0] for e in entries if e.__class__ is tuple})
    offsets, total = {}, 0
    for number in numbers:
        offsets[number] = total
        total += tables[number].num_rows
    whole = pa.concat_tables([tables[n] for n in numbers])
    # Every referenced row gathered in one take; a list's place is left empty and filled below.
    positions = pa.array([offsets[e[0]] + e[1] if e.__class__ is tuple else None for e in entries], pa.int64())
    taken = whole.take(positions)
    listed = [e for e in entries if e.__class__ is not tuple]
    is_list = pa.array([e.__class__ is not tuple for e in entries], pa.bool_())
    from_lists = pelanggaran_arrays(listed) if listed else None
    out: dict[str, pa.Array] = {}
    for c in schema.PELANGGARAN:
        if c.name in ("id_kasus", "id_terlapor"):
            ref_at, list_at = (2, _ID_KASUS) if c.name == "id_kasus" else (3, _ID_TERLAPOR)
            out[c.name] = pa.array([e[ref_at] if e.__class__ is tuple else e[list_at] for e in entries], pa.string())
            continue
        column = taken.column(c.name).combine_chunks()
        if from_lists is not None:
            column = pc.replace_with_mask(column, is_list, from_lists[c.name])
        out[c.name] = column
    return out
