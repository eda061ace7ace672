"""Cells of one file, encoded for its shape: dates in the file's forms (or date cells), register
numbers, agencies, counts in words or digits, NIPs with or without spaces, and the cells of a
deliberately bad row. Each file draws from its own random stream (same bytes with any number of
writer processes)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from etl.sintetis.encoding import Table, _Grid, _pasted_header, _shape_encoding, _spaced, encode, encode_many
from etl.sintetis.shapes import (
    ANGKA,
    DATE_FORMAT_NAMES,
    DATE_FORMATS,
    EXCEL_EPOCH_ORDINAL,
    MONTH_ONLY,
    ROMAN,
)

if TYPE_CHECKING:
    from etl.sintetis.sampling import FilePlan, Generator
    from etl.sintetis.world import Office


def _dates(g: Generator, ords: np.ndarray, fmt: np.ndarray, how: str, cells: bool) -> list:
    """Date texts (or Excel serials when ``cells``) for day ordinals and format indices."""
    if cells:
        serial = (ords - EXCEL_EPOCH_ORDINAL).tolist()
        month = np.isin(fmt, MONTH_ONLY)
        if month.any():  # month-only dates stay text even in a date-cell column
            texts = g.date_table.enc(how)[fmt, ords - g.date_min]
            serial = [t if m else s for s, t, m in zip(serial, texts.tolist(), month.tolist(), strict=True)]
        return serial
    return g.date_table.enc(how)[fmt, ords - g.date_min].tolist()


def build_date_table(g: Generator) -> None:
    r = g.rows
    lo = int(min(r["incident"].min(), r["report"].min()))
    hi = int(max(r["sanction_day"].max(), r["report"].max()))
    g.date_min = lo
    days = [dt.date.fromordinal(d) for d in range(lo, hi + 1)]
    grid = [[DATE_FORMATS[name](d) for d in days] for name in DATE_FORMAT_NAMES]
    g.date_table = _Grid(grid)
    g.register_month = np.asarray([f"{ROMAN[d.month]}/{d.year}" for d in days], dtype=object)


def file_rng(g: Generator, plan: FilePlan) -> np.random.Generator:
    """The file's own random stream: its bytes do not depend on the order files are written in."""
    return np.random.default_rng(np.random.SeedSequence([g.seed, 1 + plan.office]))


