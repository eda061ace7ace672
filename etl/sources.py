"""Find the input files under the raw folder and the ``sumber.yml`` defaults that apply to each."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from etl.normalize import SourceDefaults
from etl.readers import SUPPORTED_SUFFIXES

DEFAULTS_FILENAME = "sumber.yml"
#: Documentation and configuration that live beside the data and are not data.
NOT_DATA_SUFFIXES = {".md", ".yml", ".yaml", ".gitkeep", ".gitignore"}
DEFAULT_KEYS = {"wilayah", "pemilihan", "sumber", "kolom", "urutan_tanggal", "sintetis"}


@dataclass(frozen=True)
class InputFile:
    path: Path
    relpath: str  # relative to the raw folder, with "/" separators: what users see
    defaults: SourceDefaults
    problem: str | None = None  # set when the file cannot even be considered (unsupported, bad sumber.yml)


def _read_defaults(folder: Path, inherited: dict) -> tuple[dict, str | None]:
    path = folder / DEFAULTS_FILENAME
    if not path.is_file():
        return inherited, None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return inherited, f"{DEFAULTS_FILENAME} tidak valid: {str(exc)[:200]}"
    if not isinstance(data, dict):
        return inherited, f"{DEFAULTS_FILENAME} harus berisi pasangan kunci: nilai"
    unknown = set(data) - DEFAULT_KEYS
    merged = dict(inherited)
    for key in DEFAULT_KEYS & set(data):
        if key == "kolom":
            kolom = dict(inherited.get("kolom", {}))
            kolom.update({str(k): str(v) for k, v in (data["kolom"] or {}).items()})
            merged["kolom"] = kolom
        else:
            merged[key] = data[key]
    problem = f"{DEFAULTS_FILENAME}: kunci tidak dikenal {sorted(unknown)}" if unknown else None
    return merged, problem


def _to_defaults(d: dict) -> SourceDefaults:
    wilayah = d.get("wilayah")
    return SourceDefaults(
        wilayah=str(wilayah) if wilayah is not None else None,
        pemilihan=str(d["pemilihan"]) if d.get("pemilihan") else None,
        sumber=str(d["sumber"]) if d.get("sumber") else None,
        kolom=tuple(sorted((d.get("kolom") or {}).items())),
        urutan_tanggal=str(d.get("urutan_tanggal") or "dmy"),
        urutan_tanggal_ditetapkan=bool(d.get("urutan_tanggal")),
        sintetis=bool(d.get("sintetis", False)),
    )


def discover(raw_dir: Path) -> tuple[list[InputFile], list[str]]:
    """Every candidate data file, sorted by relative path (a deterministic order).

    Returns the files and warnings about ``sumber.yml`` files. Symlinked folders are
    not followed (a symlink loop cannot trap the run); symlinked files are read.
    """
    raw_dir = Path(raw_dir)
    files: list[InputFile] = []
    warnings: list[str] = []
    defaults_by_dir: dict[Path, dict] = {}
    for folder, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        folder_path = Path(folder)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        parent = defaults_by_dir.get(folder_path.parent, {}) if folder_path != raw_dir else {}
        current, problem = _read_defaults(folder_path, parent)
        if problem:
            warnings.append(f"{(folder_path / DEFAULTS_FILENAME).relative_to(raw_dir).as_posix()}: {problem}")
        defaults_by_dir[folder_path] = current
        for name in sorted(filenames):
            if name.startswith(".") or name == DEFAULTS_FILENAME:
                continue
            path = folder_path / name
            suffix = path.suffix.lower()
            if suffix in NOT_DATA_SUFFIXES:
                continue
            rel = path.relative_to(raw_dir).as_posix()
            issue = None
            if suffix not in SUPPORTED_SUFFIXES:
                issue = f"format berkas tidak didukung: {suffix or '(tanpa akhiran)'} (didukung: CSV/TSV/TXT, XLSX, JSON/JSONL)"
            elif not path.is_file():
                issue = "tautan simbolik rusak atau bukan berkas biasa"
            files.append(InputFile(path, rel, _to_defaults(current), issue))
    files.sort(key=lambda f: f.relpath)
    return files, warnings
