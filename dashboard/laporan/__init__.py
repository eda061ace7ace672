"""The monthly report (*Laporan bulanan*) as a page and as files.

- ``content``: what one month's report holds (KPIs with their change, table, notes), read from the warehouse.
- ``figures``: the report's charts; the Streamlit page and the files draw these same figures.
- ``document``: the report as one HTML document (a 1920x1080 page 1, the table, the notes).
- ``render``: that document in headless Chromium (Playwright) -> PDF (A4 landscape) and PNG (1920x1080).
- ``cli``: ``python -m laporan``, one report or a month's 39 (national + every province) with an index.
"""
