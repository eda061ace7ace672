"""``python -m laporan``: the monthly report as files, one or a month's whole set, for cron.

    python -m laporan --bulan 2024-11 --out DIR                       national report, PDF and PNG
    python -m laporan --bulan 2024-11 --wilayah 19 --format pdf --out DIR
    python -m laporan --bulan 2024-11 --semua-provinsi --out DIR       national + 38 provinces + index.csv/.html

Reads the warehouse only (``--data``, default ``NETRALITAS_DATA`` or ``data/warehouse``; the public build
unless ``NETRALITAS_MODE=internal``). Exit code 0: every report written; 1: at least one failed (each is
named on stderr and in the index); 2: bad arguments or no warehouse.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from pathlib import Path

from dashboard.filters import Filter
from dashboard.laporan import content
from dashboard.laporan.render import ChromiumMissing, Renderer, file_name
from dashboard.warehouse import Warehouse
from netralitas import config

FORMATS = ("pdf", "png")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m laporan", description="Laporan bulanan sebagai berkas PDF/PNG.")
    p.add_argument("--bulan", required=True, help="bulan laporan, YYYY-MM (mis. 2024-11)")
    p.add_argument("--wilayah", default="", help="kode Kemendagri, dipisah koma (19 = provinsi, 18.72 = kab/kota)")
    p.add_argument("--pemilihan", default="", help="kode pemilihan, dipisah koma (mis. pilkada_2024)")
    p.add_argument("--format", default="pdf,png", help="pdf, png atau pdf,png (bawaan)")
    p.add_argument("--png-2x", action="store_true", help="PNG dengan piksel dua kali lipat (3840x2160) untuk cetak")
    p.add_argument("--semua-provinsi", action="store_true", help="laporan nasional + satu per provinsi + indeks")
    p.add_argument("--data", default=None, help="folder gudang data (bawaan: NETRALITAS_DATA atau data/warehouse)")
    p.add_argument("--url", default=config.dashboard_url(content.DEFAULT_BASE_URL), help="alamat dasbor")
    p.add_argument("--out", required=True, help="folder keluaran")
    return p.parse_args(argv)


def warehouse_at(root: Path) -> Warehouse:
    mode = config.mode()
    return Warehouse(root if mode == "internal" else root / config.PUBLIC_SUBDIR, mode)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    month = content.parse_month(args.bulan)
    if month is None:
        print(f"--bulan {args.bulan!r}: bukan bulan YYYY-MM (mis. 2024-11).", file=sys.stderr)
        return 2
    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    if not formats or any(f not in FORMATS for f in formats):
        print(f"--format {args.format!r}: pilih pdf, png atau pdf,png.", file=sys.stderr)
        return 2
    wh = warehouse_at(Path(args.data) if args.data else config.warehouse_dir())
    if not wh.exists():
        print(f"Gudang data tidak ada: {wh.db_path}. Bangun dulu: python -m etl run", file=sys.stderr)
        return 2
    query = {"wilayah": args.wilayah, "pemilihan": args.pemilihan}
    base, notices = Filter.from_query({k: v for k, v in query.items() if v})
    if notices:
        print("\n".join(notices).replace("Parameter", "Argumen"), file=sys.stderr)
        return 2
    known = set(content.make_context(wh, Filter()).names)
    unknown = [c for c in base.wilayah if c not in known]
    if unknown:
        print(f"--wilayah: kode tidak dikenal: {', '.join(unknown)}", file=sys.stderr)
        return 2
    jobs = [base]
    if args.semua_provinsi:
        jobs = [Filter(pemilihan=base.pemilihan)] + [
            Filter(pemilihan=base.pemilihan, wilayah=(kode,)) for kode, _ in content.provinces(wh)
        ]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scale = 2 if args.png_2x else 1
    return run_batch(wh, month, jobs, set(formats), out, args.url, index=args.semua_provinsi, png_scale=scale)


def run_batch(
    wh: Warehouse,
    month,
    jobs: list[Filter],
    formats: set[str],
    out: Path,
    base_url: str,
    *,
    index: bool,
    png_scale: int = 1,
) -> int:
    started = time.perf_counter()
    rows: list[dict] = []

    def build(f: Filter) -> content.MonthlyReport:
        return content.build(content.make_context(wh, f), month)

    with ThreadPoolExecutor(max_workers=1) as ahead:
        # The first report's numbers and charts are worked out while Chromium starts (seconds each;
        # one waits on the browser process, the other on DuckDB and plotly).
        first: Future | None = ahead.submit(build, jobs[0]) if jobs else None
        try:
            renderer = Renderer(png_scale).__enter__()
        except (ChromiumMissing, Exception) as exc:  # no browser: nothing can be written
            print(f"GAGAL: Chromium tidak bisa dijalankan: {exc}", file=sys.stderr)
            return 1
    try:
        for f in jobs:
            t0 = time.perf_counter()
            name = "-".join(f.wilayah) or "nasional"
            row = {"bulan": content.month_key(month), "wilayah": name, "nama": "", "terlapor": "", "status": "gagal"}
            try:
                if first is not None:
                    report, first = first.result(), None
                else:
                    report = build(f)
                row["nama"] = report.scope() if f.wilayah else "Nasional"
                row["terlapor"] = str(report.kpis["terlapor"])
                files = renderer.render(report, formats, base_url=base_url)
                for fmt, data in files.items():
                    target = out / file_name(report, fmt, png_scale)
                    tmp = target.with_name(target.name + ".tmp")
                    tmp.write_bytes(data)
                    os.replace(tmp, target)  # a reader never sees half a file
                    row[fmt] = target.name
                row["status"] = "ok"
                print(f"{name}: {', '.join(row[fmt] for fmt in sorted(files))} ({time.perf_counter() - t0:.1f} s)")
            except Exception as exc:  # one report failing must not stop the others
                row["status"] = f"gagal: {exc}"
                print(f"GAGAL {name} ({content.month_key(month)}): {exc}", file=sys.stderr)
                traceback.print_exc(file=sys.stderr)
            rows.append(row)
    finally:
        renderer.__exit__(None, None, None)
    if renderer.refused:
        print(f"Permintaan jaringan ditolak: {sorted(set(renderer.refused))}", file=sys.stderr)
    if index:
        write_index(out, month, rows, formats)
    failed = [r["wilayah"] for r in rows if r["status"] != "ok"]
    print(
        f"{len(rows) - len(failed)} dari {len(rows)} laporan ditulis ke {out} dalam {time.perf_counter() - started:.1f} s."
    )
    if failed:
        print(f"GAGAL ditulis: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def write_index(out: Path, month, rows: list[dict], formats: set[str]) -> None:
    key = content.month_key(month)
    columns = ["bulan", "wilayah", "nama", "terlapor", *sorted(formats), "status"]
    with open(out / f"indeks-{key}.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    items = "".join(
        f"<tr><td>{escape(r['wilayah'])}</td><td>{escape(r['nama'])}</td><td>{escape(r['terlapor'])}</td>"
        + "".join(
            f'<td><a href="{escape(r[fmt], quote=True)}">{fmt.upper()}</a></td>' if r.get(fmt) else "<td>–</td>"
            for fmt in sorted(formats)
        )
        + f"<td>{escape(r['status'])}</td></tr>"
        for r in rows
    )
    heads = "".join(f"<th>{fmt.upper()}</th>" for fmt in sorted(formats))
    (out / f"indeks-{key}.html").write_text(
        f'<!doctype html><html lang="id"><meta charset="utf-8"><title>Laporan bulanan {key}</title>'
        f"<h1>Laporan bulanan {key}</h1><table><tr><th>Kode</th><th>Wilayah</th><th>ASN terlapor</th>{heads}"
        f"<th>Status</th></tr>{items}</table></html>",
        encoding="utf-8",
    )
