"""``python -m etl``: the command line over :mod:`etl.run` (thin on purpose).

    python -m etl run [--raw DIR] [--out DIR] [--json] [--proses N] [--partisi N] [--engine dask [--scheduler ADDR]]
    python -m etl sintetis --terlapor N [--seed S] --out DIR   synthetic national raw files
    python -m etl kamus [--out FILE]                        write the data dictionary
    python -m etl berita INPUT... --out FILE.csv [--json]     draft a media register from news articles

Exit codes of ``run``: 0 ok; 2 warehouse written but some files unreadable (listed);
1 failed, previous warehouse untouched.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from netralitas import config, schema


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _short(path: str, width: int = 56) -> str:
    """Keep the end of a long path (the file name), and show that something was cut."""
    return path if len(path) <= width else "…" + path[-(width - 1) :]


def _print_table(report) -> None:
    rows = [("berkas", "bentuk", "status", "masuk", "dimuat", "karantina", "duplikat", "t.lanjut")]
    for f in report.files:
        rows.append(
            (
                _short(f.input.relpath),
                f.shape,
                f.status,
                _fmt(f.rows_in),
                _fmt(f.loaded),
                _fmt(len(f.quarantined)),
                _fmt(f.duplicates),
                _fmt(f.follow_up_joined),
            )
        )
    t = report.summary.totals
    rows.append(
        (
            "TOTAL",
            "",
            "",
            _fmt(t["baris_masuk"]),
            _fmt(t["dimuat"]),
            _fmt(t["karantina"]),
            _fmt(t["duplikat"]),
            _fmt(t["tindak_lanjut"]),
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for j, r in enumerate(rows):
        print("  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
        if j == 0 or j == len(rows) - 2:
            print("  ".join("-" * w for w in widths))
    print(
        f"\n{_fmt(t['terlapor'])} baris terlapor di tabel pelanggaran; {_fmt(t['karantina'])} baris dikarantina; "
        f"{t['berkas_tidak_terbaca']} berkas tidak terbaca; {report.seconds:.1f} detik."
    )
    for f in report.unreadable:
        print(f"  TIDAK TERBACA {f.input.relpath}: {f.error}")
    for w in report.warnings:
        print(f"  PERINGATAN {w}")


def cmd_run(args: argparse.Namespace) -> int:
    from etl.boundaries import BoundaryDataError
    from etl.run import run_etl
    from etl.warehouse import WarehouseError

    def progress(i: int, n: int, f) -> None:
        if not args.json:
            msg = f.error or f"{f.rows_in} masuk, {f.loaded} dimuat, {len(f.quarantined)} karantina"
            print(f"[{i:>{len(str(n))}}/{n}] {f.input.relpath}: {msg}", file=sys.stderr, flush=True)

    try:
        report = run_etl(
            Path(args.raw),
            Path(args.out),
            geo_dir=Path(args.geo_dir) if args.geo_dir else None,
            on_file=progress,
            workers=args.proses,
            engine=args.engine,
            scheduler=args.scheduler,
            reference=Path(args.referensi),
            partition_rows=args.partisi,
        )
    except (WarehouseError, FileNotFoundError, BoundaryDataError) as exc:
        print(f"GAGAL: {exc}\nGudang data sebelumnya tidak diubah.", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        _print_table(report)
        resmi = report.summary.resmi
        if resmi is not None:
            print(
                f"Angka resmi: {_fmt(len(resmi.records))} dimuat, {_fmt(len(resmi.quarantined))} dikarantina, "
                f"{_fmt(resmi.contradictions)} kelompok kontradiksi ({resmi.relpath})."
            )
        print(f"Gudang data: {Path(args.out).resolve()} (publik: {Path(args.out).resolve() / config.PUBLIC_SUBDIR})")
    return 2 if report.unreadable else 0


def cmd_kamus(args: argparse.Namespace) -> int:
    text = schema.data_dictionary_markdown()
    if args.out == "-":
        print(text)
    else:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"Kamus data ditulis ke {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "sintetis":
        from etl import sintetis

        return sintetis.main(argv[1:])
    if argv and argv[0] == "berita":
        from etl.berita import perintah

        return perintah.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m etl", description="ETL Pantau Netralitas")
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="bangun gudang data dari folder data mentah")
    run.add_argument("--raw", default=str(config.raw_dir()), help="folder data mentah (default data/raw)")
    run.add_argument("--out", default=str(config.warehouse_dir()), help="folder gudang data (default data/warehouse)")
    run.add_argument(
        "--geo-dir", default=None, help="folder wilayah_boundaries (default ../shared/geo/wilayah_boundaries)"
    )
    run.add_argument(
        "--referensi",
        default=str(config.reference_figures_path()),
        help="berkas angka resmi (default data/referensi/statistik_resmi.csv; NETRALITAS_REFERENSI)",
    )
    run.add_argument("--json", action="store_true", help="cetak laporan run sebagai JSON")
    run.add_argument(
        "--proses",
        type=int,
        default=None,
        metavar="N",
        help="proses pembaca berkas paralel (default: satu per inti CPU bila data besar; "
        "NETRALITAS_ETL_PROSES); hasilnya sama berapa pun N",
    )
    run.add_argument(
        "--partisi",
        type=int,
        default=None,
        metavar="N",
        help="tulis baris ke berkas partisi tiap N terlapor agar run besar muat di memori "
        "(default 2.000.000; NETRALITAS_ETL_PARTISI; 0 = tidak pernah); hasilnya sama",
    )
    run.add_argument(
        "--engine",
        choices=("proses", "dask"),
        default="proses",
        help="tempat tahap per berkas berjalan: proses di mesin ini (default) atau klaster Dask; hasilnya sama",
    )
    run.add_argument(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:PORT",
        help="alamat scheduler Dask (dengan --engine dask); tanpa alamat: klaster lokal --proses pekerja",
    )
    run.set_defaults(func=cmd_run)
    kamus = sub.add_parser("kamus", help="tulis kamus data dari deklarasi skema")
    kamus.add_argument("--out", default=str(config.REPO_ROOT / "docs" / "kamus_data.md"))
    kamus.set_defaults(func=cmd_kamus)
    sub.add_parser("sintetis", help="data mentah sintetis nasional (lihat: python -m etl sintetis --help)")
    sub.add_parser("berita", help="register rancangan dari artikel berita (lihat: python -m etl berita --help)")
    args = parser.parse_args(argv)
    return args.func(args)
