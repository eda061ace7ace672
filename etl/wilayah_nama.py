"""The region vocabulary beyond the official names: legal and old names, journalists' abbreviations
built by rule for all 38 provinces and 514 kabupaten/kota, and kecamatan names that identify one
kabupaten/kota. Data, not code, wherever a person decides:

- ``netralitas/referensi/wilayah_alias.csv``: hand-listed spellings and abbreviations (existing);
- ``netralitas/referensi/wilayah_nama.csv``: legal names old and new (with the law), nicknames, and short
  names that mean several regions (``Jogja``: the province or the city) — those are never guessed;
- ``netralitas/referensi/wilayah_singkatan.csv``: abbreviations built by rule from the official names
  (``Sumatera Utara`` -> ``Sumut``, ``Hulu Sungai Selatan`` -> ``HSS``), each with its rule, written by
  ``python -m etl.wilayah_nama`` and reviewed like any data file;
- kecamatan names: read at run time from ``wilayah.sql`` (``NETRALITAS_WILAYAH_KODE_DIR``, default
  ``../shared/geo/wilayah_kode``), never committed; a name is used only when exactly one kecamatan in the
  country bears it and it is no region's own name or alias.

An entry whose key equals an official name of another region, or two entries of one key with different
codes (unless listed as ambiguous), are dropped when built and rejected by the test that walks the table.
"""

from __future__ import annotations

import argparse
import csv
import re
from functools import lru_cache
from pathlib import Path

from etl.textnorm import fold
from netralitas import config, vocab

SINGKATAN_CSV = vocab.REFERENCE_DIR / "wilayah_singkatan.csv"

#: Direction words and the endings journalists make of them (Sumut, Kalsel, Kalbar, Haltim, Malteng, Sultra, Rohul, Inhil).
_DIRECTIONS = {
    "utara": "ut",
    "selatan": "sel",
    "barat": "bar",
    "timur": "tim",
    "tengah": "teng",
    "tenggara": "tra",
    "hulu": "hul",
    "hilir": "hil",
}
#: Letter strings that are institutions or everyday words, never a region, whatever a rule builds.
_NOT_REGIONS = {
    "kpu",
    "dpr",
    "dpd",
    "bkn",
    "asn",
    "pns",
    "tni",
    "opd",
    "bpk",
    "kpk",
    "ppk",
    "pps",
    "tps",
    "rsu",
    "bkd",
    "pks",
    "pan",
    "pkb",
    "pdi",
    "ppp",
    "mui",
    "sma",
    "smp",
    "smk",
    "sdn",
    "rsud",
    "pkh",
    "bpn",
    "bps",
    "kua",
    "kasn",
    "ham",
    "sdm",
    "apk",
    "ktp",
    "kta",
    "uud",
    "skb",
    "rt",
    "rw",
    "sut",
    "sel",
    "bar",
    "tim",
    "kasi",
    "kabid",
    "banteng",
    "bentar",
    "pasut",
    "kasut",
    "sesut",
    "kalut",
    "kabar",
    "sutra",
    "kahul",
    "lamut",
}
_VOWELS = "aeiou"
_PREFIX_WORDS = {
    "kota",
    "kabupaten",
    "kab",
    "kot",
    "provinsi",
    "prov",
    "pemkot",
    "pemkab",
    "pemko",
    "pemprov",
    "bupati",
    "walikota",
    "gubernur",
    "kecamatan",
    "kec",
    "desa",
    "kelurahan",
    "kel",
    "distrik",
    "nagari",
    "gampong",
}


def _syllable(word: str, closed: bool) -> str:
    """``lampung`` -> ``la`` (open) or ``lam`` (closed): the first syllable, as shortenings take it."""
    i = 0
    while i < len(word) and word[i] not in _VOWELS:
        i += 1
    while i < len(word) and word[i] in _VOWELS:
        i += 1
    if closed and i < len(word):
        i += 1
    return word[:i]


def _bare(nama: str) -> str:
    return re.sub(r"^(kabupaten administrasi|kota administrasi|kabupaten|kota) ", "", fold(nama))