def file_cells(g: Generator, plan: FilePlan, rng: np.random.Generator) -> tuple[dict[str, list], dict]:
    """Column name -> cells (already encoded for the shape) for the office's rows."""
    p = g.p
    o = g.world.offices[plan.office]
    a, b = int(g.bounds[plan.office]), int(g.bounds[plan.office + 1])
    n = b - a
    how = _shape_encoding(plan.shape)
    r = {name: arr[a:b] for name, arr in g.rows.items()}
    k, kind = r["k"], r["kind"]
    ps = g.pstart[a:b]
    p0, p1 = int(ps[0]), int(ps[-1] + k[-1])
    cols: dict[str, list] = {}

    # per-file draws, always in this order (determinism)
    spelling = rng.choice(len(o.spellings), size=n, p=o.spelling_p) if o.spellings else np.zeros(n, dtype=int)
    fw = p["format_tanggal"][plan.shape]
    fmt_names = list(fw)
    fmt = np.asarray([DATE_FORMAT_NAMES.index(f) for f in fmt_names])[
        rng.choice(len(fmt_names), size=n, p=np.asarray(list(fw.values())) / sum(fw.values()))
    ]
    month_fmt = np.asarray(MONTH_ONLY)[rng.integers(0, 2, n)]
    kejadian_fmt = np.where(r["month_only"], month_fmt, fmt)

    # people
    w = g.world
    f, m, l2, m2 = (arr[p0:p1] for arr in (g.name_f, g.name_m, g.name_l, g.name_m2))
    first, middle, last = w.first[f], w.middle[m], w.last[l2]
    second = np.where(m2 >= 0, w.middle[np.maximum(m2, 0)] + " ", "")
    names = first + " " + middle + " " + second + last  # object array, one per terlapor
    rel = ps - p0
    counted = kind == 2
    multi = np.flatnonzero(kind == 1).tolist()
    with_nip = ("nip" in plan.fields) & r["has_nip"] & ~counted
    jab = g.jabatan.raw[g.p_jabatan[p0:p1]]
    name_arr = names[rel]
    name_arr[counted] = None
    nip_arr = g.nip[p0:p1].astype(str).astype(object)[rel]
    spaced = np.flatnonzero(r["nip_spaced"] & with_nip).tolist()
    nip_arr[spaced] = [_spaced(x) for x in nip_arr[spaced].tolist()]
    nip_arr[~with_nip] = None
    first_name, first_nip = name_arr.tolist(), nip_arr.tolist()
    jab_arr = jab[rel]
    for i in multi:  # several names in one cell, "; "-separated and aligned with NIPs and positions
        s, kk = int(rel[i]), int(k[i])
        name_arr[i] = "; ".join(names[s : s + kk].tolist())
        jab_arr[i] = "; ".join(jab[s : s + kk].tolist())
        if with_nip[i]:
            ids = g.nip[p0 + s : p0 + s + kk].astype(str).tolist()
            nip_arr[i] = "; ".join(_spaced(x) if r["nip_spaced"][i] else x for x in ids)
    name_cells, nip_cells, jab_cells = name_arr.tolist(), nip_arr.tolist(), jab_arr.tolist()

    def dyn(values: list) -> list:
        return encode_many(values, how)

    for name in plan.fields:
        if name == "no":
            cols[name] = list(range(1, n + 1)) if how == "raw" else [str(i) for i in range(1, n + 1)]
        elif name == "nomor_register":
            cols[name] = dyn(_registers(g, o, r))
        elif name == "tanggal_kejadian":
            cols[name] = _dates(g, r["incident"], kejadian_fmt, how, plan.date_cells)
        elif name == "tanggal_laporan":
            cols[name] = _dates(g, r["report"], fmt, how, plan.date_cells)
        elif name == "tanggal_sanksi":
            dates = _dates(g, r["sanction_day"], fmt, how, plan.date_cells)
            empty = encode(None, how)
            cols[name] = [d if s else empty for d, s in zip(dates, (r["outcome"] == 3).tolist(), strict=True)]
        elif name == "wilayah":
            empty = encode(None, how)
            texts = Table(list(o.spellings)).take(spelling, how) if o.spellings else [empty] * n
            if "provinsi" not in plan.fields:  # the folder's sumber.yml fills an empty cell
                texts = [empty if bl else t for t, bl in zip(texts, r["blank_region"].tolist(), strict=True)]
            cols[name] = texts
        elif name == "provinsi":
            cols[name] = [encode(o.nama_provinsi, how)] * n
        elif name == "nama":
            cols[name] = dyn(name_cells)
        elif name == "nip":
            cols[name] = dyn(nip_cells)
        elif name == "jabatan":
            cols[name] = dyn(jab_cells)
        elif name == "instansi":
            cols[name] = dyn(_instansi(g, o, r))
        elif name == "jenis_pelanggaran":
            cols[name] = g.jenis.take(r["jenis"], how)
        elif name == "uraian":
            texts = g.uraian.raw[r["uraian"]].tolist()
            tpl = p["uraian_menyebut_nama"]
            for i in np.flatnonzero(r["uraian_names"]).tolist():
                if first_name[i] and first_nip[i]:
                    texts[i] = tpl.format(nama=first_name[i], nip=_spaced(first_nip[i].replace(" ", "")))
            cols[name] = dyn(texts)
        elif name == "pemilihan":
            cols[name] = g.pemilihan.take(r["pemilihan"], how)
        elif name == "jumlah":
            cols[name] = dyn(_counts(g, r, how))
        elif name == "sumber_jenis":
            temuan, laporan = g.sumber[True].enc(how).tolist(), g.sumber[False].enc(how).tolist()
            cols[name] = [
                temuan[q % len(temuan)] if t else laporan[q % len(laporan)]
                for t, q in zip(r["tm"].tolist(), r["sumber"].tolist(), strict=True)
            ]
        elif name == "tahap":
            cols[name] = g.tahap.take(r["tahap"], how)
        elif name == "rekomendasi":
            cols[name] = g.rekomendasi.take(r["rek"], how)
        elif name == "sanksi":
            cols[name] = g.sanksi.take(r["sanksi"], how)
    extra = {"k": k, "outcome": r["outcome"], "incident": r["incident"], "names": first_name}
    return cols, extra


