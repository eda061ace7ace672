"""The parameters (``referensi/sintetis.yml``) and the world they are drawn in: the 552 Bawaslu offices,
their region spellings (each checked against the ETL's own resolver) and name pools. Pure: reads
vocabulary, returns data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import yaml

from etl.sintetis.shapes import SHAPES
from netralitas import vocab

# ---------------------------------------------------------------- parameters and the world


@cache
def params() -> dict:
    """``referensi/sintetis.yml``, checked against the vocabularies it names."""
    with open(vocab.REFERENCE_DIR / "sintetis.yml", encoding="utf-8") as fh:
        p = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C safe loader: 10x faster
    elections = {e.kode for e in vocab.elections()}
    unknown = set(p["pemilihan"]) - elections
    unknown |= {c for mix in p["jenis_pelanggaran"].values() for c in mix} - set(vocab.codes("jenis_pelanggaran"))
    unknown |= set(p["teks_jenis"]) - set(vocab.codes("jenis_pelanggaran"))
    unknown |= {c for mix in p["jabatan"].values() for c in mix} - set(vocab.codes("jabatan"))
    unknown |= set(p["teks_jabatan"]) - set(vocab.codes("jabatan"))
    unknown |= set(p["sanksi"]) - set(vocab.codes("sanksi"))
    unknown |= set(p["bentuk"]) - set(SHAPES)
    # a weighted code needs texts to write, or its share would silently vanish
    unknown |= {c for mix in p["jenis_pelanggaran"].values() for c, w in mix.items() if w} - set(p["teks_jenis"])
    unknown |= {c for mix in p["jabatan"].values() for c, w in mix.items() if w} - set(p["teks_jabatan"])
    unknown |= {c for c, w in p["sanksi"].items() if w} - set(p["teks_sanksi"])
    if unknown:
        raise ValueError(f"sintetis.yml: kode tidak dikenal atau tanpa teks: {sorted(unknown)}")
    return p


@dataclass
class Office:
    kode: str
    nama: str  # official: "Kabupaten Bekasi", "Kota Administrasi Jakarta Selatan", "Jawa Barat"
    tingkat: str  # provinsi | kabupaten | kota
    kode_provinsi: str
    nama_provinsi: str
    folder: str  # relative to the output folder
    slug: str
    bawaslu_code: str  # the office's own numbering in register numbers (never read as a region)
    spellings: tuple[str, ...]  # every one checked against the ETL resolver
    spelling_p: np.ndarray = field(repr=False)


@dataclass
class World:
    offices: list[Office]
    fictional_regions: tuple[str, ...]
    first: np.ndarray  # name pools (object arrays), words that clash with other text removed
    middle: np.ndarray
    last: np.ndarray
    unreadable_regions: tuple[str, ...] = ()  # official names the ETL resolver does not read back (an ETL bug)


_OFFICIAL_PREFIX = re.compile(r"^(Kabupaten Administrasi|Kota Administrasi|Kabupaten|Kota) ")


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def _fold_words(text: str) -> set[str]:
    return set(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _texts_in_params(p: dict) -> list[str]:
    out: list[str] = []

    def walk(x) -> None:
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)

    for key in (
        "teks_jenis",
        "platform",
        "teks_jabatan",
        "teks_instansi",
        "teks_tahap",
        "teks_rekomendasi",
        "teks_sanksi",
        "teks_uraian",
        "uraian_menyebut_nama",
        "teks_pemilihan",
        "teks_sumber",
        "judul_xlsx",
        "wilayah_rekaan",
    ):
        walk(p[key])
    out += list(p["platform"])
    return out


@cache
def world() -> World:
    """Offices with their checked spellings, and the name pools. Reads the same boundary
    files and alias table as the ETL, so every name written is one the ETL resolves."""
    from etl.boundaries import load_boundaries
    from etl.regions import RegionMatch, RegionProblem, RegionResolver

    p = params()
    kab, prov = load_boundaries()
    resolver = RegionResolver.from_boundaries(kab, prov)
    prov_names = {r.kode: r.nama for r in prov}
    aliases: dict[str, list[str]] = {}
    for alias, kode, _ in vocab.region_aliases():
        aliases.setdefault(kode, []).append(alias)

    def reads_as(text: str, office: Office) -> bool:
        instansi = (
            f"Dinas Pendidikan Provinsi {office.nama}"
            if office.tingkat == "provinsi"
            else f"Dinas Pendidikan {office.nama}"
        )
        # a province register has no Provinsi column ("Jambi" beside Provinsi "Jambi" reads as Kota Jambi)
        for provinsi in (None,) if office.tingkat == "provinsi" else (None, office.nama_provinsi):
            for agency in (None, instansi):
                m = resolver.resolve(text, provinsi=provinsi, instansi=agency, default=office.kode)
                if not isinstance(m, RegionMatch):
                    return False
                got = m.kode_kabupaten_kota or m.kode_provinsi
                if got != office.kode:
                    return False
        return True

    def spellings(office: Office, bare: str) -> tuple[tuple[str, ...], np.ndarray]:
        if office.tingkat == "provinsi":
            weights = p["ejaan_wilayah"]["provinsi"]
            candidates: list[tuple[str, str | None]] = [
                ("resmi", office.nama),
                ("berawalan", f"Provinsi {office.nama}"),
                ("singkat", f"Prov. {office.nama}"),
                ("kapital", office.nama.upper()),
            ]
        else:
            weights = p["ejaan_wilayah"]["kabupaten_kota"]
            kab = office.tingkat == "kabupaten"
            typo = f"Kabupeten {bare}" if kab else f"Kota {bare[:-2] + bare[-1]}" if len(bare) >= 8 else None
            candidates = [
                ("resmi", office.nama),
                ("singkat", f"Kab. {bare}" if kab else f"Kota {bare}"),
                ("kapital", office.nama.upper()),
                ("tanpa_awalan", bare),
                ("tanpa_titik", f"Kab {bare}" if kab else None),
                ("salah_ketik", typo),
            ]
        alias_list = aliases.get(office.kode, [])
        candidates += [("alias", a) for a in alias_list]
        texts: list[str] = []
        w: list[float] = []
        for kind, text in candidates:
            if text is None or text in texts or not reads_as(text, office):
                continue
            texts.append(text)
            w.append(weights.get(kind, 0.0) / (len(alias_list) if kind == "alias" else 1))
        if not texts:  # no spelling reads back: cells stay empty and the folder's sumber.yml supplies it
            unreadable.append(office.nama)
            return (), np.ones(0)
        arr = np.asarray(w, dtype=float)
        return tuple(texts), arr / arr.sum()

    unreadable: list[str] = []
    offices: list[Office] = []
    kab_by_prov: dict[str, list] = {}
    for k in kab:
        kab_by_prov.setdefault(k.kode[:2], []).append(k)
    for pr in prov:
        folder = f"{pr.kode}_{_slug(pr.nama)}"
        office = Office(pr.kode, pr.nama, "provinsi", pr.kode, pr.nama, folder, _slug(pr.nama), pr.kode, (), np.ones(1))
        office.spellings, office.spelling_p = spellings(office, pr.nama)
        offices.append(office)
        for i, k in enumerate(kab_by_prov.get(pr.kode, []), 1):
            tingkat = "kota" if k.nama.startswith("Kota") else "kabupaten"
            slug = _slug(k.nama)
            office = Office(
                k.kode,
                k.nama,
                tingkat,
                pr.kode,
                pr.nama,
                f"{folder}/{k.kode}_{slug}",
                slug,
                f"{pr.kode}.{i:02d}",
                (),
                np.ones(1),
            )
            office.spellings, office.spelling_p = spellings(office, _OFFICIAL_PREFIX.sub("", k.nama))
            offices.append(office)

    # "unknown" (not "ambiguous"): no folder default or province can then settle it
    fictional = []
    for text in p["wilayah_rekaan"]:
        m = resolver.resolve(text)
        if isinstance(m, RegionProblem) and "tidak dikenal" in m.alasan:
            fictional.append(text)
    if not fictional:
        raise ValueError("sintetis.yml: semua wilayah_rekaan ternyata dikenali ETL")

    # Name words must not occur in region names or any text written, or the public build's
    # name scrubbing would blank them there too.
    taken: set[str] = set()
    for text in (
        [r.nama for r in kab]
        + list(prov_names.values())
        + [a for a, _, _ in vocab.region_aliases()]
        + _texts_in_params(p)
    ):
        taken |= _fold_words(text)

    def pool(words: list[str]) -> np.ndarray:
        kept = [w for w in dict.fromkeys(words) if w.lower() not in taken and w.isalpha()]
        return np.asarray(kept, dtype=object)

    return World(
        offices,
        tuple(fictional),
        pool(p["nama_depan"]),
        pool(p["nama_tengah"]),
        pool(p["nama_belakang"]),
        tuple(unreadable),
    )
