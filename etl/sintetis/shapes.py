"""What the synthetic files look like: the four input shapes, the fields and their order, the bad-row
kinds each shape can carry, and the date forms written (Indonesian names from referensi/kalender.yml)."""

from __future__ import annotations

import datetime as dt

from netralitas import vocab

SHAPES = ("xlsx", "csv_cp1252", "csv_utf8", "jsonl")
SUFFIX = {"xlsx": ".xlsx", "csv_cp1252": ".csv", "csv_utf8": ".csv", "jsonl": ".jsonl"}
BAD_KINDS = ("wilayah_tidak_dikenal", "subtotal", "judul_berulang", "jsonl_rusak", "tindak_lanjut_tanpa_register")
BAD_SHAPES = {
    "wilayah_tidak_dikenal": set(SHAPES),
    "subtotal": {"xlsx", "csv_cp1252", "csv_utf8"},
    "judul_berulang": {"xlsx", "csv_cp1252", "csv_utf8"},
    "jsonl_rusak": {"jsonl"},
    "tindak_lanjut_tanpa_register": {"xlsx"},  # only workbooks with a follow-up sheet
}
#: Canonical column order of a register; the first block is always written.
REQUIRED_FIELDS = ("tanggal_kejadian", "wilayah", "nama", "jabatan", "jenis_pelanggaran", "tahap", "sanksi")
FIELD_ORDER = (
    "no",
    "nomor_register",
    "tanggal_laporan",
    "tanggal_kejadian",
    "wilayah",
    "provinsi",
    "nama",
    "nip",
    "jabatan",
    "instansi",
    "jenis_pelanggaran",
    "uraian",
    "pemilihan",
    "jumlah",
    "sumber_jenis",
    "tahap",
    "rekomendasi",
    "sanksi",
    "tanggal_sanksi",
)
OUTCOME_FIELDS = ("tahap", "rekomendasi", "sanksi", "tanggal_sanksi")
#: Outcome codes, in the order of ``teks_tahap`` in sintetis.yml.
OUTCOMES = ("dalam_proses", "tidak_terbukti", "terbukti", "disanksi")
MARKER = ".sintetis.json"  # hidden: not data for the ETL; marks a folder this command may replace
FIXED_TIMESTAMP = "2025-01-01T00:00:00Z"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
EXCEL_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()

HARI = vocab.day_names()  # netralitas/referensi/kalender.yml
BULAN = ("", *vocab.month_names())  # index = month number
BLN = ("", *vocab.month_abbreviations())
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
ANGKA = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

DATE_FORMATS = {
    "dd/mm/yyyy": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "hari, d/m/yyyy": lambda d: f"{HARI[d.weekday()]}, {d.day}/{d.month}/{d.year}",
    "hari (dd/mm/yyyy)": lambda d: f"{HARI[d.weekday()]} ({d.day:02d}/{d.month:02d}/{d.year})",
    "d bln yyyy": lambda d: f"{d.day} {BLN[d.month]} {d.year}",
    "d bulan yyyy": lambda d: f"{d.day} {BULAN[d.month]} {d.year}",
    "hari, d bulan yyyy": lambda d: f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month]} {d.year}",
    "yyyy-mm-dd": lambda d: d.isoformat(),
    "dd-mm-yyyy": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    # month-only forms (a few rows): the ETL keeps month precision
    "bulan yyyy": lambda d: f"{BULAN[d.month]} {d.year}",
    "bln yyyy": lambda d: f"{BLN[d.month]} {d.year}",
}
DATE_FORMAT_NAMES = tuple(DATE_FORMATS)
MONTH_ONLY = (DATE_FORMAT_NAMES.index("bulan yyyy"), DATE_FORMAT_NAMES.index("bln yyyy"))
