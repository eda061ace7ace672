"""Pantau Netralitas domain package: what the data *means*.

Shared by both sides of the one-way flow (``etl/`` writes, ``dashboard/`` reads):
the declared schema of the published tables (:mod:`netralitas.schema`), the
vocabulary kept as data files under ``referensi/`` (:mod:`netralitas.vocab`) and
configuration from the environment (:mod:`netralitas.config`). No Streamlit and
no ETL code lives here.
"""
