"""Input limits, configurable through the environment (read in :mod:`netralitas.config`) or ``Limits(...)`` in code.

Hostile or broken registers must not exhaust the machine: each limit turns into a
clear message in ``sumber``/``karantina`` instead of a crash.
"""

from __future__ import annotations

from dataclasses import dataclass

from netralitas import config

MB = 1024 * 1024


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
            max_file_bytes=config.limit("NETRALITAS_MAX_FILE_MB", 200) * MB,
            max_rows=config.limit("NETRALITAS_MAX_ROWS", 2_000_000),
            max_cell_chars=config.limit("NETRALITAS_MAX_CELL_CHARS", 20_000),
            max_columns=config.limit("NETRALITAS_MAX_COLUMNS", 500),
        )
