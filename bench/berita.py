"""Accuracy and speed of the news intake (etl/berita) on the project's evaluation set.

    python -m bench.berita              per-field accuracy on tests/berita/*.yml + the five seeds, then speed
    python -m bench.berita --tanpa-kecepatan    accuracy only

Accuracy is judged after the ETL's own taxonomy: the drafted Uraian/Status/Sanksi/Rekomendasi go through
the same ``Normaliser._outcome`` the ETL applies to every register row. Speed: articles per second on
one core (one process), and the time for 1,000 articles (the set repeated).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from etl.berita.ekstrak import Draft, Extractor
from etl.berita.masukan import Article, from_clipping
from etl.normalize import Normaliser
from netralitas import config

EVAL_DIR = config.REPO_ROOT / "tests" / "berita"
#: Held-out sets, each written after the rules were frozen at the commit named in its header.
HELD_OUT = {
    "evaluasi_3_uji": "ditulis setelah aturan dibekukan pertama; sejak itu sudah dilihat",
    "evaluasi_4_uji": "ditulis setelah aturan dibekukan di ae1fbf7; belum pernah dipakai menyetel",
}
FIELDS = ("wilayah", "jumlah", "pemilihan", "tanggal", "jenis", "tahap", "sanksi")


def seeds_dir() -> Path:
    return config.seeds_dir()


@dataclass
class Item:
    id: str
    article: Article
    expected: list[dict]


def load_items(with_seeds: bool = True, held_out: bool | None = False, only: str | None = None) -> list[Item]:
    """The evaluation articles: the tuning set (held_out=False), the held-out sets (True), all (None),
    or one file (``only``: its stem)."""
    items: list[Item] = []
    for path in sorted(EVAL_DIR.glob("evaluasi_*.yml")):
        if only is not None and path.stem != only:
            continue
        if only is None and held_out is not None and path.stem.endswith("_uji") != held_out:
            continue
        for e in yaml.safe_load(path.read_text(encoding="utf-8")):
            terbit = e.get("terbit")
            article = Article(e["id"], e["teks"], e.get("judul"), None, e.get("media"), str(terbit) if terbit else None)
            expected = e["harapan_banyak"] if "harapan_banyak" in e else [e["harapan"]]
            items.append(Item(e["id"], article, expected))
    if with_seeds:
        for e in yaml.safe_load((EVAL_DIR / "benih.yml").read_text(encoding="utf-8")):
            text = (seeds_dir() / e["berkas"]).read_text(encoding="utf-8")
            items.append(Item(e["id"], from_clipping(text, e["berkas"]), [e["harapan"]]))
    return items


def _iso(value) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def drafted(draft: Draft | None, normaliser: Normaliser) -> dict:
    """The fields of one draft as the ETL would record them."""
    if draft is None:
        return dict.fromkeys(FIELDS)
    v = draft.values
    jenis, _, _, sanksi, tahap, _, _ = normaliser._outcome(
        None, v.get("uraian"), None, v.get("sanksi"), v.get("tahap"), bool(v.get("rekomendasi"))
    )
    tanggal = None
    if draft.tanggal is not None:
        tanggal = {"hari": draft.tanggal.isoformat(), "bulan": draft.tanggal.isoformat()[:7]}.get(
            draft.presisi or "", str(draft.tanggal.year)
        )
    return {
        "wilayah": draft.kode_wilayah,
        "jumlah": draft.jumlah,
        "pemilihan": draft.pemilihan_kode,
        "tanggal": tanggal,
        "jenis": jenis,
        "tahap": tahap,
        "sanksi": sanksi,
    }


@dataclass
class Score:
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    wrong: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    empty: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    cases: int = 0
    extra_drafts: int = 0  # drafts for cases the article does not report (an imbauan read as a case)
    publication_as_incident: int = 0
    misses: list[str] = field(default_factory=list)


def evaluate(items: list[Item], extractor: Extractor) -> Score:
    normaliser = Normaliser(extractor.resolver)
    score = Score()
    for item in items:
        result = extractor.extract(item.article)
        drafts = list(result.drafts)
        for i, expected in enumerate(item.expected):
            want = {k: _iso(expected.get(k)) if k == "tanggal" else expected.get(k) for k in FIELDS}
            draft = next((d for d in drafts if d.kode_wilayah == want["wilayah"]), None)
            if draft is None and i < len(result.drafts) and result.drafts[i] in drafts:
                draft = result.drafts[i]
            if draft is not None:
                drafts.remove(draft)
            got = drafted(draft, normaliser)
            score.cases += 1
            for f in FIELDS:
                if got[f] == want[f]:
                    score.right[f] += 1
                elif got[f] is None:
                    score.empty[f] += 1
                    score.misses.append(f"{item.id} {f}: kosong, harapan {want[f]}")
                else:
                    score.wrong[f] += 1
                    score.misses.append(f"{item.id} {f}: {got[f]}, harapan {want[f]}")
            terbit = item.article.terbit
            if got["tanggal"] and terbit and got["tanggal"] == terbit[:10] and want["tanggal"] != got["tanggal"]:
                score.publication_as_incident += 1
        score.extra_drafts += len(drafts)
        if drafts:
            score.misses.append(f"{item.id}: {len(drafts)} rancangan tanpa kasus yang diharapkan")
    return score


def print_score(score: Score, items: int) -> None:
    labels = {
        "wilayah": "wilayah",
        "jumlah": "jumlah ASN",
        "pemilihan": "pemilihan",
        "tanggal": "tanggal kejadian (presisi)",
        "jenis": "jenis pelanggaran",
        "tahap": "tahap",
        "sanksi": "kategori sanksi",
    }
    n = score.cases
    print(f"{items} artikel, {n} kasus yang diharapkan")
    print(f"{'kolom':<28}{'benar':>7}{'salah':>7}{'kosong':>8}{'% benar':>9}{'% salah':>9}")
    for f in FIELDS:
        r, w, e = score.right[f], score.wrong[f], score.empty[f]
        print(f"{labels[f]:<28}{r:>7}{w:>7}{e:>8}{100 * r / n:>8.1f}%{100 * w / n:>8.1f}%")
    print(f"tanggal terbit dipakai sebagai tanggal kejadian: {score.publication_as_incident}")
    print(f"rancangan tanpa kasus yang diharapkan: {score.extra_drafts}")


def speed(items: list[Item], extractor: Extractor, n: int = 1000) -> dict:
    articles = [items[i % len(items)].article for i in range(n)]
    started = time.process_time()
    wall = time.perf_counter()
    drafts = sum(len(extractor.extract(a).drafts) for a in articles)
    cpu = time.process_time() - started
    return {
        "artikel": n,
        "kasus": drafts,
        "detik_cpu": round(cpu, 2),
        "detik_dinding": round(time.perf_counter() - wall, 2),
        "artikel_per_detik": round(n / cpu, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.berita", description=__doc__.splitlines()[0])
    parser.add_argument("--tanpa-kecepatan", action="store_true", help="akurasi saja")
    parser.add_argument("--salah", action="store_true", help="cetak setiap isian yang meleset")
    parser.add_argument("--json", default=None, metavar="FILE", help="tulis angka-angkanya ke FILE")
    args = parser.parse_args(argv)
    from etl.berita.perintah import make_extractor

    t0 = time.perf_counter()
    extractor = make_extractor()
    load_s = time.perf_counter() - t0
    items = load_items()
    score = evaluate(items, extractor)
    print("Set penyetelan (evaluasi_1, evaluasi_2 + lima artikel benih):")
    print_score(score, len(items))
    if args.salah:
        print("\n".join(score.misses))
    figures: dict = {
        "penyetelan": {"kasus": score.cases, "benar": score.right, "salah": score.wrong, "kosong": score.empty}
    }
    for stem, note in HELD_OUT.items():
        held = load_items(with_seeds=False, only=stem)
        held_score = evaluate(held, extractor)
        print(f"\nSet uji {stem} ({note}):")
        print_score(held_score, len(held))
        if args.salah:
            print("\n".join(held_score.misses))
        figures[stem] = {
            "kasus": held_score.cases,
            "benar": held_score.right,
            "salah": held_score.wrong,
            "kosong": held_score.empty,
            "rancangan_lebih": held_score.extra_drafts,
        }
    if not args.tanpa_kecepatan:
        s = speed(items, extractor)
        figures["kecepatan"] = s
        print(
            f"\nkecepatan (satu inti): {s['artikel_per_detik']:.0f} artikel/detik; {s['artikel']} artikel dalam "
            f"{s['detik_cpu']:.1f} s CPU ({s['detik_dinding']:.1f} s dinding), + {load_s:.1f} s memuat kosakata wilayah"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
