"""Region names as people write them -> Kemendagri codes, never by guessing.

Inputs: official names with or without prefix (``Kota Metro``, ``Metro``), prefix
variants (``Kab.``, ``Kabupeten``, ``Pemkot``, ``Pemprov``…), codes (``18.72``,
``1872``, ``19``), the aliases in ``netralitas/referensi/wilayah_alias.csv`` (data),
small typos, and free text naming a region among other words. How prefixes, sub-district words
and abbreviations are written is data too (``netralitas/referensi/wilayah_ejaan.yml``).

A bare name shared by several regions (``Bekasi``: Kabupaten 32.16 and Kota 32.75;
``Gorontalo``: a province, a kabupaten and a kota) is settled only by context (the
prefix, ``Pemkot``/``Pemkab`` in the agency, the province, the folder default);
otherwise the answer is a :class:`RegionProblem` naming the candidates, and the
row goes to quarantine.

One name looked up gives one of three explicit results: a :class:`Region` (found), an
:class:`Ambiguous` (several candidates, context must settle it) or ``None`` (not found). There is
no catch-all: a bug in here raises, so the property tests that say the resolver never raises
can fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl.boundaries import BoundaryRecord
from etl.textnorm import fold
from netralitas import vocab


@dataclass(frozen=True)
class Region:
    kode: str
    nama: str
    tingkat: str  # provinsi | kabupaten | kota
    kode_provinsi: str


@dataclass(frozen=True)
class RegionMatch:
    kode_provinsi: str
    nama_provinsi: str
    kode_kabupaten_kota: str | None
    nama_kabupaten_kota: str | None
    catatan: str | None = None


@dataclass(frozen=True)
class RegionProblem:
    alasan: str
    kandidat: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ambiguous:
    """A name that fits several regions (``Bekasi``: a kabupaten and a kota)."""

    candidates: tuple[Region, ...]


#: The result of looking one name up: found, ambiguous, or not found (None).
Lookup = Region | Ambiguous | None


_SPELLINGS = vocab.region_spellings()  # netralitas/referensi/wilayah_ejaan.yml


def _alternatives(words: list[str]) -> str:
    """``a|b|c`` for a regular expression; the data holds plain words (checked, so none is a pattern)."""
    for word in words:
        if not re.fullmatch(r"[a-z]+( [a-z]+)*", word):
            raise ValueError(f"wilayah_ejaan.yml: {word!r} is not lower-case words")
    return "|".join(words)


#: Prefixes, longest first; each maps to the kind of region it announces.
_PREFIXES: tuple[tuple[str, str], ...] = tuple(
    sorted(
        ((prefix, kind) for kind, prefixes in _SPELLINGS["awalan"].items() for prefix in prefixes),
        key=lambda p: -len(p[0]),
    )
)
_OFFICIAL_PREFIX = re.compile(rf"^({_alternatives(_SPELLINGS['awalan_resmi'])}) ")
_CODE = re.compile(r"^(\d{2})(?:[. ]?(\d{2}))?$")
_SEGMENT_SPLIT = re.compile(r"[,;/()\[\]|]| - | – ")
#: Words that introduce a sub-district, not a region of ours: a segment starting with one is skipped.
_SUBDISTRICT = tuple(_SPELLINGS["bukan_wilayah"])
_EMBEDDED = re.compile(rf"\b({_alternatives(_SPELLINGS['awalan_dalam_teks'])})\s+([a-z][a-z ]*)")


#: Abbreviated words inside a region name: "Kab. Kep. Seribu", "Kep. Meranti", "Kab. Kep. Talaud".
_NAME_WORDS: dict[str, str] = dict(_SPELLINGS["singkatan_nama"])


def _expand_words(name: str) -> str:
    return " ".join(_NAME_WORDS.get(w, w) for w in name.split())


def _key(text: str) -> str:
    """Letters and digits only: ``Balik Papan`` == ``Balikpapan``, ``Toli-Toli`` == ``Tolitoli``."""
    return fold(text).replace(" ", "")


#: "Administrasi" after the prefix (DKI Jakarta's five kota and one kabupaten), written out or short.
_ADMINISTRASI = tuple(f"{word} " for word in _SPELLINGS["administrasi"])


def _split_prefix(folded: str) -> tuple[str | None, str]:
    for prefix, kind in _PREFIXES:
        if folded == prefix:
            return kind, ""
        if folded.startswith(prefix + " "):
            name = folded[len(prefix) + 1 :]
            # "Kab. Administrasi Kepulauan Seribu", "Pemkot Adm. Jakarta Pusat": the official names
            # carry "Administrasi", but after any other spelling of the prefix it is noise.
            for word in _ADMINISTRASI:
                if name.startswith(word) and len(name) > len(word):
                    return kind, name[len(word) :]
            return kind, name
    first, _, rest = folded.partition(" ")
    if rest and first.startswith("kab") and 6 <= len(first) <= 10 and _distance(first, "kabupaten", 2) <= 2:
        return "kabupaten", rest  # "Kabupatn", "Kabupten": a typo in the prefix
    return None, folded


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]


class RegionResolver:
    def __init__(
        self,
        regions: list[Region],
        aliases: tuple[tuple[str, str, str], ...] = (),
        subdistricts: tuple[tuple[str, str, str], ...] = (),
    ):
        self.by_code = {r.kode: r for r in regions}
        self.provinces = {r.kode: r for r in regions if r.tingkat == "provinsi"}
        self.by_bare: dict[str, list[Region]] = {}
        self.by_kind: dict[tuple[str, str], Region] = {}
        for r in regions:
            bare = self._bare(r)
            self.by_bare.setdefault(_key(bare), []).append(r)
            self.by_kind[(r.tingkat, _key(bare))] = r
        self.aliases: dict[str, Region] = {}
        #: Short names that mean several regions ("Jogja": kode "34|34.71"): candidates, settled by context only.
        self.alias_choices: dict[str, list[Region]] = {}
        #: Kecamatan names that identify one kabupaten/kota: read only as a bare name, never after a prefix.
        self.subdistricts = {
            _key(_expand_words(fold(n))): self.by_code[k] for n, k, _ in subdistricts if k in self.by_code
        }
        for alias, kode, _ in aliases:
            if "|" in kode:
                self.alias_choices[_key(alias)] = [self.by_code[k] for k in kode.split("|") if k in self.by_code]
                continue
            region = self.by_code.get(kode)
            if region is None:
                raise ValueError(
                    f"wilayah_alias.csv: kode {kode!r} untuk alias {alias!r} tidak ada di data batas wilayah"
                )
            self.aliases[_key(alias)] = region
        self._bare_keys = list(self.by_bare)
        self.resolve_cached = lru_cache(maxsize=200_000)(self._resolve)

    @classmethod
    def from_boundaries(cls, kab: list[BoundaryRecord], prov: list[BoundaryRecord]) -> RegionResolver:
        regions = [Region(p.kode, p.nama, "provinsi", p.kode) for p in prov]
        for k in kab:
            tingkat = "kota" if fold(k.nama).startswith("kota") else "kabupaten"
            regions.append(Region(k.kode, k.nama, tingkat, k.kode[:2]))
        from etl import wilayah_nama  # the wider vocabulary: legal names, rule-built abbreviations, kecamatan

        aliases = vocab.region_aliases() + wilayah_nama.named_regions() + wilayah_nama.rule_table()
        return cls(regions, aliases, wilayah_nama.kecamatan_aliases())

    @staticmethod
    def _bare(r: Region) -> str:
        """The name without its official prefix, abbreviations written out (the official
        "Kabupaten Kep. Siau Tagulandang Biaro" is indexed as "kepulauan siau tagulandang biaro")."""
        return _expand_words(_OFFICIAL_PREFIX.sub("", fold(r.nama)) if r.tingkat != "provinsi" else fold(r.nama))

    def ambiguous_names(self) -> dict[str, list[Region]]:
        """Bare names shared by more than one kabupaten/kota (``bekasi``, ``malang``…)."""
        return {k: v for k, v in self.by_bare.items() if len([r for r in v if r.tingkat != "provinsi"]) > 1}

    # ------------------------------------------------------------------ public API

    def resolve(
        self, text: str | None, *, provinsi: str | None = None, instansi: str | None = None, default: str | None = None
    ) -> RegionMatch | RegionProblem:
        return self.resolve_cached(
            (text or "").strip(), (provinsi or "").strip(), _agency_kind(instansi), (default or "").strip()
        )

    def _resolve(self, text: str, provinsi: str, agency_kind: str | None, default: str) -> RegionMatch | RegionProblem:
        province_hint: Region | None = None
        if provinsi:
            hint = self._lookup(provinsi, "provinsi", None)
            if isinstance(hint, Region) and hint.tingkat == "provinsi":
                province_hint = hint
            elif not text:
                return (
                    self._ambiguous(provinsi, hint)
                    if isinstance(hint, Ambiguous)
                    else RegionProblem(f'provinsi tidak dikenal: "{provinsi[:60]}"')
                )
        default_region: Region | None = None
        if default:
            d = self._lookup(default, None, None)
            default_region = d if isinstance(d, Region) else None
        if not text:
            if province_hint is not None:
                if default_region is not None and default_region.kode_provinsi == province_hint.kode:
                    return self._match(default_region, "wilayah diisi dari sumber.yml")
                return self._match(province_hint)
            if default_region is not None:
                return self._match(default_region, "wilayah diisi dari sumber.yml")
            return RegionProblem("wilayah kosong")

        found: Lookup | RegionProblem = self._lookup(text, None, agency_kind)
        if isinstance(found, Ambiguous):
            found = self._settle(found, province_hint, default_region, text)
        if found is None:
            found = self._free_text(text, agency_kind)
            if isinstance(found, Ambiguous):
                found = self._settle(found, province_hint, default_region, text)
        if isinstance(found, RegionProblem):
            return found
        if found is None:
            return RegionProblem(f'wilayah tidak dikenal: "{text[:60]}"')
        if province_hint is not None and found.kode_provinsi != province_hint.kode:
            return RegionProblem(
                f'wilayah "{text[:60]}" ({found.nama}, {found.kode}) tidak berada di provinsi "{provinsi[:40]}" '
                f"({province_hint.nama}, {province_hint.kode})",
                (found.kode, province_hint.kode),
            )
        # Say how the name was read when it took more than a prefix, an alias or a code (a typo, free text).
        _, name = _split_prefix(fold(text))
        plain = {_key(self._bare(found)), _key(found.nama)}
        note = None
        if (
            _key(_expand_words(name)) not in plain
            and _key(text) not in self.aliases
            and _key(name) not in self.aliases
            and not text[:1].isdigit()
        ):
            note = f'wilayah "{text[:60]}" dibaca sebagai {found.nama} ({found.kode})'
        return self._match(found, note)

    # ------------------------------------------------------------------ internals

    def _match(self, r: Region, note: str | None = None) -> RegionMatch:
        prov = self.provinces[r.kode_provinsi]
        if r.tingkat == "provinsi":
            return RegionMatch(prov.kode, prov.nama, None, None, note)
        return RegionMatch(prov.kode, prov.nama, r.kode, r.nama, note)

    def _ambiguous(self, text: str, ambiguous: Ambiguous) -> RegionProblem:
        names = " atau ".join(
            f"{c.nama if c.tingkat != 'provinsi' else 'Provinsi ' + c.nama} ({c.kode})" for c in ambiguous.candidates
        )
        return RegionProblem(f'wilayah ambigu: "{text[:60]}" bisa {names}', tuple(c.kode for c in ambiguous.candidates))

    def _settle(
        self, ambiguous: Ambiguous, province_hint: Region | None, default_region: Region | None, text: str
    ) -> Region | RegionProblem:
        """Context (province, folder default) narrows the candidates to one, or the name stays ambiguous."""
        pool = list(ambiguous.candidates)
        if province_hint is not None:
            inside = [c for c in pool if c.kode_provinsi == province_hint.kode and c.tingkat != "provinsi"]
            pool = inside or pool
        if len(pool) > 1 and default_region is not None:
            if default_region in pool:
                pool = [default_region]
            else:
                inside = [c for c in pool if c.kode_provinsi == default_region.kode_provinsi]
                pool = inside or pool
        if len(pool) == 1:
            return pool[0]
        return self._ambiguous(text, Ambiguous(tuple(pool)))

    def _lookup(self, text: str, want: str | None, agency_kind: str | None) -> Lookup:
        """Exact, alias, code or small-typo match of one name."""
        folded = fold(text)
        if not folded:
            return None
        m = _CODE.match(folded.replace(" ", ".") if re.fullmatch(r"\d{2} \d{2}", folded) else folded)
        if m and text.strip()[:1].isdigit():
            code = m[1] if m[2] is None else f"{m[1]}.{m[2]}"
            return self.by_code.get(code)
        full_key = _key(folded)
        if full_key in self.aliases:
            return self.aliases[full_key]
        if full_key in self.alias_choices:
            choices = self.alias_choices[full_key]
            narrowed = [c for c in choices if agency_kind and c.tingkat == agency_kind]
            return narrowed[0] if len(narrowed) == 1 else Ambiguous(tuple(choices))
        kind, name = _split_prefix(folded)
        kind = kind or want
        name_key = _key(_expand_words(name))
        if not name_key:
            return None
        if name_key in self.aliases and kind in (None, self.aliases[name_key].tingkat):
            return self.aliases[name_key]
        candidates = self.by_bare.get(name_key, [])
        if kind:
            exact = self.by_kind.get((kind, name_key))
            if exact is not None:
                return exact
            # "Kota X" where only a kabupaten X exists is a typo-level slip: not accepted silently.
        elif candidates:
            if len(candidates) == 1:
                return candidates[0]
            if agency_kind:
                narrowed = [c for c in candidates if c.tingkat == agency_kind]
                if len(narrowed) == 1:
                    return narrowed[0]
            return Ambiguous(tuple(candidates))
        if kind is None and name_key in self.subdistricts:
            return self.subdistricts[name_key]
        return self._typo(name_key, kind)

    def _typo(self, name_key: str, kind: str | None) -> Lookup:
        if len(name_key) < 5:
            return None
        limit = 2 if len(name_key) >= 8 else 1
        hits: list[Region] = []
        for key in self._bare_keys:
            if abs(len(key) - len(name_key)) > limit or key[0] != name_key[0] and key[-1] != name_key[-1]:
                continue
            if _distance(name_key, key, limit) <= limit:
                hits += [r for r in self.by_bare[key] if kind is None or r.tingkat == kind]
        if len({h.kode for h in hits}) == 1:
            return hits[0]
        if len(hits) > 1 and kind is None and len({self._bare(h) for h in hits}) == 1:
            return Ambiguous(tuple(hits))  # one name, several kinds: context must settle it
        return None

    def _free_text(self, text: str, agency_kind: str | None) -> Lookup | RegionProblem:
        """A region named among other words: every segment and every "Kabupaten X" mention must agree."""
        found: dict[str, Region] = {}
        ambiguous: Ambiguous | None = None
        for segment in _SEGMENT_SPLIT.split(text):
            folded = fold(segment)
            if not folded or folded.split()[0] in _SUBDISTRICT:
                continue
            hit = self._lookup(segment, None, agency_kind)
            if isinstance(hit, Region):
                found[hit.kode] = hit
            elif isinstance(hit, Ambiguous):
                ambiguous = hit
            for prefix, name in _EMBEDDED.findall(folded):
                words = name.split()
                for n in range(len(words), 0, -1):  # "kota bengkulu dinas kesehatan" -> try shorter names
                    hit = self._lookup(f"{prefix} {' '.join(words[:n])}", None, agency_kind)
                    if isinstance(hit, Region):
                        found[hit.kode] = hit
                        break
        if not found:
            return ambiguous
        # A province named beside one of its own kabupaten/kota adds nothing: keep the finer one.
        finer = [r for r in found.values() if r.tingkat != "provinsi"]
        for r in list(found.values()):
            if r.tingkat == "provinsi" and any(f.kode_provinsi == r.kode for f in finer):
                del found[r.kode]
        if len(found) == 1:
            return next(iter(found.values()))
        names = " dan ".join(f"{r.nama} ({r.kode})" for r in found.values())
        return RegionProblem(f'wilayah ganda dalam satu isian: "{text[:60]}" menyebut {names}', tuple(found))


_AGENCY_KINDS = tuple(
    (re.compile(rf"\b({_alternatives(words)})\b"), kind) for kind, words in _SPELLINGS["instansi"].items()
)


@lru_cache(maxsize=65536)
def _agency_kind(instansi: str | None) -> str | None:
    """``Pemkot Bekasi`` says kota, ``Dinas Pendidikan Kabupaten Malang`` says kabupaten; both or neither: None."""
    if not instansi:
        return None
    folded = fold(instansi)
    kinds = {kind for pattern, kind in _AGENCY_KINDS if pattern.search(folded)}
    return kinds.pop() if len(kinds) == 1 else None
