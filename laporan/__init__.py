"""``python -m laporan``: thin entry point; the code is in ``dashboard/laporan/``."""
