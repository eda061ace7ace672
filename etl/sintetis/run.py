"""Entry points: :func:`generate` (plan, write every office file, in forked processes for big sets,
then swap the folder in) and the ``python -m etl sintetis`` command."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from etl.sintetis.sampling import Generator, sample
from etl.sintetis.shapes import BAD_KINDS, MARKER, SHAPES
from etl.sintetis.writing import write_file
from netralitas import config

# ---------------------------------------------------------------- report


@dataclass
class SyntheticReport:
    """What was written and what the ETL will make of it."""

    out: Path
    seed: int
    expected_terlapor: int  # pelanggaran rows the ETL loads (= the requested N)
    input_rows: int  # rows the ETL counts in (sumber.baris_masuk): case + follow-up + bad rows
    expected_quarantined: int  # = the deliberately bad rows, and nothing else
    files_per_shape: dict[str, int]
    rows_per_shape: dict[str, int]  # case rows (before counts/name lists expand) per shape
    terlapor_per_shape: dict[str, int]
    case_rows: int
    follow_up_rows: int
    blank_rows: int  # skipped by the ETL (sumber.baris_dilewati)
    bad_rows: dict[str, int]
    offices: int  # office folders written (38 + 514)
    offices_with_rows: int
    bytes_written: int
    seconds: float

    @property
    def files(self) -> int:
        return sum(self.files_per_shape.values())

    def as_dict(self) -> dict:
        d = asdict(self)
        d["out"] = str(self.out)
        return d


# ---------------------------------------------------------------- entry points


_ACTIVE: tuple[Generator, Path] | None = None  # what forked writer processes work on


def _write_one(office: int) -> tuple[int, dict]:
    assert _ACTIVE is not None, "set by the parent before forking"
    g, root = _ACTIVE
    return office, write_file(g, root, g.plans[office])


def workers_for(terlapor: int) -> int:
    """Writer processes: ``NETRALITAS_SINTETIS_WORKERS``, else 2 for big sets where fork exists.
    Each file has its own random stream, so the bytes are the same whatever the count."""
    configured = config.synthetic_workers()
    if configured is not None:
        return configured
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return min(2, os.cpu_count() or 1) if forkable and terlapor >= 200_000 else 1


def _write_all(g: Generator, root: Path, todo: list[int]):
    """``(plan, stats)`` per office file, written here or by forked processes (biggest first)."""
    global _ACTIVE
    workers = workers_for(g.n)
    if workers <= 1 or len(todo) < 2:
        for office in todo:
            yield g.plans[office], write_file(g, root, g.plans[office])
        return
    order = sorted(todo, key=lambda i: -(int(g.bounds[i + 1]) - int(g.bounds[i])))
    _ACTIVE = (g, root)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for office, stats in pool.imap_unordered(_write_one, order, chunksize=4):
                yield g.plans[office], stats
    finally:
        _ACTIVE = None


def _prepare_target(out: Path) -> Path:
    """A fresh temporary folder beside ``out``. ``out`` itself may be missing, empty, or an
    earlier synthetic output (it has the marker); anything else is refused, never deleted."""
    if out.exists():
        if not out.is_dir():
            raise FileExistsError(f"{out} sudah ada dan bukan folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise FileExistsError(
                f"folder {out} sudah berisi berkas lain (bukan keluaran sintetis); pilih folder kosong"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.sintetis-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    return tmp


def _sumber_yml(seed: int, kode: str | None) -> str:
    lines = [f"# Data sintetis dari `python -m etl sintetis` (seed {seed}): BUKAN kasus nyata.", "sintetis: true"]
    if kode:
        lines.append(f'wilayah: "{kode}"  # kantor Bawaslu pemilik register ini')
    return "\n".join(lines) + "\n"


def generate(out: Path, terlapor: int, seed: int = 2024) -> SyntheticReport:
    """Write the synthetic national raw folder to ``out``; see the module docstring."""
    started = time.perf_counter()
    if terlapor < 1:
        raise ValueError("jumlah terlapor harus minimal 1")
    out = Path(out)
    tmp = _prepare_target(out)
    try:
        g = sample(terlapor, seed)
        (tmp / "sumber.yml").write_text(_sumber_yml(seed, None), encoding="utf-8")
        (tmp / MARKER).write_text(json.dumps({"terlapor": terlapor, "seed": seed}) + "\n", encoding="utf-8")
        files = dict.fromkeys(SHAPES, 0)
        rows_per_shape = dict.fromkeys(SHAPES, 0)
        terlapor_per_shape = dict.fromkeys(SHAPES, 0)
        bad: dict[str, int] = dict.fromkeys(BAD_KINDS, 0)
        follow = blank = size = with_rows = 0
        for plan in g.plans:
            o = g.world.offices[plan.office]
            folder = tmp / o.folder
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "sumber.yml").write_text(_sumber_yml(seed, o.kode), encoding="utf-8")
        # fewer terlapor than offices: some offices have no register
        todo = [plan.office for plan in g.plans if g.bounds[plan.office + 1] > g.bounds[plan.office]]
        for plan, stats in _write_all(g, tmp, todo):
            with_rows += 1
            files[plan.shape] += 1
            rows_per_shape[plan.shape] += stats["case_rows"]
            terlapor_per_shape[plan.shape] += stats["terlapor"]
            follow += stats["follow_up"]
            blank += stats["blank"]
            size += stats["bytes"]
            for kind, count in stats["bad"].items():
                bad[kind] += count
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    n_bad = sum(bad.values())
    case_rows = sum(rows_per_shape.values())
    return SyntheticReport(
        out=out,
        seed=seed,
        expected_terlapor=terlapor,
        input_rows=case_rows + follow + n_bad,
        expected_quarantined=n_bad,
        files_per_shape=files,
        rows_per_shape=rows_per_shape,
        terlapor_per_shape=terlapor_per_shape,
        case_rows=case_rows,
        follow_up_rows=follow,
        blank_rows=blank,
        bad_rows={k: v for k, v in bad.items() if v},
        offices=len(g.plans),
        offices_with_rows=with_rows,
        bytes_written=size,
        seconds=time.perf_counter() - started,
    )


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m etl sintetis",
        description="Tulis data mentah sintetis nasional (semua kantor Bawaslu, campuran bentuk berkas) untuk demo dan uji beban.",
    )
    parser.add_argument("--terlapor", type=int, required=True, help="jumlah baris terlapor yang akan dimuat ETL")
    parser.add_argument(
        "--seed", type=int, default=2024, help="benih acak (default 2024); seed sama = berkas sama persis"
    )
    parser.add_argument("--out", required=True, help="folder keluaran (kosong, atau keluaran sintetis sebelumnya)")
    args = parser.parse_args(argv)
    if args.terlapor < 1:
        parser.error("--terlapor harus minimal 1")
    try:
        report = generate(Path(args.out), args.terlapor, args.seed)
    except (FileExistsError, ValueError, OSError) as exc:
        print(f"GAGAL: {exc}", file=sys.stderr)
        return 1
    shapes = ", ".join(f"{s} {_fmt(n)}" for s, n in report.files_per_shape.items())
    bad = ", ".join(f"{k} {_fmt(v)}" for k, v in report.bad_rows.items())
    print(f"Data sintetis (seed {report.seed}) ditulis ke {report.out.resolve()}")
    print(f"  {_fmt(report.files)} berkas register ({shapes}) di {_fmt(report.offices)} folder kantor Bawaslu")
    print(
        f"  {_fmt(report.input_rows)} baris masuk ({_fmt(report.case_rows)} baris kasus, "
        f"{_fmt(report.follow_up_rows)} baris tindak lanjut, {_fmt(report.expected_quarantined)} baris rusak)"
    )
    print(
        f"  {_fmt(report.expected_terlapor)} terlapor akan dimuat; {_fmt(report.expected_quarantined)} baris "
        f"sengaja rusak akan dikarantina ({bad})"
    )
    print(f"  {report.bytes_written / 1e6:.1f} MB dalam {report.seconds:.1f} detik".replace(".", ","))
    print(f"Lanjutkan: python -m etl run --raw {args.out} --out <folder gudang>")
    return 0