def rule_abbreviations(regions: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(alias, kode, rule) for every official (kode, nama) a rule shortens; collisions and clashes are dropped."""
    built: dict[str, set[str]] = {}
    rules: dict[tuple[str, str], str] = {}
    for kode, nama in regions:
        words = _bare(nama).split()
        if len(words) == 2 and words[1] in _DIRECTIONS and len(words[0]) >= 4:
            for closed in (True, False):
                alias = _syllable(words[0], closed) + _DIRECTIONS[words[1]]
                built.setdefault(alias, set()).add(kode)
                rules.setdefault((alias, kode), f"suku awal + arah: {words[0]} {words[1]}")
        content = [w for w in words if w not in ("dan", "di")]
        if len(content) >= 3:
            alias = "".join(w[0] for w in content)
            built.setdefault(alias, set()).add(kode)
            rules.setdefault((alias, kode), "huruf awal nama tiga kata atau lebih")
    taken = _taken_keys(regions)
    out = []
    for alias, codes in sorted(built.items()):
        short = rules[(alias, next(iter(codes)))].startswith("suku") and len(alias) < 5
        if len(codes) != 1 or len(alias) < 3 or short or alias in _NOT_REGIONS:
            continue  # one string for two regions: never guess, leave it out
        kode = next(iter(codes))
        if taken.get(alias, kode) != kode:
            continue  # it would shadow another region's own name or a hand-listed alias
        display = alias.upper() if rules[(alias, kode)].startswith("huruf") else alias.capitalize()
        out.append((display, kode, rules[(alias, kode)]))
    return out


def _taken_keys(regions: list[tuple[str, str]]) -> dict[str, str]:
    """Keys already spoken for (official bare and full names, hand aliases, legal names) -> their code;
    a key two regions share maps to ``*``."""
    taken: dict[str, str] = {}

    def add(text: str, kode: str) -> None:
        key = fold(text).replace(" ", "")
        taken[key] = kode if taken.get(key, kode) == kode else "*"

    for kode, nama in regions:
        add(nama, kode)
        add(_bare(nama), kode)
    for alias, kode, _ in vocab.region_aliases() + named_regions():
        if "|" not in kode:
            add(alias, kode)
        else:
            taken[fold(alias).replace(" ", "")] = "*"
    return taken


def named_regions() -> tuple[tuple[str, str, str], ...]:
    """Rows of ``wilayah_nama.csv`` as (nama, kode, catatan); ``kode`` may list candidates ``34|34.71``."""
    return _read_csv(vocab.REFERENCE_DIR / "wilayah_nama.csv", "nama")


def rule_table() -> tuple[tuple[str, str, str], ...]:
    return _read_csv(SINGKATAN_CSV, "singkatan")


@lru_cache(maxsize=4)
def _read_csv(path: Path, key: str) -> tuple[tuple[str, str, str], ...]:
    if not path.exists():
        return ()
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#")) if r.get(key)]
    return tuple((r[key].strip(), r["kode"].strip(), (r.get("sumber") or "").strip()) for r in rows)


_SQL_ROW = re.compile(r"\('(\d{2}\.\d{2}\.\d{2})','((?:[^']|'')*)'\)")


@lru_cache(maxsize=4)
def kecamatan_aliases(sql_path: Path | None = None) -> tuple[tuple[str, str, str], ...]:
    """Kecamatan names borne by exactly one kecamatan in the country and by no region: (nama, kode kab/kota, note)."""
    path = Path(sql_path) if sql_path else config.wilayah_kode_dir() / "wilayah.sql"
    if not path.exists():
        return ()
    by_key: dict[str, list[tuple[str, str]]] = {}
    for code, name in _SQL_ROW.findall(path.read_text(encoding="utf-8")):
        name = name.replace("''", "'")
        key = fold(name).replace(" ", "")
        by_key.setdefault(key, []).append((name, code[:5]))
    taken = _taken_keys_from_sql(path)
    out = []
    for key, hits in sorted(by_key.items()):
        words = fold(hits[0][0]).split()
        if len(hits) != 1 or len(key) < 5 or key in taken or any(w in _DIRECTIONS for w in words):
            continue  # shared, too short, a region's own name, or "Kluet Utara"-like parts of a name
        if words[0] in _PREFIX_WORDS:
            continue  # "Kota Arga Makmur" (a kecamatan): read as a prefix, it would be a kota
        name, kab = hits[0]
        out.append((name, kab, "kecamatan satu-satunya bernama ini (Kemendagri 300.2.2-2138/2025)"))
    return tuple(out)


@lru_cache(maxsize=4)
def _taken_keys_from_sql(path: Path) -> frozenset[str]:
    regions = [
        (c, n) for c, n in re.findall(r"\('(\d{2}(?:\.\d{2})?)','((?:[^']|'')*)'\)", path.read_text(encoding="utf-8"))
    ]
    keys = set(_taken_keys(regions))
    for alias, _, _ in rule_table():
        keys.add(fold(alias).replace(" ", ""))
    return frozenset(keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.wilayah_nama", description="tulis wilayah_singkatan.csv")
    parser.add_argument("--geo-dir", default=None)
    args = parser.parse_args(argv)
    from etl.boundaries import load_boundaries

    kab, prov = load_boundaries(Path(args.geo_dir) if args.geo_dir else None)
    regions = [(r.kode, r.nama) for r in prov + kab]
    rows = rule_abbreviations(regions)
    with open(SINGKATAN_CSV, "w", encoding="utf-8", newline="") as fh:
        fh.write("# Singkatan wilayah yang dibangun dengan aturan dari nama resmi (python -m etl.wilayah_nama).\n")
        fh.write("# Tidak disunting tangan: ubah aturannya, atau tambah pengecualian di wilayah_alias.csv.\n")
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["singkatan", "kode", "sumber"])
        writer.writerows(rows)
    print(f"{len(rows)} singkatan ditulis ke {SINGKATAN_CSV}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
