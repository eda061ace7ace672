"""Sampling, pure: every row's values drawn with numpy in one pass (offices, elections, dates,
outcomes, persons), then each file's plan (shape, headers, bad rows). Returns data; writes nothing.
:func:`sample` runs the steps in their fixed order."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from etl.sintetis import cells
from etl.sintetis.encoding import Table, _Grid
from etl.sintetis.shapes import (
    BAD_KINDS,
    BAD_SHAPES,
    FIELD_ORDER,
    OUTCOME_FIELDS,
    OUTCOMES,
    REQUIRED_FIELDS,
    SHAPES,
    SUFFIX,
)
from etl.sintetis.world import params, world
from netralitas import vocab


def _flat(groups: dict, weights: dict | None = None) -> tuple[list, list[str], np.ndarray]:
    """``{code: [texts]}`` -> (texts, code of each text, probability of each text)."""
    texts, codes, probs = [], [], []
    for code, items in groups.items():
        w = 1.0 if weights is None else float(weights.get(code, 0.0))
        for t in items:
            texts.append(t)
            codes.append(code)
            probs.append(w / len(items))
    arr = np.asarray(probs, dtype=float)
    return texts, codes, arr / arr.sum() if arr.sum() > 0 else arr


def _pick(rng: np.random.Generator, groups: np.ndarray, choices: dict[int, np.ndarray], size_hint: int) -> np.ndarray:
    """For each row, an index drawn with the probability vector of its group (groups in sorted order)."""
    out = np.full(size_hint, -1, dtype=np.int32)
    for g in sorted(choices):
        mask = groups == g
        n = int(mask.sum())
        if n:
            p = choices[g]
            out[mask] = rng.choice(len(p), size=n, p=p)
    return out


# ---------------------------------------------------------------- the generator


@dataclass
class FilePlan:
    office: int
    shape: str = "csv_utf8"
    fields: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    follow_up_headers: list[str] = field(default_factory=list)
    follow_up: bool = False
    date_cells: bool = False
    bom: bool = False
    nulls: bool = False
    relpath: str = ""
    bad: list[tuple[str, int]] = field(default_factory=list)  # (kind, position among data rows)


class Generator:
    """The draws of one synthetic set (run them with :func:`sample`): vocabulary tables, offices,
    every row's values, persons, then each file's plan. Holds data; writes nothing."""

    # filled by etl.sintetis.cells.build_date_table, the last step of sample()
    date_table: _Grid  # date texts, format x day
    date_min: int  # ordinal of the table's first day
    register_month: np.ndarray  # "IX/2024" per day

    def __init__(self, terlapor: int, seed: int):
        self.n = terlapor
        self.seed = seed
        self.p = params()
        self.world = world()
        self.rng = np.random.default_rng(seed)
        by_code = {e.kode: e for e in vocab.elections()}
        self.elections = [by_code[code] for code in self.p["pemilihan"]]
        self._build_tables()

    # ------------------------------------------------------------ vocab tables

    def _build_tables(self) -> None:
        p = self.p
        platforms = list(p["platform"])
        pw = np.asarray([p["platform"][k] for k in platforms], dtype=float)
        pw /= pw.sum()
        jenis_groups: dict[str, list[str]] = {}
        jenis_inner: dict[str, list[float]] = {}
        for code, phrases in p["teks_jenis"].items():
            for ph in phrases:
                if "{platform}" in ph:
                    for name, w in zip(platforms, pw, strict=True):
                        jenis_groups.setdefault(code, []).append(ph.format(platform=name))
                        jenis_inner.setdefault(code, []).append(w / len(phrases))
                else:
                    jenis_groups.setdefault(code, []).append(ph)
                    jenis_inner.setdefault(code, []).append(1.0 / len(phrases))
        texts = [t for items in jenis_groups.values() for t in items]
        self.jenis = Table(texts)
        # mixes: 0 = bawaan, 1.. = per-election overrides
        self.mix_names = list(p["jenis_pelanggaran"])
        self.jenis_p = {}
        for i, mix in enumerate(self.mix_names):
            weights = p["jenis_pelanggaran"][mix]
            probs = np.concatenate([np.asarray(jenis_inner[c]) * float(weights.get(c, 0.0)) for c in jenis_groups])
            self.jenis_p[i] = probs / probs.sum()
        self.jab_mix_names = list(p["jabatan"])
        jt, _, _ = _flat(p["teks_jabatan"])
        self.jabatan = Table(jt)
        self.jabatan_p = {i: _flat(p["teks_jabatan"], p["jabatan"][m])[2] for i, m in enumerate(self.jab_mix_names)}

        tt, tc, _ = _flat(p["teks_tahap"])
        self.tahap = Table(tt)
        self.tahap_p = {i: np.where(np.asarray(tc) == o, 1.0, 0.0) / tc.count(o) for i, o in enumerate(OUTCOMES)}
        sanksi_groups = dict(p["teks_sanksi"])
        st, sc, _ = _flat(sanksi_groups)
        self.sanksi = Table([*st, None])
        sanksi_codes = np.asarray([*sc, "-"], dtype=object)
        self.sanksi_cats = list(p["sanksi"])
        cat_w = np.asarray([p["sanksi"][c] for c in self.sanksi_cats], dtype=float)
        cat_w /= cat_w.sum()
        self.sanksi_p: dict[int, np.ndarray] = {}
        for i, cat in enumerate(self.sanksi_cats):  # group = sanctioned row's category
            v = np.where(sanksi_codes == cat, 1.0, 0.0)
            self.sanksi_p[i] = v / v.sum()
        belum = np.where(sanksi_codes == "belum", 1.0, 0.0)
        self.sanksi_p[100] = 0.4 * belum / belum.sum() + 0.6 * (sanksi_codes == "-")  # proven, not sanctioned
        self.sanksi_p[101] = (sanksi_codes == "-").astype(float)  # not proven / in process
        self.sanksi_cat_p = cat_w
        self.rekomendasi = Table([*p["teks_rekomendasi"], None])
        self.uraian = Table(list(p["teks_uraian"]))
        self.instansi = {k: Table(v) for k, v in p["teks_instansi"].items()}
        lt, lc, _ = _flat(p["teks_pemilihan"])
        self.pemilihan = Table(lt)
        self.pemilihan_p = {
            i: np.where(np.asarray(lc) == e.kode, 1.0, 0.0) / lc.count(e.kode) for i, e in enumerate(self.elections)
        }
        self.sumber = {True: Table(p["teks_sumber"]["temuan"]), False: Table(p["teks_sumber"]["laporan"])}

    # ------------------------------------------------------------ plan

    def plan_offices(self) -> None:
        p, rng, offices = self.p, self.rng, self.world.offices
        n_off = len(offices)
        is_prov = np.asarray([o.tingkat == "provinsi" for o in offices])
        mult = np.asarray([float(p["kantor"]["pengali_provinsi"].get(o.kode_provinsi, 1.0)) for o in offices])
        w = mult * rng.lognormal(0.0, p["kantor"]["sigma"], n_off)
        share = p["kantor"]["porsi_provinsi"]
        w = np.where(is_prov, w / w[is_prov].sum() * share, w / w[~is_prov].sum() * (1 - share))
        self.office_w = w / w.sum()
        self.is_prov = is_prov
        optional = list(p["kolom_opsional"])
        draws = rng.random((n_off, len(optional)))
        self.has = {name: draws[:, j] < p["kolom_opsional"][name] for j, name in enumerate(optional)}
        self.plans = [FilePlan(i) for i in range(n_off)]

    def sample_rows(self) -> None:
        """Case rows: office, number of terlapor (summing to exactly N) and every row-level value."""
        p, rng, n = self.p, self.rng, self.n
        n_off = len(self.world.offices)
        forced = rng.permutation(n_off)[: min(n, n_off)]  # one row per office first: every office appears
        extra = n - len(forced)
        office = np.concatenate([forced, rng.choice(n_off, size=extra, p=self.office_w)]).astype(np.int32)
        u = rng.random(n)
        kind = np.zeros(n, dtype=np.int8)  # 0 one name, 1 several names, 2 count only
        p_count, p_multi = p["porsi_baris_jumlah"], p["porsi_baris_beberapa_nama"]
        kind[(u < p_count) & self.has["jumlah"][office]] = 2
        kind[(u >= p_count) & (u < p_count + p_multi)] = 1
        kind[: len(forced)] = 0
        k = np.ones(n, dtype=np.int32)
        multi = kind == 1
        k[multi] = 2 + (rng.random(int(multi.sum())) < 0.25)
        counted = kind == 2
        k[counted] = np.minimum(1 + rng.geometric(0.3, int(counted.sum())), 9)
        cum = np.cumsum(k)
        rows = int(np.searchsorted(cum, n)) + 1
        office, kind, k = office[:rows], kind[:rows], k[:rows]
        k[-1] -= int(cum[rows - 1]) - n
        if k[-1] == 1:
            kind[-1] = 0
        assert int(k.sum()) == n

        # elections and dates
        ew = np.asarray([self.p["pemilihan"][e.kode]["bobot"] for e in self.elections], dtype=np.float64)
        e = rng.choice(len(ew), size=rows, p=ew / ew.sum()).astype(np.int8)
        all_votes = sorted(x.pemungutan for x in vocab.elections())
        days = np.zeros(rows, dtype=np.int32)
        vote = np.zeros(rows, dtype=np.int32)
        ramp_share = p["porsi_menjelang"]
        for j, el in enumerate(self.elections):
            cfg = p["pemilihan"][el.kode]
            previous = [v for v in all_votes if v < el.pemungutan]
            window = int(cfg["jendela_hari"])
            if previous:  # stay after the previous voting day, so the ETL infers the right election
                window = min(window, (el.pemungutan - previous[-1]).days - 35)
            mask = e == j
            m = int(mask.sum())
            tau = float(cfg["skala_hari"])
            uu = rng.random(m)
            ramp = np.floor(-tau * np.log1p(-uu * (1 - math.exp(-window / tau)))).astype(np.int32)
            flat = rng.integers(0, window + 1, m)
            days[mask] = np.where(rng.random(m) < ramp_share, np.minimum(ramp, window), flat)
            vote[mask] = el.pemungutan.toordinal()
        incident = vote - days
        lag = np.minimum(rng.geometric(p["jeda_laporan_p"], rows) - 1, 30).astype(np.int32)
        report = incident + lag
        lo, hi = p["jeda_sanksi_hari"]
        sanction_day = report + rng.integers(lo, hi + 1, rows)
        month_only = rng.random(rows) < p["porsi_tanggal_bulan"]
        temuan_share = np.asarray(
            [p["porsi_temuan"].get(el.kode, p["porsi_temuan"]["lainnya"]) for el in self.elections]
        )
        tm = rng.random(rows) < temuan_share[e]

        # outcome funnel
        funnel = [p["corong"].get(el.kode, p["corong"]["lainnya"]) for el in self.elections]
        ps = np.asarray([f["disanksi"] for f in funnel])[e]
        pt = np.asarray([f["terbukti"] for f in funnel])[e]
        pn = np.asarray([f["tidak_terbukti"] for f in funnel])[e]
        u = rng.random(rows)
        outcome = np.where(u < ps, 3, np.where(u < pt, 2, np.where(u < pt + pn, 1, 0))).astype(np.int8)

        # texts
        jenis_mix = np.asarray(
            [self.mix_names.index(el.kode) if el.kode in self.mix_names else 0 for el in self.elections]
        )[e]
        jenis = _pick(rng, jenis_mix, self.jenis_p, rows)
        tahap = _pick(rng, outcome.astype(np.int32), self.tahap_p, rows)
        cat = np.full(rows, -1, dtype=np.int32)
        sanctioned = outcome == 3
        cat[sanctioned] = rng.choice(len(self.sanksi_cat_p), size=int(sanctioned.sum()), p=self.sanksi_cat_p)
        sgroup = np.where(sanctioned, cat, np.where(outcome == 2, 100, 101))
        sanksi = _pick(rng, sgroup, self.sanksi_p, rows)
        n_rek = len(self.rekomendasi.raw) - 1
        rek = np.where(outcome >= 2, rng.integers(0, n_rek, rows), n_rek)
        instansi = rng.integers(0, 1 << 30, rows)  # reduced modulo the office's list when written
        instansi_named = rng.random(rows) < p["porsi_instansi_bernama_wilayah"]
        uraian = rng.integers(0, len(self.uraian.raw), rows)
        uraian_names = rng.random(rows) < p["porsi_uraian_menyebut_nama"]
        pemilihan = _pick(rng, e.astype(np.int32), self.pemilihan_p, rows)
        sumber = rng.integers(0, 2, rows)
        blank_share = np.where(self.is_prov[office], p["porsi_wilayah_kosong_provinsi"], p["porsi_wilayah_kosong"])
        blank_region = rng.random(rows) < blank_share
        count_style = rng.integers(0, 3, rows)  # 9 | "9 orang" | "sembilan"
        show_count = rng.random(rows) < 0.5  # a named row writes its count half the time
        has_nip = rng.random(rows) < p["porsi_nip"]
        nip_spaced = rng.random(rows) < p["porsi_nip_berspasi"]

        # registers are kept in report order within each office
        order = np.lexsort((report, office))
        self.rows = {
            "office": office,
            "kind": kind,
            "k": k,
            "e": e,
            "incident": incident,
            "report": report,
            "sanction_day": sanction_day,
            "month_only": month_only,
            "tm": tm,
            "outcome": outcome,
            "jenis": jenis,
            "tahap": tahap,
            "sanksi": sanksi,
            "rek": rek,
            "instansi": instansi,
            "instansi_named": instansi_named,
            "uraian": uraian,
            "uraian_names": uraian_names,
            "pemilihan": pemilihan,
            "sumber": sumber,
            "blank_region": blank_region,
            "count_style": count_style,
            "show_count": show_count,
            "has_nip": has_nip,
            "nip_spaced": nip_spaced,
        }
        # compact dtypes: a million rows of these stay well under 100 MB
        self.rows = {
            name: (arr[order].astype(np.int32) if arr.dtype == np.int64 else arr[order])
            for name, arr in self.rows.items()
        }
        self.n_rows = rows
        self.pstart = np.concatenate([[0], np.cumsum(self.rows["k"])[:-1]]).astype(np.int64)
        self.bounds = np.searchsorted(self.rows["office"], np.arange(len(self.world.offices) + 1))

    def sample_persons(self) -> None:
        """Per terlapor: position (jabatan), a unique name, a unique NIP."""
        rng, n, w = self.rng, self.n, self.world
        row_of = np.repeat(np.arange(self.n_rows), self.rows["k"])
        e = self.rows["e"][row_of]
        jab_mix = np.asarray(
            [self.jab_mix_names.index(el.kode) if el.kode in self.jab_mix_names else 0 for el in self.elections]
        )[e]
        self.p_jabatan = _pick(rng, jab_mix, self.jabatan_p, n)
        # names: distinct (first, middle, [middle2], last) tuples; 4 words only when 3 run short
        nf, nm, nl = len(w.first), len(w.middle), len(w.last)
        k3 = nf * nm * nl
        n3 = min(n, k3 // 2)
        idx3 = rng.choice(k3, size=n3, replace=False) if n3 else np.zeros(0, dtype=np.int64)
        n4 = n - n3
        idx4 = self._unique_draw(lambda size: rng.integers(0, k3 * (nm - 1), size), n4)
        self.name_f = np.concatenate([idx3 % nf, idx4 % nf])
        self.name_m = np.concatenate([(idx3 // nf) % nm, (idx4 // nf) % nm])
        self.name_l = np.concatenate([(idx3 // (nf * nm)) % nl, (idx4 // (nf * nm)) % nl])
        # the second middle name is never the first one ("Dwi Dwi"): offset from it, still one-to-one
        self.name_m2 = np.concatenate([np.full(n3, -1), (self.name_m[n3:] + 1 + idx4 // k3) % nm])
        shuffle = rng.permutation(n)
        self.name_f, self.name_m, self.name_l, self.name_m2 = (
            a[shuffle] for a in (self.name_f, self.name_m, self.name_l, self.name_m2)
        )

        # NIP: birth date (1965-1999), appointment month (age 22-35), sex digit, serial
        def draw_nip(size: int) -> np.ndarray:
            birth = np.datetime64("1965-01-01") + rng.integers(0, 35 * 365, size).astype("timedelta64[D]")
            y = birth.astype("datetime64[Y]").astype(np.int64) + 1970
            mo = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
            d = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
            ty = np.minimum(y + rng.integers(22, 36, size), 2023)
            tmo = rng.integers(1, 13, size)
            sex = rng.integers(1, 3, size)
            serial = rng.integers(1, 1000, size)
            return ((y * 10000 + mo * 100 + d) * 10**10 + (ty * 100 + tmo) * 10**4 + sex * 1000 + serial).astype(
                np.int64
            )

        self.nip = self._unique_draw(draw_nip, n)

    @staticmethod
    def _unique_draw(draw, size: int) -> np.ndarray:
        """``size`` distinct values from ``draw``, redrawing collisions (rare) in order."""
        values = draw(size).astype(np.int64)
        while size:
            _, first = np.unique(values, return_index=True)
            dup = np.ones(size, dtype=bool)
            dup[first] = False
            if not dup.any():
                break
            values[dup] = draw(int(dup.sum()))
        return values

    def finish_plans(self) -> None:
        """Shapes, columns and headers per office file; then where the bad rows go."""
        p, rng = self.p, self.rng
        offices = self.world.offices
        n_off = len(offices)
        rows_per_office = np.diff(self.bounds)
        active = np.flatnonzero(rows_per_office > 0)
        sw = np.asarray([p["bentuk"][s] for s in SHAPES], dtype=float)
        shape_idx = rng.choice(len(SHAPES), size=n_off, p=sw / sw.sum())
        # every shape present whenever there are enough files
        for s in range(len(SHAPES)):
            present = shape_idx[active]
            if len(active) >= len(SHAPES) and s not in present:
                counts = np.bincount(present, minlength=len(SHAPES))
                donors = [i for i in active if counts[shape_idx[i]] > 1]
                shape_idx[donors[int(rng.integers(len(donors)))]] = s
        flags = rng.random((n_off, 5))
        for i, plan in enumerate(self.plans):
            o = offices[i]
            plan.shape = SHAPES[shape_idx[i]]
            plan.follow_up = plan.shape == "xlsx" and flags[i, 0] < p["porsi_xlsx_tindak_lanjut"]
            plan.date_cells = plan.shape == "xlsx" and flags[i, 1] < p["porsi_xlsx_tanggal_sel"]
            plan.bom = plan.shape == "csv_utf8" and flags[i, 2] < p["porsi_csv_bom"]
            plan.nulls = plan.shape == "jsonl" and flags[i, 3] < p["porsi_jsonl_null"]
            fields = []
            for name in FIELD_ORDER:
                if name in REQUIRED_FIELDS or (name in self.has and self.has[name][i]):
                    fields.append(name)
            if plan.follow_up and "nomor_register" not in fields:
                fields.insert(fields.index("tanggal_kejadian"), "nomor_register")
            # an empty region cell beside a Provinsi cell reads as the province: such offices write none
            if (o.tingkat == "provinsi" or not o.spellings) and "provinsi" in fields:
                fields.remove("provinsi")
            if plan.shape == "jsonl" and "no" in fields:
                fields.remove("no")
            if "nomor_register" not in fields:
                fields.insert(fields.index("tahap"), "sumber_jenis")
            plan.fields = fields
            style = "en" if plan.shape == "jsonl" else "id"
            synonyms = p["judul_kolom"][style]
            picks = rng.integers(0, 1 << 30, len(fields) + len(OUTCOME_FIELDS) + 1)
            plan.headers = [synonyms[f][int(picks[j]) % len(synonyms[f])] for j, f in enumerate(fields)]
            if plan.follow_up:
                fu = ["nomor_register"] + [f for f in OUTCOME_FIELDS if f in fields]
                base = len(fields)
                plan.follow_up_headers = [
                    synonyms[f][int(picks[base + j]) % len(synonyms[f])] for j, f in enumerate(fu)
                ]
            name = {"xlsx": "register", "csv_cp1252": "rekap", "csv_utf8": "data", "jsonl": "ekspor"}[plan.shape]
            plan.relpath = f"{o.folder}/{name}_netralitas_{o.slug}{SUFFIX[plan.shape]}"

        # bad rows: only where the shape allows that kind; at least one of each available kind
        kinds = [k for k in BAD_KINDS if any(self._supports(self.plans[i], k) for i in active)]
        n_bad = max(len(kinds), round(self.n * p["porsi_baris_rusak"])) if kinds else 0
        for j in range(n_bad):
            kind = kinds[j % len(kinds)]
            candidates = [i for i in active if self._supports(self.plans[i], kind)]
            office_i = candidates[int(rng.integers(len(candidates)))]
            n_rows = int(rows_per_office[office_i])
            pos = n_rows if kind == "subtotal" else int(rng.integers(0, n_rows + 1))
            self.plans[office_i].bad.append((kind, pos))

    @staticmethod
    def _supports(plan: FilePlan, kind: str) -> bool:
        if plan.shape not in BAD_SHAPES[kind]:
            return False
        return plan.follow_up if kind == "tindak_lanjut_tanpa_register" else True


def sample(terlapor: int, seed: int) -> Generator:
    """Every draw, in its one fixed order (the order is part of what a seed means: same seed, same
    bytes). The returned generator holds the plans; :func:`etl.sintetis.writing.write_file` writes them."""
    g = Generator(terlapor, seed)
    g.plan_offices()
    g.sample_rows()
    g.sample_persons()
    g.finish_plans()
    cells.build_date_table(g)
    return g