def _registers(g: Generator, o: Office, r: dict) -> list[str]:
    n = len(r["k"])
    width = max(3, len(str(n)))
    level = {"provinsi": "Prov", "kabupaten": "Kab", "kota": "Kota"}[o.tingkat]
    pilkada = np.asarray([el.jenis == "pilkada" for el in g.elections])[r["e"]]
    mids = [f"/{kind}/{tier}/{level}/{o.bawaslu_code}/" for kind in ("LP", "TM") for tier in ("PL", "PW")]
    mid = np.asarray(mids, dtype=object)[r["tm"].astype(int) * 2 + pilkada.astype(int)].tolist()
    tail = g.register_month[r["report"] - g.date_min].tolist()
    return [f"{i:0{width}d}{m}{t}" for i, m, t in zip(range(1, n + 1), mid, tail, strict=True)]


def _instansi(g: Generator, o: Office, r: dict) -> list[str]:
    table = g.instansi["provinsi" if o.tingkat == "provinsi" else "kabupaten_kota"].raw
    base = table[r["instansi"] % len(table)].tolist()
    suffix = f" Provinsi {o.nama}" if o.tingkat == "provinsi" else f" {o.nama}"
    return [b + suffix if named else b for b, named in zip(base, r["instansi_named"].tolist(), strict=True)]


def _counts(g: Generator, r: dict, how: str) -> list:
    out: list = []
    for kk, kd, style, show in zip(
        r["k"].tolist(), r["kind"].tolist(), r["count_style"].tolist(), r["show_count"].tolist(), strict=True
    ):
        if kd != 2 and not show:
            out.append(None)
        elif style == 0 or kd != 2:
            out.append(kk if how in ("raw", "json") else str(kk))
        elif style == 1:
            out.append(f"{kk} orang")
        else:
            out.append(ANGKA[kk])
    return out


# ------------------------------------------------------------ bad rows


def bad_cells(
    g: Generator, plan: FilePlan, kind: str, cols: dict[str, list], extra: dict, rng: np.random.Generator
) -> list:
    """One deliberately bad row, as cells in the file's column order (encoded)."""
    how = _shape_encoding(plan.shape)
    if kind == "judul_berulang":
        return [encode(h, how) for h in _pasted_header(plan.fields, plan.headers)]
    if kind == "subtotal":
        row = [encode(None, how)] * len(plan.fields)
        row[0] = encode("JUMLAH", how)
        if "jumlah" in plan.fields:
            row[plan.fields.index("jumlah")] = encode(int(extra["k"].sum()), how if how != "raw" else "raw")
        return row
    # an ordinary-looking case in a region that does not exist
    fake = g.world.fictional_regions[int(rng.integers(len(g.world.fictional_regions)))]
    first = int(rng.integers(len(cols["wilayah"])))
    values = {
        name: (
            col[first]
            if name in ("tanggal_kejadian", "jenis_pelanggaran", "tahap", "jabatan", "pemilihan")
            else encode(None, how)
        )
        for name, col in cols.items()
    }
    values["wilayah"] = encode(fake, how)
    values["nama"] = encode(extra["names"][first] or "Tanpa Nama", how)
    return [values[name] for name in plan.fields]
