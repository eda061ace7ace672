"""The rollup tables (``agregat_*``, declared in ``netralitas/schema.py``), derived from ``pelanggaran``.

Computed once per run (``etl/warehouse.py``), shared between the two builds (:func:`share`): each
computes its share right after its ``pelanggaran``, through a view of only the columns the public
build publishes as they are (no personal column, no scrubbed free text:
:data:`etl.warehouse.ROLLUP_SOURCE_COLUMNS`; a rollup that read any other column would fail there),
and inserts the other build's share. Those columns are the same in both builds' rows, so the
rollups are the same whichever build computes them. Each build then validates them like every
other table and checks them against its OWN ``pelanggaran`` (:func:`check`: every rollup's cells
add up to the rows it covers), so a public rollup provably adds up to the public rows. The
row-level table is not touched: the rollups are added tables only.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from netralitas import schema


class RollupError(RuntimeError):
    """A rollup does not add up to ``pelanggaran``."""


def dim_sql(name: str) -> str:
    """The SQL over ``pelanggaran`` that gives a rollup dimension (a column of the same name, or derived)."""
    return schema.ROLLUP_DIM_SQL.get(name, name)


#: The cell of the distinct-case count: every column a sidebar filter tests, the reference date to the day.
_CELL = [c.name for c in schema.KASUS_TERBAGI if c.name != "id_kasus"]


def _cell_sql() -> str:
    return ", ".join(f"{dim_sql(n)} AS {n}" for n in _CELL)


#: The rollups the public build computes while the internal build computes the others (each build
#: then inserts the other's): the two builds write side by side, one core each, and the public build
#: reaches its rollups later (it scrubs its rows first), so it takes the lighter share (at 1M about
#: 2.4 s of 5.6). None of them counts distinct cases, which needs ``agregat_kasus_terbagi``; a
#: rollup without the month stays with its monthly table, whose months it adds up.
COMPUTED_BY_PUBLIC = ("agregat_jabatan_bulan", "agregat_jabatan", "agregat_hari_sanksi")


def share(public: bool) -> list[str]:
    """The rollup tables one build computes (:data:`COMPUTED_BY_PUBLIC`, or the rest), in the order
    :func:`names` lists them."""
    return [name for name in names() if (name in COMPUTED_BY_PUBLIC) == public]


def write(con: duckdb.DuckDBPyConnection, source: str = "pelanggaran", only: list[str] | None = None) -> list[str]:
    """(Re)create the rollup tables ``only`` names (default: every one) on ``con`` from ``source``
    (``pelanggaran``, or a view of some of its columns); returns their names."""
    wanted = names() if only is None else only
    cell = _cell_sql()
    con.execute("SET enable_progress_bar = false")
    if "agregat_kasus_terbagi" in wanted:
        con.execute("DROP TABLE IF EXISTS agregat_kasus_terbagi")
        con.execute(schema.duckdb_ddl("agregat_kasus_terbagi", schema.KASUS_TERBAGI))
        cols = ", ".join(c.name for c in schema.KASUS_TERBAGI)
        con.execute(f"""
            INSERT INTO agregat_kasus_terbagi
            WITH cells AS (SELECT DISTINCT id_kasus, {cell} FROM {source}),
                 split AS (SELECT id_kasus FROM cells GROUP BY 1 HAVING count(*) > 1)
            SELECT {cols} FROM cells SEMI JOIN split USING (id_kasus)
            ORDER BY {cols}""")
    written: set[str] = set()
    rollups = [r for r in schema.ROLLUPS if r.name in wanted]
    for r in sorted(rollups, key=lambda r: _monthly(r) is not None):  # monthly ones first
        con.execute(f"DROP TABLE IF EXISTS {r.name}")
        con.execute(schema.duckdb_ddl(r.name, r.columns))
        dims = [c.name for c in r.dims]
        # Ordered by month first: a period filter then reads only the row groups of its months.
        order = ", ".join((["bulan"] if "bulan" in dims else []) + [n for n in dims if n != "bulan"])
        monthly = _monthly(r)
        if monthly is not None and monthly.name in written:
            # The same cells without the month: the monthly table's months added up (its cells, not
            # every row again). Exact for distinct cases too: a case counted in ``kasus_utuh`` has all
            # its rows on one reference date, so it is in one month of its cell.
            sums = ", ".join(f"sum({m.name})::INTEGER" for m in r.measures)
            con.execute(f"""
                INSERT INTO {r.name}
                SELECT {", ".join(dims)}, {sums} FROM {monthly.name}
                GROUP BY ALL ORDER BY {order}""")
            written.add(r.name)
            continue
        select = [f"{dim_sql(n)} AS {n}" for n in dims]
        for m in r.measures:
            if m.name == "kasus_utuh":
                select.append("count(DISTINCT id_kasus) FILTER (WHERE NOT terbagi)::INTEGER")
            else:
                select.append(f"(count(*) FILTER (WHERE {schema.ROLLUP_MEASURE_SQL[m.name]}))::INTEGER")
        rows = source
        if any(m.name == "kasus_utuh" for m in r.measures):
            rows = (
                f"(SELECT p.*, s.id_kasus IS NOT NULL AS terbagi FROM {source} p "
                "LEFT JOIN (SELECT DISTINCT id_kasus FROM agregat_kasus_terbagi) s USING (id_kasus))"
            )
        where = f"WHERE {r.where}" if r.where else ""
        con.execute(f"""
            INSERT INTO {r.name}
            SELECT {", ".join(select)} FROM {rows} {where}
            GROUP BY ALL ORDER BY {order}""")
        written.add(r.name)
    return list(wanted)


def _monthly(r: schema.Rollup) -> schema.Rollup | None:
    """The rollup with ``r``'s cells split by month (same measures, same rows), if there is one."""
    for other in schema.ROLLUPS:
        if other.dims == (*r.dims, schema.BULAN) and other.measures == r.measures and other.where == r.where:
            return other
    return None


