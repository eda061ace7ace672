"""Score a warehouse built from the field-register corpus against ``harapan.yml``.

``python -m tests.register_lapangan.periksa WAREHOUSE`` prints every expectation with ✓/✗ and the
share met; ``tests/test_register_lapangan.py`` asserts that all are met. Reads the internal build
(names are what the expectations find rows by).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

HERE = Path(__file__).parent
BERKAS = HERE / "berkas"


@dataclass
class Result:
    what: str
    ok: bool
    detail: str = ""


def _as_text(value: object) -> str:
    if value is None or value != value:  # None, NaN/NaT
        return ""
    if hasattr(value, "date") and callable(value.date):  # a Timestamp: the date is what is compared
        return value.date().isoformat()
    return str(value)


def check(warehouse: Path) -> list[Result]:
    spec = yaml.safe_load((HERE / "harapan.yml").read_text(encoding="utf-8"))
    con = duckdb.connect(str(warehouse / "netralitas.duckdb"), read_only=True)
    rows = con.execute("SELECT * FROM pelanggaran").fetch_df().to_dict("records")
    quarantine = con.execute("SELECT sumber_berkas, alasan FROM karantina").fetchall()
    sources = {r[0]: r for r in con.execute("SELECT sumber_berkas, baris_duplikat FROM sumber").fetchall()}
    con.close()
    results: list[Result] = []
    for berkas, exp in spec["berkas"].items():
        mine = [r for r in rows if r["sumber_berkas"] == berkas]
        reasons = [alasan for file, alasan in quarantine if file == berkas]
        if "terlapor" in exp:
            results.append(
                Result(f"{berkas}: {exp['terlapor']} terlapor", len(mine) == exp["terlapor"], f"{len(mine)}")
            )
        if "karantina" in exp:
            results.append(
                Result(
                    f"{berkas}: {exp['karantina']} dikarantina", len(reasons) == exp["karantina"], "; ".join(reasons)
                )
            )
        for word, n in (exp.get("alasan") or {}).items():
            got = sum(word in r.lower() for r in reasons)
            results.append(Result(f"{berkas}: {n} karantina '{word}'", got == n, f"{got}"))
        if "duplikat" in exp:
            got = sources.get(berkas, (None, None))[1]
            results.append(Result(f"{berkas}: {exp['duplikat']} duplikat", got == exp["duplikat"], f"{got}"))
        for kode, n in (exp.get("wilayah") or {}).items():
            got = sum(r["kode_kabupaten_kota"] == kode for r in mine)
            results.append(Result(f"{berkas}: {n} terlapor di {kode}", got == n, f"{got}"))
        for item in exp.get("baris") or []:
            found = [r for r in mine if all(_as_text(r.get(k)) == str(v) for k, v in item["cari"].items())]
            label = f"{berkas} {item['cari']}"
            results.append(Result(f"{label}: satu baris", len(found) == 1, f"{len(found)} baris"))
            if len(found) != 1:
                results.extend(Result(f"{label} {k}", False, "baris tidak ada") for k in item["harap"])
                continue
            row = found[0]
            for key, want in item["harap"].items():
                column, contains = (key[:-1], True) if key.endswith("~") else (key, False)
                got = _as_text(row.get(column))
                ok = str(want) in got if contains else got == str(want)
                results.append(Result(f"{label} {key} = {want}", ok, got))
    names = {_as_text(r["nama_terlapor"]).lower() for r in rows}
    for name in spec.get("bukan_terlapor") or []:
        hit = sorted(n for n in names if name.lower() in n)
        results.append(Result(f"bukan terlapor: {name}", not hit, ", ".join(hit)))
    return results


def main(argv: list[str]) -> int:
    results = check(Path(argv[0]))
    for r in results:
        print(("✓ " if r.ok else "✗ ") + r.what + ("" if r.ok else f"   (didapat: {r.detail})"))
    met = sum(r.ok for r in results)
    print(f"\n{met} dari {len(results)} harapan terpenuhi ({100 * met / len(results):.0f} %)")
    return 0 if met == len(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
