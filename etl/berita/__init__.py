"""News intake: Indonesian news articles -> a draft media register for a person to review.

``python -m etl berita INPUT... --out FILE.csv`` reads articles (:mod:`etl.berita.masukan`),
drafts one row per case found with the sentence behind every field (:mod:`etl.berita.ekstrak`),
and writes a register that ``python -m etl run`` reads like any other (:mod:`etl.berita.keluaran`).
Nothing here guesses: a field the article does not settle stays empty.
"""

#: Written into every drafted row (column ``Versi Ekstraktor``); bump when the rules change.
VERSION = "berita-0.1"