def names() -> list[str]:
    """Every rollup table, in the order :func:`write` creates them."""
    return ["agregat_kasus_terbagi", *(r.name for r in schema.ROLLUPS)]


def fetch(con: duckdb.DuckDBPyConnection, only: list[str] | None = None) -> dict[str, pa.Table]:
    """The rollup tables ``only`` names (default: every one) on ``con`` as Arrow, rows in their stored
    order (for :func:`insert`)."""
    return {name: con.sql(f"SELECT * FROM {name}").to_arrow_table() for name in (names() if only is None else only)}


def insert(con: duckdb.DuckDBPyConnection, tables: dict[str, pa.Table]) -> None:
    """(Re)create the rollup tables ``tables`` holds on ``con`` with their rows (:func:`fetch` from
    another build), in the same order."""
    declared = {name: columns for name, columns, _ in schema.ROLLUP_TABLES}
    for name in tables:
        con.execute(f"DROP TABLE IF EXISTS {name}")
        con.execute(schema.duckdb_ddl(name, declared[name]))
        con.register("incoming_rollup", tables[name])
        try:
            con.execute(f"INSERT INTO {name} SELECT * FROM incoming_rollup")
        finally:
            con.unregister("incoming_rollup")


def check(con: duckdb.DuckDBPyConnection) -> None:
    """Every rollup's cells add up to the rows of ``pelanggaran`` it covers, measure by measure, and
    the distinct cases add up too."""
    problems = []
    for r in schema.ROLLUPS:
        measures = [m.name for m in r.measures if m.name != "kasus_utuh"]
        where = f"WHERE {r.where}" if r.where else ""
        expected = con.execute(
            "SELECT "
            + ", ".join(f"count(*) FILTER (WHERE {schema.ROLLUP_MEASURE_SQL[m]})" for m in measures)
            + f" FROM pelanggaran {where}"
        ).fetchone()
        got = con.execute(
            "SELECT " + ", ".join(f"coalesce(sum({m}), 0)" for m in measures) + f" FROM {r.name}"
        ).fetchone()
        if tuple(expected or ()) != tuple(got or ()):
            problems.append(f"{r.name}: {dict(zip(measures, got or (), strict=True))} != pelanggaran {expected}")
        if r.has("bulan") and not r.where:
            cells = con.execute(f"SELECT count(*) FROM {r.name} WHERE terlapor <= 0").fetchone()
            if cells and cells[0]:
                problems.append(f"{r.name}: {cells[0]} sel kosong")
    kasus = con.execute(
        "SELECT (SELECT coalesce(sum(kasus_utuh), 0) FROM agregat_wilayah)"
        " + (SELECT count(DISTINCT id_kasus) FROM agregat_kasus_terbagi),"
        " (SELECT count(DISTINCT id_kasus) FROM pelanggaran)"
    ).fetchone()
    if kasus and kasus[0] != kasus[1]:
        problems.append(f"kasus: agregat {kasus[0]} != pelanggaran {kasus[1]}")
    if problems:
        raise RollupError("agregat tidak cocok dengan pelanggaran:\n  " + "\n  ".join(problems))
