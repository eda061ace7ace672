"""Input limits, configurable through the environment (or ``Limits(...)`` in code).

Hostile or broken registers must not exhaust the machine: each limit turns into a
clear message in ``sumber``/``karantina`` instead of a crash.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MB = 1024 * 1024


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * MB  # NETRALITAS_MAX_FILE_MB
    max_rows: int = 2_000_000  # NETRALITAS_MAX_ROWS, data rows per file
    max_cell_chars: int = 20_000  # NETRALITAS_MAX_CELL_CHARS, longer cells quarantine their row
    max_columns: int = 500  # NETRALITAS_MAX_COLUMNS
    max_terlapor_per_row: int = 500  # a "Jumlah ASN" above this is not believed
    max_unzipped_bytes: int = 1024 * MB  # XLSX decompression-bomb guard
    max_zip_ratio: float = 200.0

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_file_bytes=_env_int("NETRALITAS_MAX_FILE_MB", 200) * MB,
            max_rows=_env_int("NETRALITAS_MAX_ROWS", 2_000_000),
            max_cell_chars=_env_int("NETRALITAS_MAX_CELL_CHARS", 20_000),
            max_columns=_env_int("NETRALITAS_MAX_COLUMNS", 500),
        )
