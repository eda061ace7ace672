"""The rollup tables (``agregat_*``, declared in ``netralitas/schema.py``), derived from ``pelanggaran``.

Written into each build's DuckDB file right after ``pelanggaran`` (so the public rollups come from
the public rows: no personal column can reach them), validated like every other table, and checked
against ``pelanggaran`` (every rollup's cells add up to the rows it covers). The row-level table is
not touched: the rollups are added tables only.
"""

from __future__ import annotations

import duckdb

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


def write(con: duckdb.DuckDBPyConnection) -> list[str]:
    """(Re)create every rollup table on ``con`` (which holds ``pelanggaran``); returns their names."""
    cell = _cell_sql()
    con.execute("SET enable_progress_bar = false")
    con.execute("DROP TABLE IF EXISTS agregat_kasus_terbagi")
    con.execute(schema.duckdb_ddl("agregat_kasus_terbagi", schema.KASUS_TERBAGI))
    cols = ", ".join(c.name for c in schema.KASUS_TERBAGI)
    con.execute(f"""
        INSERT INTO agregat_kasus_terbagi
        WITH cells AS (SELECT DISTINCT id_kasus, {cell} FROM pelanggaran),
             split AS (SELECT id_kasus FROM cells GROUP BY 1 HAVING count(*) > 1)
        SELECT {cols} FROM cells SEMI JOIN split USING (id_kasus)
        ORDER BY {cols}""")
    names = ["agregat_kasus_terbagi"]
    for r in schema.ROLLUPS:
        con.execute(f"DROP TABLE IF EXISTS {r.name}")
        con.execute(schema.duckdb_ddl(r.name, r.columns))
        dims = [c.name for c in r.dims]
        select = [f"{dim_sql(n)} AS {n}" for n in dims]
        for m in r.measures:
            if m.name == "kasus_utuh":
                select.append("count(DISTINCT id_kasus) FILTER (WHERE NOT terbagi)::INTEGER")
            else:
                select.append(f"(count(*) FILTER (WHERE {schema.ROLLUP_MEASURE_SQL[m.name]}))::INTEGER")
        source = "pelanggaran"
        if any(m.name == "kasus_utuh" for m in r.measures):
            source = (
                "(SELECT p.*, s.id_kasus IS NOT NULL AS terbagi FROM pelanggaran p "
                "LEFT JOIN (SELECT DISTINCT id_kasus FROM agregat_kasus_terbagi) s USING (id_kasus))"
            )
        where = f"WHERE {r.where}" if r.where else ""
        # Ordered by month first: a period filter then reads only the row groups of its months.
        order = (["bulan"] if "bulan" in dims else []) + [n for n in dims if n != "bulan"]
        con.execute(f"""
            INSERT INTO {r.name}
            SELECT {", ".join(select)} FROM {source} {where}
            GROUP BY ALL ORDER BY {", ".join(order)}""")
        names.append(r.name)
    return names


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
