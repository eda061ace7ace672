"""``python -m etl berita INPUT... --out FILE.csv [--json]``: articles in, a draft media register out.

Exit codes as the ETL's: 0 every input read; 2 the register was written but some inputs were
unreadable (each listed with its reason); 1 nothing could be written.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from etl.berita import VERSION
from etl.berita.ekstrak import Extractor, Result
from etl.berita.masukan import Rejected, discover, read

#: Register columns (headers the ETL knows through netralitas/referensi/kolom.yml) -> draft field.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Provinsi", "provinsi"),
    ("Kabupaten/Kota", "wilayah"),
    ("Tanggal Kejadian", "tanggal_kejadian"),
    ("Jumlah ASN", "jumlah"),
    ("Nama Terlapor", "nama"),
    ("Jabatan", "jabatan"),
    ("Instansi", "instansi"),
    ("Uraian", "uraian"),
    ("Status", "tahap"),
    ("Rekomendasi", "rekomendasi"),
    ("Sanksi", "sanksi"),
    ("Pemilihan", "pemilihan"),
    ("URL", "url"),
    ("Media Massa", "media"),
    ("Tanggal Terbit", "terbit"),
    ("Jenis Sumber", "jenis_sumber"),
    ("Artikel", "artikel"),
    ("Bukti", "bukti"),
    ("Keyakinan", "keyakinan"),
    ("Versi Ekstraktor", "versi"),
)
#: The summary's "fields left empty" counts these.
SUMMARY_FIELDS = (
    "provinsi",
    "wilayah",
    "tanggal_kejadian",
    "jumlah",
    "nama",
    "jabatan",
    "instansi",
    "pemilihan",
    "tahap",
    "rekomendasi",
    "sanksi",
)


def row_of(draft) -> dict[str, str]:
    values = dict(draft.values)
    values["jenis_sumber"] = "Pemberitaan media"
    values["bukti"] = " | ".join(f"{k}: «{v}»" for k, v in draft.bukti.items())
    values["keyakinan"] = "; ".join(f"{k}={v}" for k, v in draft.keyakinan.items())
    return {header: values.get(key, "") or "" for header, key in COLUMNS}


def make_extractor(geo_dir: Path | None = None) -> Extractor:
    from etl.boundaries import load_boundaries
    from etl.regions import RegionResolver

    kab, prov = load_boundaries(geo_dir)
    return Extractor(RegionResolver.from_boundaries(kab, prov))


def run(inputs: list[Path], extractor: Extractor) -> tuple[list[Result], list[Rejected]]:
    results: list[Result] = []
    rejected: list[Rejected] = []
    for path, name in discover(inputs):
        for item in read(path, name):
            if isinstance(item, Rejected):
                rejected.append(item)
                continue
            try:
                results.append(extractor.extract(item))
            except Exception as exc:  # one odd article never stops the others
                rejected.append(Rejected(item.artikel, f"gagal dibaca ({type(exc).__name__})"))
    return results, rejected


def write_csv(rows: list[dict[str, str]], out: Path) -> None:
    """Written aside and moved in: a reader never sees half a register."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[h for h, _ in COLUMNS], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".berita-", suffix=".csv", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())
    os.replace(tmp, out)


def summary(results: list[Result], rejected: list[Rejected], seconds: float) -> dict:
    drafts = [d for r in results for d in r.drafts]
    rows = [row_of(d) for d in drafts]
    header_of = dict((k, h) for h, k in COLUMNS)
    return {
        "versi_ekstraktor": VERSION,
        "artikel_dibaca": len(results),
        "artikel_tanpa_kasus": [{"artikel": r.article.artikel, "alasan": r.alasan} for r in results if not r.drafts],
        "tidak_terbaca": [{"artikel": x.artikel, "alasan": x.alasan} for x in rejected],
        "kasus_dirancang": len(drafts),
        "kolom_kosong": {header_of[f]: sum(1 for row in rows if not row[header_of[f]]) for f in SUMMARY_FIELDS},
        "detik": round(seconds, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl berita", description="Rancang register kasus dari berita")
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="berkas atau folder artikel (.txt, .md, .html, .jsonl)"
    )
    parser.add_argument("--out", required=True, metavar="FILE.csv", help="register rancangan yang ditulis")
    parser.add_argument("--json", action="store_true", help="cetak ringkasan sebagai JSON")
    parser.add_argument("--geo-dir", default=None, help="folder wilayah_boundaries")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    inputs = [Path(p) for p in args.inputs]
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        print(f"GAGAL: masukan tidak ada: {', '.join(missing)}", file=sys.stderr)
        return 1
    try:
        extractor = make_extractor(Path(args.geo_dir) if args.geo_dir else None)
        results, rejected = run(inputs, extractor)
        rows = [row_of(d) for r in results for d in r.drafts]
        write_csv(rows, Path(args.out))
    except Exception as exc:
        print(f"GAGAL: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    report = summary(results, rejected, time.perf_counter() - started)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print(report, Path(args.out))
    return 2 if rejected else 0


def _print(report: dict, out: Path) -> None:
    print(f"Artikel dibaca: {report['artikel_dibaca']}; kasus dirancang: {report['kasus_dirancang']} -> {out}")
    if report["artikel_tanpa_kasus"]:
        print(f"Artikel tanpa kasus: {len(report['artikel_tanpa_kasus'])}")
        for item in report["artikel_tanpa_kasus"]:
            print(f"  {item['artikel']}: {item['alasan']}")
    for item in report["tidak_terbaca"]:
        print(f"  TIDAK TERBACA {item['artikel']}: {item['alasan']}")
    print("Kolom kosong per kolom: " + ", ".join(f"{k} {v}" for k, v in report["kolom_kosong"].items()))
    print(f"Versi ekstraktor {report['versi_ekstraktor']}; {report['detik']:.2f} detik.")
